"""The knowledge graph as a networkx graph: resources are nodes with labels and types, IRI-to-IRI statements edges."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from service import vocab
from service.knowledge.network import knowledge_network

SA = vocab.ONTOLOGY
TINY = """@prefix sa: <https://w3id.org/stackatlas/ontology#> .
@prefix id: <https://w3id.org/stackatlas/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
id:flask a sa:Framework ; rdfs:label "Flask" ; sa:language id:python ; sa:builtOn id:werkzeug ;
  sa:suitedFor id:apis ; sa:stars 70000 .
id:python a sa:ProgrammingLanguage ; rdfs:label "Python" , "CPython" ; skos:inScheme id:languages .
id:werkzeug rdfs:label "Werkzeug" .
"""
FLASK, PYTHON, WERKZEUG, APIS = (vocab.iri_for(slug) for slug in ("flask", "python", "werkzeug", "apis"))


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    store.load(TINY.encode(), format=ox.RdfFormat.TURTLE)
    return store


def test_labelled_resources_are_nodes_with_their_least_label_and_types(store: ox.Store) -> None:
    network = knowledge_network(store)
    assert network.nodes[FLASK] == {"label": "Flask", "types": SA + "Framework"}
    assert network.nodes[PYTHON] == {"label": "CPython", "types": SA + "ProgrammingLanguage"}
    assert network.nodes[WERKZEUG] == {"label": "Werkzeug", "types": ""}


def test_iri_to_iri_statements_are_edges_but_types_and_schemes_are_not(store: ox.Store) -> None:
    network = knowledge_network(store)
    edges = {(s, o, data["predicate"]) for s, o, data in network.edges(data=True)}
    assert edges == {
        (FLASK, PYTHON, "sa:language"),
        (FLASK, WERKZEUG, "sa:builtOn"),
        (FLASK, APIS, "sa:suitedFor"),
    }
    assert network.nodes[APIS] == {"label": "id:apis", "types": ""}  # no label: its prefixed name


def test_only_the_predicates_asked_for_are_read(store: ox.Store) -> None:
    network = knowledge_network(store, [SA + "builtOn"])
    assert [(s, o) for s, o in network.edges()] == [(FLASK, WERKZEUG)]
    assert APIS not in network
    assert list(network.get_edge_data(FLASK, WERKZEUG)) == [SA + "builtOn"]  # keyed by predicate
