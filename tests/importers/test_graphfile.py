"""service/importers/graphfile.py: the same quads always give the same bytes; a file is written whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from service import vocab
from service.importers.graphfile import (
    GraphFile,
    boolean,
    decimal,
    integer,
    node,
    path_slug,
    write_atomically,
)
from service.importers.snapshot import ImportFailure

GRAPH = vocab.CURATION + "/test"
FLASK, DJANGO = node("flask"), node("django")
LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")


def _quads(body: bytes) -> set[ox.Quad]:
    return set(ox.parse(body, format=ox.RdfFormat.TRIG))


def test_the_same_quads_added_in_any_order_give_the_same_bytes() -> None:
    first, second = GraphFile("made by a test"), GraphFile("made by a test")
    first.add(GRAPH, FLASK, LABEL, ox.Literal("Flask"))
    first.add(GRAPH, DJANGO, LABEL, ox.Literal("Django"))
    second.describe(GRAPH, DJANGO, [(LABEL, ox.Literal("Django"))])
    second.add(GRAPH, FLASK, LABEL, ox.Literal("Flask"))
    assert first.serialize() == second.serialize()


def test_each_statement_lands_in_its_named_graph_under_the_header() -> None:
    graph = GraphFile("made by a test\n\nsecond paragraph")
    graph.add(GRAPH, FLASK, LABEL, ox.Literal("Flask"))
    body = graph.serialize()
    assert body.startswith(b"# made by a test\n#\n# second paragraph\n\n")
    assert _quads(body) == {ox.Quad(FLASK, LABEL, ox.Literal("Flask"), ox.NamedNode(GRAPH))}


@pytest.mark.parametrize(
    ("path", "slug"), [("Python/flask", "Python/flask"), ("C++/drogon", "Cpp/drogon"), ("C#/a b", "Csharp/a-b")]
)
def test_a_path_slug_keeps_to_letters_digits_and_a_few_marks(path: str, slug: str) -> None:
    assert path_slug(path) == slug


def test_literals_have_their_xsd_datatypes() -> None:
    xsd = vocab.PREFIXES["xsd"]
    assert decimal(0.00001) == ox.Literal("0.00001", datatype=ox.NamedNode(xsd + "decimal"))
    assert integer(3) == ox.Literal("3", datatype=ox.NamedNode(xsd + "integer"))
    assert boolean(False) == ox.Literal("false", datatype=ox.NamedNode(xsd + "boolean"))


def test_a_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.trig"
    target.write_bytes(b"old")
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.trig"]


def test_a_file_that_cannot_be_written_leaves_nothing_and_is_named(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure, match=r"out\.trig: cannot write"):
        write_atomically(tmp_path / "missing-folder" / "out.trig", b"new")
    assert list(tmp_path.iterdir()) == []
