"""Similarity as data: each framework's nearest neighbours written as triples, one scored node per pair."""

from __future__ import annotations

import pyoxigraph as ox

from service import vocab
from service.knowledge.similarity import MAX_FRAMEWORKS_AS_DATA, Attribute, SimilarityIndex
from service.knowledge.similarity_data import similarity_quads

SA = vocab.ONTOLOGY
GRAPH = vocab.iri_for("graph/similarity-test")
PY, JS = ("language", vocab.iri_for("py")), ("language", vocab.iri_for("js"))
MICRO, FULL = ("style", vocab.iri_for("micro")), ("style", vocab.iri_for("full"))
APIS, SITES = ("use_case", vocab.iri_for("apis")), ("use_case", vocab.iri_for("sites"))
ORM = ("feature", vocab.iri_for("orm"))


def index(frameworks: dict[str, set[Attribute]]) -> SimilarityIndex:
    """An index of frameworks by slug, each labelled by its slug in capitals."""
    labels = {vocab.iri_for(slug): slug.upper() for slug in frameworks}
    return SimilarityIndex({vocab.iri_for(slug): attrs for slug, attrs in frameworks.items()}, labels)


def node(slug: str) -> ox.NamedNode:
    return ox.NamedNode(vocab.iri_for(slug))


def test_two_alike_frameworks_are_similar_both_ways_with_one_scored_node() -> None:
    # A and B share Py, Micro and APIs (3 + 2 + 2 = 7); B also has an ORM (1.5): 7 / 8.5. C shares nothing.
    found = similarity_quads(
        index({"a": {PY, MICRO, APIS}, "b": {PY, MICRO, APIS, ORM}, "c": {JS, FULL, SITES}}), GRAPH
    )
    triples = {(q.subject, q.predicate, q.object) for q in found}
    similar_to, between = ox.NamedNode(SA + "similarTo"), ox.NamedNode(SA + "between")
    pair = node("similarity/a--b")
    decimal = ox.NamedNode(vocab.PREFIXES["xsd"] + "decimal")
    assert triples == {
        (node("a"), similar_to, node("b")),
        (node("b"), similar_to, node("a")),
        (pair, ox.NamedNode(vocab.RDF_TYPE), ox.NamedNode(SA + "Similarity")),
        (pair, between, node("a")),
        (pair, between, node("b")),
        (pair, ox.NamedNode(SA + "score"), ox.Literal("0.8235", datatype=decimal)),
        *((pair, ox.NamedNode(SA + "sharedAttribute"), ox.NamedNode(iri)) for _, iri in (PY, MICRO, APIS)),
    }
    assert len(found) == len(triples)  # the pair's node written once, not once from each side
    assert {q.graph_name for q in found} == {ox.NamedNode(GRAPH)}


def test_k_keeps_each_frameworks_nearest() -> None:
    frameworks = {"a": {PY, MICRO, APIS}, "b": {PY, MICRO, APIS, ORM}, "c": {PY, MICRO, SITES}}
    similar_to = ox.NamedNode(SA + "similarTo")
    nearest = {
        (q.subject, q.object) for q in similarity_quads(index(frameworks), GRAPH, k=1) if q.predicate == similar_to
    }
    assert nearest == {(node("a"), node("b")), (node("b"), node("a")), (node("c"), node("a"))}


def test_past_a_size_similarity_is_not_written_as_data() -> None:
    many = {f"f{n}": {PY, MICRO} for n in range(MAX_FRAMEWORKS_AS_DATA + 1)}
    assert similarity_quads(index(many), GRAPH) == []
