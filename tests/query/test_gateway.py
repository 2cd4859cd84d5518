"""The one way to the store: the guard first, then the query processes within the time, memory and row limits."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from service.query.bounded import bounded_queries
from service.query.gateway import NO_SERVICE, READ_ONLY, Gateway, Limits, QueryRefused
from service.query.jobs import QueryTimeout
from service.query.store import Dataset, EmbeddedStore

E = "http://e/"
P = ox.NamedNode(E + "p")
ODD = E + "caf\u00e9#x?y=(1)"  # an IRI a text substitution would have to escape or quote
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o . ?q ?r ?t }"


def tiny_store() -> EmbeddedStore:
    store = ox.Store()
    graph = ox.NamedNode(E + "g")
    for index in range(20):
        store.add(ox.Quad(ox.NamedNode(ODD), P, ox.Literal(str(index)), graph))
    store.add(ox.Quad(ox.NamedNode(E + "other"), P, ox.Literal("x"), graph))
    return EmbeddedStore(Dataset(store, "v1", (Path("tiny.trig"),)))


def made(timeout: float = 10.0, max_rows: int | None = 5) -> Gateway:
    store = tiny_store()
    queries = bounded_queries(store, processes=1, retire_after_mb=256, memory_mb=1024)
    return Gateway(queries, Limits(timeout=timeout, wait=5.0, max_rows=max_rows, max_bytes=None), store.source)


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    opened = made()
    yield opened
    opened.queries.pool.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("sparql", "message", "forbidden"),
    (
        ("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }", READ_ONLY, True),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", NO_SERVICE, True),
        ("SELECT * WHERE " + "{" * 70 + "}" * 70, "nests brackets or negations 70 deep", False),
    ),
)
def test_the_guard_refuses_before_anything_runs(gateway: Gateway, sparql: str, message: str, forbidden: bool) -> None:
    with pytest.raises(QueryRefused, match=message.replace("(", r"\(").replace(")", r"\)")) as caught:
        gateway.check(sparql)
    assert caught.value.forbidden is forbidden
    source = gateway.source()
    with pytest.raises(QueryRefused):  # the knowledge's own queries pass the same guard
        source.query(sparql)
    source.close()
    with pytest.raises(QueryRefused):  # and so do its lookups
        gateway.lookups().query(sparql)


def test_a_lookup_answers_with_its_values_bound_while_every_query_process_is_busy(gateway: Gateway) -> None:
    held = gateway.source()
    try:
        held.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")  # the one query process is now this request's
        rows = gateway.lookups().query("SELECT ?this ?o WHERE { ?this ?p ?o }", {"this": ODD})
        assert isinstance(rows, ox.QuerySolutions)
        assert sorted(int(row["o"].value) for row in rows) == list(range(20))
    finally:
        held.close()


def test_a_client_query_is_cut_at_the_row_limit(gateway: Gateway) -> None:
    checked = gateway.check("SELECT ?o WHERE { ?s ?p ?o }")
    answer = gateway.run(gateway.job(checked, "json"), checked)
    assert len(json.loads(answer.body)["results"]["bindings"]) == 5
    assert answer.truncated


def test_a_requests_queries_are_cut_at_the_row_limit_when_asked_and_say_so(gateway: Gateway) -> None:
    whole = gateway.source()
    every = whole.query("SELECT ?o WHERE { ?s ?p ?o }")
    assert isinstance(every, ox.QuerySolutions) and len(list(every)) == 21 and not whole.truncated
    whole.close()
    source = gateway.source(cut=True)
    short = source.query("SELECT ?this WHERE { ?this ?p 'x' }")
    assert not source.truncated
    assert isinstance(short, ox.QuerySolutions) and len(list(short)) == 1
    long = source.query("SELECT ?o WHERE { ?s ?p ?o }")
    assert isinstance(long, ox.QuerySolutions) and len(list(long)) == 5
    assert source.truncated
    source.close()


def test_values_are_bound_by_the_engine_not_spliced_into_the_text(gateway: Gateway) -> None:
    source = gateway.source()
    rows = source.query("SELECT ?this ?o WHERE { ?this ?p ?o } ORDER BY ?o LIMIT 2", {"this": ODD})
    assert isinstance(rows, ox.QuerySolutions)
    assert [(str(row["this"]), row["o"].value) for row in rows] == [(f"<{ODD}>", "0"), (f"<{ODD}>", "1")]
    triples = source.query("CONSTRUCT { ?this ?p 'seen' } WHERE { ?this ?p ?o }", {"this": E + "other"})
    assert triples == [ox.Triple(ox.NamedNode(E + "other"), P, ox.Literal("seen"))]
    source.close()


def test_a_requests_queries_stop_at_the_time_limit() -> None:
    slow = made(timeout=0.5)
    source = slow.source()
    with pytest.raises(QueryTimeout):
        source.query(RUNAWAY)
    source.close()
    slow.queries.pool.close()  # type: ignore[attr-defined]
