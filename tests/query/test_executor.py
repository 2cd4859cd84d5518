"""Query processes: answers come back serialised; a runaway query's process is killed and replaced."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyoxigraph as ox
import pytest

from service.query import query_process
from service.query.executor import QueryPool
from service.query.jobs import Answer, Job, QueryFailed, QueryTimeout, QueryTooLarge
from service.query.store import Dataset, EmbeddedStore, QuerySyntaxError

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }"
ASK = Job("ASK { ?s ?p ?o }", "json", None)
# Doubling a string 26 times asks for 1 GB; joining the graph with itself and sorting holds ~10^8 rows.
CONCAT = (
    'SELECT ?s26 WHERE { BIND("xxxxxxxxxxxxxxxx" AS ?s0) '
    + " ".join(f"BIND(CONCAT(?s{i},?s{i}) AS ?s{i + 1})" for i in range(26))
    + " }"
)
CROSS = "SELECT ?a ?d WHERE {?a ?b ?c . ?d ?e ?f} ORDER BY ?c ?f LIMIT 1"
ROOT = Path(__file__).parents[2]


@pytest.fixture
def pool(store):
    made = QueryPool(store, size=1)
    yield made
    made.close()


def test_answer_is_serialised_in_the_asked_format(pool: QueryPool) -> None:
    answer = pool.run(Job("SELECT ?s WHERE { ?s a <https://w3id.org/stackatlas/ontology#Framework> }", "json", 3), 10)
    assert answer.media_type == "application/sparql-results+json"
    assert len(json.loads(answer.body)["results"]["bindings"]) == 3
    assert answer.truncated


def test_syntax_errors_come_back_with_their_position(pool: QueryPool) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        pool.run(Job("SELECT * WHERE { ?s ?p }", "json", None), 10)
    assert (caught.value.line, caught.value.column) == (1, 25)


def test_runaway_query_is_killed_and_the_pool_keeps_working(pool: QueryPool) -> None:
    with pytest.raises(QueryTimeout):
        pool.run(Job(RUNAWAY, "json", None), 1)
    answer = pool.run(ASK, 10)
    assert json.loads(answer.body) == {"head": {}, "boolean": True}


def _query_process_pid(pool: QueryPool) -> int:
    (pid,) = pool.idle_pids  # the pool of size 1, idle between queries
    return pid


# --- Memory -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sparql", [CONCAT, CROSS], ids=["concat", "cross-join"])
def test_a_query_past_the_memory_limit_is_stopped_and_the_pool_keeps_working(store, sparql: str) -> None:
    pool = QueryPool(store, size=1, memory_mb=256)
    try:
        pool.run(ASK, 10)
        first = _query_process_pid(pool)
        # Within a time limit of 5 s: stopped by its memory, or it would be a QueryTimeout.
        with pytest.raises(QueryTooLarge, match="more than 256 MB"):
            pool.run(Job(sparql, "json", None), 5)
        assert json.loads(pool.run(ASK, 10).body)["boolean"] is True
        assert _query_process_pid(pool) != first
    finally:
        pool.close()


def _answer_or(failure: str):
    # A stand-in for answer_job that fails the way named for queries with FAIL in them.
    real = query_process.answer_job

    def answer(store: EmbeddedStore, job: Job) -> Answer:
        if "FAIL" in job.sparql and not job.order_outside:
            if failure == "abort":
                os.abort()  # what the engine does on a panic
            raise MemoryError
        if job.order_outside:
            return Answer(b"ordered outside", "text/plain", False, 0)
        return real(store, job)

    return answer


def test_a_memory_error_in_python_is_too_large_too(store, monkeypatch) -> None:
    monkeypatch.setattr(query_process, "answer_job", _answer_or("memory"))
    pool = QueryPool(store, size=1, memory_mb=300)
    try:
        pool.run(ASK, 10)
        first = _query_process_pid(pool)
        with pytest.raises(QueryTooLarge, match="more than 300 MB"):
            pool.run(Job("SELECT * { ?s ?p 'FAIL' }", "json", None), 10)
        assert _query_process_pid(pool) != first  # its heap may be fragmented: a fresh process takes over
    finally:
        pool.close()


# --- Engine aborts ------------------------------------------------------------------------------------------------


def test_an_engine_abort_is_a_crash_not_a_memory_limit(store, monkeypatch) -> None:
    monkeypatch.setattr(query_process, "answer_job", _answer_or("abort"))
    pool = QueryPool(store, size=1)
    try:
        with pytest.raises(QueryFailed, match=r"^the engine crashed on this query$"):
            pool.run(Job("SELECT * { ?s ?p 'FAIL' }", "json", None), 10)
        assert json.loads(pool.run(ASK, 10).body)["boolean"] is True
    finally:
        pool.close()


def test_an_abort_on_order_by_is_retried_with_the_ordering_outside_the_engine(store, monkeypatch) -> None:
    monkeypatch.setattr(query_process, "answer_job", _answer_or("abort"))
    pool = QueryPool(store, size=1)
    try:
        answer = pool.run(Job("SELECT ?o { ?s ?p ?o FILTER(?o != 'FAIL') } ORDER BY ?o", "json", None), 10)
        assert answer.body == b"ordered outside"
    finally:
        pool.close()


def test_an_abort_when_ordering_outside_too_names_the_order_by(store, monkeypatch) -> None:
    def always_abort(store: EmbeddedStore, job: Job) -> Answer:
        os.abort()

    monkeypatch.setattr(query_process, "answer_job", always_abort)
    pool = QueryPool(store, size=1)
    try:
        with pytest.raises(QueryFailed, match=r"crashed while ordering the results \(ORDER BY\)"):
            pool.run(Job("SELECT ?o { ?s ?p ?o } ORDER BY ?o", "json", None), 10)
    finally:
        pool.close()


def _mixed_literals() -> EmbeddedStore:
    # Numbers and strings of digits, which pyoxigraph 0.5.13 orders inconsistently (by value among
    # numbers, by lexical form across kinds): enough of them make Rust's sort abort the process.
    store = ox.Store()
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    predicate = ox.NamedNode("http://example.org/value")
    for i in range(50):
        value = str((i * 7919) % 3001)
        literal = ox.Literal(value, datatype=integer) if i % 2 else ox.Literal(value)
        store.add(ox.Quad(ox.NamedNode(f"http://example.org/{i}"), predicate, literal))
    return EmbeddedStore(Dataset(store=store, version="mixed", files=()))


def test_the_engine_abort_on_order_by_is_answered_by_ordering_outside_it() -> None:
    # Needs EmbeddedStore.query(order_outside=True) (service/query/ordering.py).
    pool = QueryPool(_mixed_literals(), size=1)
    try:
        answer = pool.run(Job("SELECT ?v WHERE { ?s ?p ?v } ORDER BY ?v", "json", None), 10)
        assert answer.rows == 50
    finally:
        pool.close()


def test_a_job_that_cannot_be_sent_leaves_the_pool_whole(pool: QueryPool) -> None:
    # A job the pipe cannot carry fails the call, not the pool: the process it took is replaced, and the
    # next query is answered without waiting for one that would never come back.
    unsendable = Job("SELECT * WHERE { ?s ?p ?o }", "json", 10, bindings=(("this", lambda: None),))  # type: ignore[arg-type]
    with pytest.raises(Exception):  # noqa: B017 - whatever pickling raises; the pool is what is checked
        pool.run(unsendable, timeout=10, wait=1)
    assert len(pool.idle_pids) == 1
    answer = pool.run(Job("ASK { ?s ?p ?o }", "json", 10), timeout=10, wait=0.1)
    assert json.loads(answer.body)["boolean"] is True
