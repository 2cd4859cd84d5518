"""service/query/pooled_source.py: one request's queries share one query process and one time limit."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from service.query.executor import QueryPool
from service.query.jobs import Job, QueryBusy, QueryTimeout
from service.query.pooled_source import PooledSource


@pytest.fixture
def pool(store):
    made = QueryPool(store, size=1)
    yield made
    made.close()


def test_a_pooled_source_keeps_one_process_for_all_its_queries_until_closed(pool: QueryPool) -> None:
    # A request of several queries (a comparison reads two records) waits for a process once: its later
    # queries cannot be refused as busy because other requests took the process in between.
    source = PooledSource(pool, timeout=10, wait=0.5)
    assert bool(source.query("ASK { ?s ?p ?o }"))
    assert pool.idle_pids == ()  # held by the source
    with pytest.raises(QueryBusy):
        pool.run(Job("ASK { ?s ?p ?o }", "json", None), 10, wait=0.1)  # another request meanwhile
    assert len(list(source.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 2"))) == 2
    source.close()
    assert len(pool.idle_pids) == 1


def test_a_construct_comes_back_as_triples_and_a_select_as_solutions(pool: QueryPool) -> None:
    source = PooledSource(pool, timeout=10, wait=0.5)
    try:
        triples = source.query("CONSTRUCT { <urn:s> <urn:p> ?o } WHERE { VALUES ?o { 1 2 } }")
        assert sorted(triple.object.value for triple in triples) == ["1", "2"]
        solutions = source.query("SELECT ?x WHERE { VALUES ?x { <urn:a> } }")
        assert isinstance(solutions, ox.QuerySolutions)
        assert [row["x"] for row in solutions] == [ox.NamedNode("urn:a")]
    finally:
        source.close()


def test_iris_are_bound_to_the_named_variables(pool: QueryPool) -> None:
    source = PooledSource(pool, timeout=10, wait=0.5)
    try:
        solutions = source.query("SELECT ?x WHERE { BIND(?x AS ?y) }", {"x": "urn:bound"})
        assert [row["x"] for row in solutions] == [ox.NamedNode("urn:bound")]
    finally:
        source.close()


def test_all_queries_of_a_source_share_one_time_limit(pool: QueryPool) -> None:
    source = PooledSource(pool, timeout=1, wait=0.5)
    try:
        with pytest.raises(QueryTimeout):
            source.query("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
        with pytest.raises(QueryTimeout):  # the limit, counted from the first query, is spent
            source.query("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    finally:
        source.close()
