"""knowledge/examples.py: every query the SPARQL editor offers runs on the bundled graph and answers something."""

from __future__ import annotations

import pytest

from service import vocab
from service.knowledge.examples import EXAMPLES, example
from service.query.store import EmbeddedStore


@pytest.mark.parametrize("shown", EXAMPLES, ids=[each.title for each in EXAMPLES])
def test_each_example_answers_on_the_bundled_graph(store: EmbeddedStore, shown) -> None:
    result = store.query(shown.query)
    assert len(result) > 0, shown.title


def test_an_example_declares_only_the_prefixes_it_uses_before_its_query() -> None:
    flask = example("Everything about Flask as a graph (CONSTRUCT)")
    assert flask.query == vocab.sparql_prefixes(("id",)) + flask.body


def test_the_python_api_example_answers_the_python_api_frameworks(store: EmbeddedStore) -> None:
    rows = store.query(example("Python frameworks suited to APIs, only from what the article says").query).rows
    assert [row["label"].value for row in rows] == ["FastAPI", "Flask"]


def test_an_unknown_title_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        example("no such example")
