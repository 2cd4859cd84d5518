"""The answers' shapes: the node types an answer may name are the drawn ones, and a shape is what as_json() gives."""

from __future__ import annotations

from typing import get_args

from service.knowledge.answers import NodeType, SimilarMatch
from service.knowledge.neighbourhood import NODE_TYPES, Node
from service.knowledge.similarity import Match


def test_the_node_types_an_answer_may_name_are_the_drawn_ones_and_other() -> None:
    assert list(get_args(NodeType)) == [*(name for name, _ in NODE_TYPES), "other"]


def test_a_node_without_a_drawn_type_is_other() -> None:
    assert Node("http://e/x", "x", ()).as_json() == {
        "id": "http://e/x",
        "label": "x",
        "type": "other",
        "types": [],
        "iri": "http://e/x",
    }


def test_a_match_gives_every_key_of_its_shape() -> None:
    match = Match("https://w3id.org/stackatlas/id/flask", "flask", "Flask", 0.5, ("both Python",), (), ())
    assert set(match.as_json()) == set(SimilarMatch.__annotations__)
