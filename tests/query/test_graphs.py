"""service/query/graphs.py: the dataset a query reads (FROM, FROM NAMED, the protocol's), and which store answers."""

from __future__ import annotations

import dataclasses
from typing import Any

import pyoxigraph as ox
import pytest

from service import vocab
from service.loading.merge import merge_default_graph, merge_store
from service.query.engine import XSD
from service.query.graphs import dataset_clauses, names_graphs
from service.query.store import Dataset, EmbeddedStore, QuerySyntaxError

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
    # Graph a says o1, graph b says o1 and o2 (one shared triple), graph c says o3; merged as load_dataset does,
    # the merge also held alone for the queries that name no graph.
    store = ox.Store()
    store.extend([ox.Quad(S, P, O1, A), ox.Quad(S, P, O1, B), ox.Quad(S, P, O2, B), ox.Quad(S, Q, O3, C)])
    merge_default_graph(store)
    return EmbeddedStore(Dataset(store=store, version="tiny", files=(), merge=merge_store(store)))


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


# --- The merge held alone: where a query that names no graph is answered ---------------------------------------------


def _marked() -> EmbeddedStore:
    # The merge store holds one triple more than the store's default graph: an answer that has it came from there.
    store = _tiny()
    merge = merge_store(store.dataset.store)
    merge.add(ox.Quad(S, P, ox.Literal("marker")))
    return EmbeddedStore(Dataset(store=store.dataset.store, version="marked", files=(), merge=merge))


@pytest.mark.parametrize(
    "sparql",
    [
        OBJECTS,
        'SELECT ?o WHERE { ?s ?p ?o FILTER(?o != "graph") } ORDER BY ?o',  # the word in a string
        "SELECT ?o WHERE { ?s ?p ?o . ?s ?p ?graph } ORDER BY ?o  # no graph named",  # a variable, a comment
        "PREFIX ex: <urn:graph:> SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o",  # in an IRI
    ],
)
def test_a_query_naming_no_graph_is_answered_by_the_merge_alone(sparql: str) -> None:
    assert "marker" in _objects(_marked(), sparql)


@pytest.mark.parametrize(
    ("sparql", "dataset"),
    [
        ("SELECT ?o WHERE { ?s ?p ?o FILTER EXISTS { GRAPH ?g { ?s ?p ?o } } } ORDER BY ?o", {}),
        ("select ?o where { ?s ?p ?o optional { graph ?g { ?s ?p ?o } } } order by ?o", {}),
        ("SELECT ?o WHERE { ?s ?p ?o . BIND(1 AS ?one)GRAPH ?g { } } ORDER BY ?o", {}),
        (f"SELECT ?o FROM <{A.value}> FROM <{B.value}> WHERE {{ ?s ?p ?o }} ORDER BY ?o", {}),
        (OBJECTS, {"default_graphs": [A.value, B.value, C.value]}),
    ],
)
def test_a_query_that_names_graphs_or_chooses_them_reads_the_whole_store(sparql: str, dataset: Any) -> None:
    assert "marker" not in _objects(_marked(), sparql, **dataset)


NAMED_ONLY = ox.NamedNode("urn:named-only")
# A keyword glued to what comes before it, as the engine reads it: after a number, a boolean, a bracket.
GLUED = ["", " ", "true", "false", "1", "1.", "1e1", ".5", "0.5", "}", ")", "<urn:x>", '"s"', "?v ", "_:b "]


@pytest.mark.parametrize("before", GLUED)
@pytest.mark.parametrize("spelled", ["GRAPH", "graph", "GrApH"])
def test_graph_glued_to_anything_the_engine_reads_still_reaches_the_named_graphs(before: str, spelled: str) -> None:
    # Objects the glued pattern can match, in the default graph; one more triple in a named graph only.
    store = ox.Store()
    for value in (ox.Literal(True), ox.Literal(1), ox.Literal("1e1", datatype=ox.NamedNode(XSD + "double"))):
        store.add(ox.Quad(S, P, value, A))
    for value in (ox.Literal("0.5", datatype=ox.NamedNode(XSD + "decimal")), ox.Literal("s")):
        store.add(ox.Quad(S, P, value, A))
    store.add(ox.Quad(S, Q, NAMED_ONLY, B))
    merge_default_graph(store)
    sparql = f"SELECT ?x WHERE {{ OPTIONAL {{ ?s ?p {before}{spelled} ?g {{ ?a <urn:q> ?x }} }} }}"
    whole = EmbeddedStore(Dataset(store=store, version="whole", files=()))
    routed = EmbeddedStore(Dataset(store=store, version="routed", files=(), merge=merge_store(store)))
    try:
        expected = whole.query(sparql).records()
    except QuerySyntaxError:
        with pytest.raises(QuerySyntaxError):
            routed.query(sparql)
        return
    assert routed.query(sparql).records() == expected
    assert names_graphs(sparql)


def test_the_bundled_graph_answers_alike_with_its_merge_alone_or_not(dataset: Dataset) -> None:
    assert dataset.merge is not None  # its sources repeat claims: the default graph is a copy
    routed, whole = EmbeddedStore(dataset), EmbeddedStore(dataclasses.replace(dataset, merge=None))
    queries = [
        COUNT_ALL,
        "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n) ?type",
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isBlank(?s)) } ORDER BY ?s ?p ?o LIMIT 50",
        f"DESCRIBE <{vocab.BASE}django>",
    ]
    for sparql in queries:
        assert not names_graphs(sparql)
        mine, theirs = routed.query(sparql), whole.query(sparql)
        assert (mine.records(), sorted(map(str, mine.triples))) == (theirs.records(), sorted(map(str, theirs.triples)))
        assert mine.records() or mine.triples
