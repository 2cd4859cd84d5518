"""Everything derived from one dataset to answer requests: each part built on first use, once, from its store."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from service import vocab
from service.knowledge import facade
from service.knowledge.facade import Knowledge
from service.query.store import Dataset, EmbeddedStore

# Two Python frameworks, one built on the other; two sources disagree on Cowboy's language.
TINY = """@prefix sa: <https://w3id.org/stackatlas/ontology#> .
@prefix id: <https://w3id.org/stackatlas/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dct: <http://purl.org/dc/terms/> .
id:meta {
  id:a1 dct:isPartOf id:source-a ; rdfs:label "a.yaml line 1" .
  id:b1 dct:isPartOf id:source-b ; rdfs:label "b.yaml line 1" .
  id:flask a sa:Framework ; rdfs:label "Flask" .
  id:quart a sa:Framework ; rdfs:label "Quart" .
  id:cowboy a sa:Framework ; rdfs:label "Cowboy" .
  id:python a sa:ProgrammingLanguage ; rdfs:label "Python" .
  id:erlang a sa:ProgrammingLanguage ; rdfs:label "Erlang" .
  id:elixir a sa:ProgrammingLanguage ; rdfs:label "Elixir" .
}
id:a1 {
  id:flask sa:language id:python .
  id:quart sa:language id:python ; sa:builtOn id:flask .
  id:cowboy sa:language id:erlang .
}
id:b1 { id:cowboy sa:language id:elixir . }
"""
FLASK, QUART, COWBOY = (vocab.iri_for(slug) for slug in ("flask", "quart", "cowboy"))


@pytest.fixture
def knowledge() -> Knowledge:
    store = ox.Store()
    store.load(TINY.encode(), format=ox.RdfFormat.TRIG)
    return Knowledge(EmbeddedStore(Dataset(store, "tiny-1", ())))


def test_the_knowledge_is_of_one_dataset_version(knowledge: Knowledge) -> None:
    assert knowledge.version == "tiny-1"


def test_each_part_is_built_once_and_the_lexicon_reads_the_catalog(knowledge: Knowledge) -> None:
    assert knowledge.catalog is knowledge.catalog
    assert knowledge.lexicon.catalog is knowledge.catalog
    assert knowledge.similarity is knowledge.similarity
    assert [term.label for term in knowledge.catalog.of_facet("language")] == ["Elixir", "Erlang", "Python"]


def test_the_parts_read_the_datasets_graph(knowledge: Knowledge) -> None:
    assert knowledge.similarity.frameworks == [COWBOY, FLASK, QUART]
    assert knowledge.overview.frameworks == 3
    found = knowledge.paths.paths(QUART, FLASK)
    assert [[step["id"] for step in path[::2]] for path in found] == [["quart", "flask"], ["quart", "python", "flask"]]
    assert knowledge.figures.levels == []  # no benchmark run in this graph
    assert (knowledge.popularity.years, knowledge.popularity.record(FLASK)) == ([], None)  # no survey either
    assert knowledge.lifecycles.of(FLASK) == []


def test_the_disagreements_are_found_once_and_asked_of_one_framework(knowledge: Knowledge) -> None:
    assert [(c.label, c.field) for c in knowledge.conflicts] == [("Cowboy", "language")]
    assert knowledge.conflicts_of(None) == list(knowledge.conflicts)
    assert knowledge.conflicts_of(COWBOY) == list(knowledge.conflicts)
    assert knowledge.conflicts_of(FLASK) == []


def test_a_small_graph_is_warmed_before_the_workers_fork(knowledge: Knowledge) -> None:
    assert knowledge.warm() is True


def test_past_a_size_nothing_is_built_ahead(knowledge: Knowledge, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(facade, "EAGER_FRAMEWORKS", 2)
    assert knowledge.warm() is False
