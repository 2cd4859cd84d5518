"""service/query/store.py: the embedded store reads the dataset a query names (FROM, FROM NAMED) or the protocol's."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
import pytest

from service.loading.load import merge_default_graph
from service.query.store import Dataset, EmbeddedStore, QuerySyntaxError, dataset_clauses

S, P, Q = ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.NamedNode("urn:q")
O1, O2, O3 = ox.Literal("o1"), ox.Literal("o2"), ox.Literal("o3")
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _count(store: EmbeddedStore, sparql: str = COUNT_ALL, **dataset: Any) -> int:
    return int(store.query(sparql, **dataset).records()[0]["n"])


# --- FROM, FROM NAMED and the protocol's graphs (Query §13.2, Protocol §2.1.4) ---------------------------------------

EX = "http://example.org/"
A, B, C = ox.NamedNode(EX + "a"), ox.NamedNode(EX + "b"), ox.NamedNode(EX + "c")
OBJECTS = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o"
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"


def _tiny() -> EmbeddedStore:
    # Graph a says o1, graph b says o1 and o2 (one shared triple), graph c says o3; merged as load_dataset does.
    store = ox.Store()
    store.extend([ox.Quad(S, P, O1, A), ox.Quad(S, P, O1, B), ox.Quad(S, P, O2, B), ox.Quad(S, Q, O3, C)])
    merge_default_graph(store)
    return EmbeddedStore(Dataset(store=store, version="tiny", files=()))


def _objects(store: EmbeddedStore, sparql: str = OBJECTS, **dataset: Any) -> list[str]:
    return [row["o"] for row in store.query(sparql, **dataset).records()]


def _graphs(store: EmbeddedStore, sparql: str = GRAPHS, **dataset: Any) -> list[str]:
    return [row["g"] for row in store.query(sparql, **dataset).records()]


def test_without_a_dataset_the_default_graph_is_the_merge_and_every_graph_is_named() -> None:
    store = _tiny()
    assert _objects(store) == ["o1", "o2", "o3"]
    assert _graphs(store) == [A.value, B.value, C.value]


def test_from_one_graph() -> None:
    store = _tiny()
    assert _objects(store, f"SELECT ?o FROM <{C.value}> WHERE {{ ?s ?p ?o }}") == ["o3"]


def test_from_several_graphs_is_their_merge() -> None:
    store = _tiny()
    assert _objects(store, f"SELECT ?o FROM <{A.value}> FROM <{B.value}> WHERE {{ ?s ?p ?o }} ORDER BY ?o") == [
        "o1",
        "o2",
    ]
    count = f"SELECT (COUNT(*) AS ?n) FROM <{A.value}> FROM <{B.value}> FROM <{A.value}> WHERE {{ ?s ?p ?o }}"
    assert _count(store, count) == 2


def test_from_alone_names_no_graph() -> None:
    store = _tiny()
    assert _graphs(store, f"SELECT ?g FROM <{A.value}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}") == []
    assert _graphs(store, f"SELECT ?g FROM <{A.value}> FROM <{B.value}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}") == []


def test_from_named_alone_leaves_the_default_graph_empty() -> None:
    store = _tiny()
    assert _count(store, f"SELECT (COUNT(*) AS ?n) FROM NAMED <{A.value}> WHERE {{ ?s ?p ?o }}") == 0
    assert _graphs(store, f"SELECT DISTINCT ?g FROM NAMED <{A.value}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}") == [A.value]


def test_from_and_from_named_together() -> None:
    store = _tiny()
    query = (
        f"SELECT ?o ?g FROM <{A.value}> FROM <{B.value}> FROM NAMED <{C.value}>"
        " WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } ORDER BY ?o"
    )
    rows = store.query(query).records()
    assert rows == [{"o": "o1"}, {"o": "o2"}, {"o": "o3", "g": C.value}]


def test_from_with_prefixed_names_and_a_base() -> None:
    store = _tiny()
    prefixed = f"PREFIX ex: <{EX}> SELECT ?o FROM ex:a FROM ex:b WHERE {{ ?s ?p ?o }} ORDER BY ?o"
    assert _objects(store, prefixed) == ["o1", "o2"]
    relative = f"BASE <{EX}> SELECT (COUNT(*) AS ?n) FROM <a> FROM <b> WHERE {{ ?s ?p ?o }}"
    assert _count(store, relative) == 2


def test_from_in_a_string_or_a_comment_is_not_a_dataset_clause() -> None:
    store = _tiny()
    query = f'SELECT ?o WHERE {{ ?s ?p ?o FILTER(?o != "FROM <{A.value}>") }} # FROM <{C.value}>\nORDER BY ?o'
    assert _objects(store, query) == ["o1", "o2", "o3"]


def test_protocol_graphs_replace_the_querys_dataset() -> None:
    store = _tiny()
    query = f"SELECT ?o FROM <{C.value}> WHERE {{ ?s ?p ?o }} ORDER BY ?o"
    assert _objects(store, query, default_graphs=[A.value, B.value]) == ["o1", "o2"]
    assert _objects(store, query, default_graphs=[B.value]) == ["o1", "o2"]
    assert _graphs(store, default_graphs=[A.value, B.value]) == []  # no named-graph-uri: no named graph
    assert _graphs(store, default_graphs=[A.value], named_graphs=[B.value, C.value]) == [B.value, C.value]


def test_protocol_named_graphs_alone_leave_the_default_graph_empty() -> None:
    store = _tiny()
    assert _objects(store, named_graphs=[A.value]) == []
    assert _graphs(store, named_graphs=[A.value]) == [A.value]


def test_ask_and_construct_read_the_same_dataset() -> None:
    store = _tiny()
    construct = f"CONSTRUCT {{ ?s ?p ?o }} FROM <{A.value}> FROM <{B.value}> WHERE {{ ?s ?p ?o }}"
    assert len(store.query(construct).triples) == 2
    assert store.query(f"ASK FROM <{C.value}> {{ ?s <urn:p> ?o }}").boolean is False


def test_dataset_clauses_reads_the_iris_of_from_and_from_named() -> None:
    query = f"PREFIX ex: <{EX}>\nBASE <{EX}>\nSELECT * FROM ex:a FROM <b> FROM NAMED <c> WHERE {{ ?s ?p 'FROM' }}"
    assert dataset_clauses(query) == ((A.value, B.value), (C.value,))
    assert dataset_clauses("SELECT * WHERE { ?from ?p ex:from }") is None
    glued = f"SELECT * FROM<{EX}a>FROMNAMED<{EX}c>WHERE {{ }}"  # the engine needs no space here
    assert dataset_clauses(glued) == ((A.value,), (C.value,))


# --- Errors and counts ------------------------------------------------------------------------------------------------


def test_a_query_the_engine_cannot_parse_says_where() -> None:
    store = EmbeddedStore(Dataset(store=ox.Store(), version="empty", files=()))
    with pytest.raises(QuerySyntaxError) as caught:
        store.query("SELECT * WHERE { ?s ?p }")
    assert (caught.value.line, caught.value.column) == (1, 25)


def test_the_triple_count_counts_each_graphs_claims_not_their_merge() -> None:
    store = ox.Store()
    store.extend([ox.Quad(S, P, O1, ox.NamedNode("urn:g1")), ox.Quad(S, P, O1, ox.NamedNode("urn:g2"))])
    merge_default_graph(store)
    assert EmbeddedStore(Dataset(store=store, version="two", files=())).triple_count() == 2


def test_a_row_limit_keeps_the_first_rows_and_says_it_cut() -> None:
    store = EmbeddedStore(Dataset(store=ox.Store(), version="empty", files=()))
    result = store.query("SELECT ?x WHERE { VALUES ?x { 1 2 3 } }", max_rows=2)
    assert (len(result), result.truncated) == (2, True)
    assert store.query("SELECT ?x WHERE { VALUES ?x { 1 2 } }", max_rows=2).truncated is False
