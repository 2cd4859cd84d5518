"""Query processes: answers come back serialised; a runaway query's process is killed and replaced."""

from __future__ import annotations

import json

import pytest

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
