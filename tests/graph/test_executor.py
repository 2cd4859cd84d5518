"""Query processes: answers come back serialised; a runaway query's process is killed and replaced."""

from __future__ import annotations

import json

import pytest

from service.graph import executor
from service.graph.executor import Job, QueryPool
from service.graph.store import QuerySyntaxError, QueryTimeout

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }"


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
    answer = pool.run(Job("ASK { ?s ?p ?o }", "json", None), 10)
    assert json.loads(answer.body) == {"head": {}, "boolean": True}


def _query_process_pid(pool: QueryPool) -> int | None:
    (worker,) = list(pool._idle.queue)  # the pool of size 1, idle between queries
    return worker.process.pid


def test_a_query_process_that_wrote_much_memory_is_replaced(store, monkeypatch) -> None:
    # Forked after the patch, the query process sees every query as slow and any memory as too much.
    monkeypatch.setattr(executor, "_CHECK_AFTER_SECONDS", 0)
    pool = QueryPool(store, size=1, retire_after_mb=-1)
    try:
        pool.run(Job("ASK { ?s ?p ?o }", "json", None), 10)
        first = _query_process_pid(pool)
        answer = pool.run(Job("ASK { ?s ?p ?o }", "json", None), 10)
        assert json.loads(answer.body)["boolean"] is True
        assert _query_process_pid(pool) != first
    finally:
        pool.close()


def test_a_query_process_is_kept_while_its_memory_is_small(pool: QueryPool) -> None:
    pool.run(Job("ASK { ?s ?p ?o }", "json", None), 10)
    first = _query_process_pid(pool)
    pool.run(Job("SELECT * WHERE { ?s ?p ?o }", "json", None), 10)
    assert _query_process_pid(pool) == first
    assert 0 < executor.private_memory_mb() < 10_000  # read from /proc on this (Linux) machine
