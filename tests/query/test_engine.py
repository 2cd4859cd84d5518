"""service/query/engine.py: the project's own queries on the default graph (the merge), values bound, not spliced."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from service.query.engine import XSD, construct, is_true, reads_union, records, select, serialize

S, P = ox.NamedNode("urn:s"), ox.NamedNode("urn:p")
O1, O2 = ox.Literal("o1"), ox.Literal("o2")
G1, G2 = ox.NamedNode("urn:g1"), ox.NamedNode("urn:g2")


def _store(*quads: ox.Quad) -> ox.Store:
    store = ox.Store()
    store.extend(quads)
    return store


def test_a_store_with_an_empty_default_graph_reads_the_union_of_its_graphs() -> None:
    store = _store(ox.Quad(S, P, O1, G1), ox.Quad(S, P, O2, G2))
    assert reads_union(store)
    assert sorted(row["o"] for row in records(store, "SELECT ?o WHERE { ?s ?p ?o }")) == ["o1", "o2"]


def test_a_store_with_a_default_graph_reads_only_it() -> None:
    store = _store(ox.Quad(S, P, O1, G1), ox.Quad(S, P, O2))
    assert not reads_union(store)
    assert records(store, "SELECT ?o WHERE { ?s ?p ?o }") == [{"o": "o2"}]


def test_iris_are_bound_to_variables() -> None:
    store = _store(ox.Quad(S, P, O1, G1), ox.Quad(ox.NamedNode("urn:other"), P, O2, G1))
    rows = select(store, "SELECT ?s ?o WHERE { ?s ?p ?o }", {"s": S.value})
    assert [(row["s"], row["o"]) for row in rows] == [(S, O1)]


def test_a_bound_value_is_an_iri_never_query_text() -> None:
    store = _store(ox.Quad(S, P, O1, G1))
    with pytest.raises(ValueError, match="Invalid IRI"):
        select(store, "SELECT ?s ?o WHERE { ?s ?p ?o }", {"s": "urn:s> ?p ?o } #"})


def test_records_leave_out_unbound_variables() -> None:
    store = _store(ox.Quad(S, P, O1, G1))
    assert records(store, "SELECT ?o ?missing WHERE { ?s ?p ?o }") == [{"o": "o1"}]


def test_select_and_construct_refuse_the_other_form() -> None:
    store = _store(ox.Quad(S, P, O1, G1))
    with pytest.raises(TypeError, match="expected a SELECT"):
        select(store, "ASK { ?s ?p ?o }")
    with pytest.raises(TypeError, match="expected a CONSTRUCT"):
        construct(store, "SELECT * WHERE { ?s ?p ?o }")
    assert list(construct(store, "CONSTRUCT WHERE { ?s ?p ?o }")) == [ox.Triple(S, P, O1)]


@pytest.mark.parametrize(
    ("value", "expected"), [("true", True), ("1", True), ("false", False), ("0", False), (None, False)]
)
def test_is_true_reads_booleans_as_stores_write_them(value: str | None, expected: bool) -> None:
    assert is_true(value) is expected


def test_a_store_is_serialised_as_its_named_graphs_only() -> None:
    store = _store(ox.Quad(S, P, O1, G1), ox.Quad(S, P, O1))  # the default graph: derived, never written
    quads = list(ox.parse(serialize(store, ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS))
    assert quads == [ox.Quad(S, P, O1, G1)]


def test_the_xsd_namespace_is_read_from_the_engine() -> None:
    assert XSD == "http://www.w3.org/2001/XMLSchema#"
