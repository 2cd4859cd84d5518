"""service/query/bounded.py: one object answers client-shaped queries, in query processes or at the endpoint."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from service.loading.load import open_remote
from service.query.bounded import PooledQueries, RemoteQueries, bounded_queries
from service.query.jobs import Job
from service.query.store import Dataset, EmbeddedStore

S, P, OBJECT = ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("o")
COUNT = Job("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "json", None)


def _embedded() -> EmbeddedStore:
    store = ox.Store()
    store.add(ox.Quad(S, P, OBJECT, ox.NamedNode("urn:g")))
    return EmbeddedStore(Dataset(store=store, version="one", files=()))


def test_an_embedded_store_is_answered_by_query_processes() -> None:
    queries = bounded_queries(_embedded(), processes=1, retire_after_mb=64, memory_mb=1024)
    assert isinstance(queries, PooledQueries)
    try:
        answer = queries.run(COUNT, timeout=10, wait=1)
        assert answer.media_type == "application/sparql-results+json"
        assert json.loads(answer.body)["results"]["bindings"][0]["n"]["value"] == "1"
        source = queries.source(timeout=10, wait=1, max_rows=None)
        assert [row["o"] for row in source.query("SELECT ?o WHERE { ?s ?p ?o }")] == [OBJECT]  # type: ignore[index, union-attr]
        source.close()
    finally:
        queries.pool.close()


def test_a_row_limit_cuts_the_answer_visibly() -> None:
    queries = bounded_queries(_embedded(), processes=1, retire_after_mb=64, memory_mb=1024)
    try:
        answer = queries.run(Job("SELECT ?x WHERE { VALUES ?x { 1 2 3 } }", "json", 2), timeout=10, wait=1)
        assert (answer.rows, answer.truncated) == (2, True)
    finally:
        assert isinstance(queries, PooledQueries)
        queries.pool.close()


def test_a_remote_store_is_answered_by_its_endpoint(oxigraph_endpoint: str) -> None:
    queries = bounded_queries(open_remote(oxigraph_endpoint, timeout=10), processes=1, retire_after_mb=64, memory_mb=1)
    assert isinstance(queries, RemoteQueries)
    answer = queries.run(Job("ASK { ?s ?p ?o }", "json", None), timeout=10, wait=1)
    assert json.loads(answer.body)["boolean"] is True
    source = queries.source(timeout=10, wait=1, max_rows=None)
    assert bool(source.query("ASK { ?s ?p ?o }"))
    source.close()


def test_any_other_store_has_no_bounded_queries() -> None:
    with pytest.raises(AssertionError, match="no bounded queries for object"):
        bounded_queries(object(), processes=1, retire_after_mb=64, memory_mb=1024)  # type: ignore[arg-type]
