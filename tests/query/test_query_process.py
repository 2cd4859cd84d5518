"""service/query/query_process.py: what a query process runs: answers written by the engine, retired when it grew."""

from __future__ import annotations

import json

import pytest

from service.query import query_process
from service.query.executor import QueryPool
from service.query.jobs import Job
from service.query.process_memory import private_memory_mb

ASK = Job("ASK { ?s ?p ?o }", "json", None)
FRAMEWORKS = "SELECT ?s WHERE { ?s a <https://w3id.org/stackatlas/ontology#Framework> }"


@pytest.fixture
def pool(store):
    made = QueryPool(store, size=1)
    yield made
    made.close()


def test_a_job_is_answered_in_its_format_and_cut_at_its_row_limit(store) -> None:
    answer = query_process.answer_job(store, Job(FRAMEWORKS, "json", 3))
    assert answer.media_type == "application/sparql-results+json"
    assert len(json.loads(answer.body)["results"]["bindings"]) == answer.rows == 3
    assert answer.truncated
    csv = query_process.answer_job(store, Job(FRAMEWORKS, "csv", 2))
    assert csv.body.decode().splitlines()[0] == "s" and csv.rows == 2


def test_a_query_process_that_wrote_much_memory_is_replaced(store, monkeypatch) -> None:
    # Forked after the patch, the query process sees every query as slow and any memory as too much.
    monkeypatch.setattr(query_process, "SLOW_SECONDS", 0)
    pool = QueryPool(store, size=1, retire_after_mb=-1)
    try:
        pool.run(ASK, 10)
        (first,) = pool.idle_pids  # a pool of one, idle between queries
        answer = pool.run(ASK, 10)
        assert json.loads(answer.body)["boolean"] is True
        assert pool.idle_pids != (first,)
    finally:
        pool.close()


def test_a_query_process_is_kept_while_its_memory_is_small(pool: QueryPool) -> None:
    pool.run(ASK, 10)
    (first,) = pool.idle_pids  # a pool of one, idle between queries
    # A thousand rows write far less than the 64 MB a process may write before it is replaced.
    pool.run(Job("SELECT * WHERE { ?s ?p ?o } LIMIT 1000", "json", None), 10)
    assert pool.idle_pids == (first,)
    assert 0 < private_memory_mb() < 10_000  # read from /proc on this (Linux) machine
