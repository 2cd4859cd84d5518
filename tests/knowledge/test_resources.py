"""knowledge/resources.py: a resource's statements, grouped by predicate, each with the section that says it."""

from __future__ import annotations

import pyoxigraph as ox

from service import vocab
from service.knowledge.catalog import Catalog
from service.knowledge.resources import description, statements

FLASK, PYTHON, DJANGO = (ox.NamedNode(vocab.iri_for(slug)) for slug in ("flask", "python", "django"))
SECTION = ox.NamedNode(vocab.iri_for("source/article/flask"))
LABEL, LANGUAGE, SIMILAR = (
    ox.NamedNode(iri) for iri in (vocab.RDFS_LABEL, vocab.ONTOLOGY + "language", vocab.ONTOLOGY + "similarTo")
)


def _store() -> ox.Store:
    # Each claim in its section's graph and in the default graph, their merge, as loading/load.py holds them.
    store = ox.Store()
    for triple in (
        ox.Triple(FLASK, LABEL, ox.Literal("Flask")),
        ox.Triple(FLASK, LANGUAGE, PYTHON),
        ox.Triple(PYTHON, LABEL, ox.Literal("Python")),
        ox.Triple(DJANGO, SIMILAR, FLASK),
    ):
        store.add(ox.Quad(*triple, SECTION))
        store.add(ox.Quad(*triple, ox.DefaultGraph()))
    return store


def test_statements_group_values_by_predicate_with_labels_and_sources() -> None:
    store = _store()
    said = statements(store, Catalog(store), FLASK.value)
    assert said.label == "Flask"
    assert list(said.outgoing) == ["rdfs:label", "sa:language"]
    [python] = said.outgoing["sa:language"]
    assert (python["id"], python["label"], python["local"]) == ("python", "Python", True)
    assert python["source"]["iri"] == SECTION.value
    assert said.outgoing["rdfs:label"][0]["literal"] == "Flask"
    [django] = said.incoming["sa:similarTo"]
    assert django["id"] == "django" and django["source"] is None


def test_a_resource_the_graph_says_nothing_about_is_empty() -> None:
    store = _store()
    said = statements(store, Catalog(store), vocab.iri_for("nosuch"))
    assert said.empty and said.label is None
    assert description(store, vocab.iri_for("nosuch")) == []


def test_the_description_holds_what_it_says_and_what_points_to_it() -> None:
    triples = set(description(_store(), FLASK.value))
    assert ox.Triple(FLASK, LANGUAGE, PYTHON) in triples
    assert ox.Triple(DJANGO, SIMILAR, FLASK) in triples
    assert ox.Triple(PYTHON, LABEL, ox.Literal("Python")) not in triples
