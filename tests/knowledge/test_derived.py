"""What the graph knows, added to it as data when a dataset loads: similarity, as triples SPARQL can read."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from service import vocab
from service.knowledge.derived import SIMILARITY, load_known_dataset, prepare_similarity, similarity_as_data
from service.query.store import Dataset

SA = vocab.ONTOLOGY
# A and B alike (Py, Micro, APIs); C of another language, use case and style.
TINY = """@prefix sa: <https://w3id.org/stackatlas/ontology#> .
@prefix id: <https://w3id.org/stackatlas/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
id:a a sa:Framework ; rdfs:label "A" ; sa:language id:py ; sa:suitedFor id:apis ; sa:style id:micro .
id:b a sa:Framework ; rdfs:label "B" ; sa:language id:py ; sa:suitedFor id:apis ; sa:style id:micro .
id:c a sa:Framework ; rdfs:label "C" ; sa:language id:js ; sa:suitedFor id:sites ; sa:style id:full .
"""
SIMILAR_TO = ox.NamedNode(SA + "similarTo")


def tiny_store() -> ox.Store:
    store = ox.Store()
    store.load(TINY.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(vocab.iri_for("graph/tiny")))
    return store


def pairs(quads: list[ox.Quad]) -> set[tuple[str, str]]:
    return {(vocab.slug_of(q.subject.value), vocab.slug_of(q.object.value)) for q in quads if q.predicate == SIMILAR_TO}


def test_similarity_as_data_is_each_frameworks_nearest_in_the_similarity_graph() -> None:
    found = similarity_as_data(tiny_store())
    assert pairs(found) == {("a", "b"), ("b", "a")}
    assert {q.graph_name.value for q in found} == {vocab.SIMILARITY_GRAPH}


def test_a_loaded_dataset_holds_similarity_as_data(tmp_path: Path) -> None:
    (tmp_path / "tiny.ttl").write_text(TINY)
    dataset: Dataset = load_known_dataset(tmp_path, check=False)
    graph = ox.NamedNode(vocab.SIMILARITY_GRAPH)
    assert pairs(list(dataset.store.quads_for_pattern(None, SIMILAR_TO, None, graph))) == {("a", "b"), ("b", "a")}


def test_the_derivation_names_its_graph_and_prepares_its_module() -> None:
    assert SIMILARITY.graph == vocab.SIMILARITY_GRAPH
    assert SIMILARITY.quads is similarity_as_data
    assert prepare_similarity().__name__ == "service.knowledge.similarity_data"
