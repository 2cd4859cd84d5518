"""Answers the engine writes itself: the same results as the Python writer, rows counted, limits kept."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from service.query.jobs import Job
from service.query.query_process import answer_job
from service.query.store import Dataset, EmbeddedStore
from service.query.written import json_answer

EX = "http://example.org/"
# Literals that look like the bytes between two rows, or like JSON structure, once written.
TRICKY = ('a,{"b', "},{", 'x"},{"y":{', "line\nbreak", "tab\tand \\ backslash", "€ and 😀")


def _store(count: int) -> ox.Store:
    store = ox.Store()
    for i in range(count):
        value = ox.Literal(TRICKY[i % len(TRICKY)] + str(i))
        store.add(ox.Quad(ox.NamedNode(f"{EX}{i}"), ox.NamedNode(f"{EX}p"), value, ox.NamedNode(f"{EX}g")))
    return store


@pytest.mark.parametrize("count", (0, 1, 2, 7, 500))
def test_rows_are_counted_whatever_the_literals_hold(count: int) -> None:
    store = _store(count)
    written = json_answer(store.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"), None, None)
    assert written is not None
    body, rows, truncated = written
    assert rows == count and not truncated
    assert len(json.loads(body)["results"]["bindings"]) == count


def test_the_answer_is_what_the_python_writer_writes() -> None:
    store = EmbeddedStore(Dataset(store=_store(40), version="t", files=()))
    query = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o"
    written = store.write_json(query, max_rows=None, max_bytes=None)
    assert written is not None
    body, rows, _ = written
    expected = store.query(query).serialize("json")
    assert json.loads(body) == json.loads(expected)
    assert rows == 40


def test_an_answer_past_the_row_limit_is_cut_at_its_last_row_from_what_was_written() -> None:
    store = _store(50)
    query = "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?o"
    whole = json.loads(store.query(query).serialize(format=ox.QueryResultsFormat.JSON))
    cut = json_answer(store.query(query), 49, None)
    assert cut is not None
    assert (cut.rows, cut.truncated) == (49, True)
    assert json.loads(cut.body) == {**whole, "results": {"bindings": whole["results"]["bindings"][:49]}}
    at_limit = json_answer(store.query(query), 50, None)
    assert at_limit is not None
    assert (at_limit.rows, at_limit.truncated) == (50, False)


def test_an_answer_past_the_byte_limit_is_cut_at_the_last_row_that_fits() -> None:
    store = _store(50)
    query = "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?o"
    whole = json_answer(store.query(query), None, None)
    assert whole is not None
    size = len(whole.body)
    cut = json_answer(store.query(query), None, size - 1)
    assert cut is not None
    assert (cut.rows, cut.truncated) == (49, True) and len(cut.body) <= size - 1
    expected = json.loads(whole.body)
    assert json.loads(cut.body) == {**expected, "results": {"bindings": expected["results"]["bindings"][:49]}}
    assert json_answer(store.query(query), None, size) == whole
    assert json_answer(store.query(query), None, 40) is None  # not even one row fits: results.py says so


@pytest.mark.parametrize(
    "query",
    (
        "SELECT ?x WHERE { ?s ?p ?o }",  # every row binds nothing
        "SELECT ?y WHERE { VALUES ?y { 1 UNDEF 3 UNDEF 5 UNDEF 7 } }",  # bound and unbound rows in turn
    ),
)
def test_rows_that_bind_nothing_are_counted_and_cut_at_the_row_limit(query: str) -> None:
    store = EmbeddedStore(Dataset(store=_store(30), version="t", files=()))
    answer = answer_job(store, Job(query, "json", 3, max_bytes=16_000_000))
    assert len(json.loads(answer.body)["results"]["bindings"]) == answer.rows == 3
    assert answer.truncated


def test_an_ask_is_written_as_a_boolean() -> None:
    written = json_answer(_store(1).query("ASK { GRAPH ?g { ?s ?p ?o } }"), 0, 100)
    assert written is not None
    assert json.loads(written[0]) == {"head": {}, "boolean": True}


def test_a_graph_answer_is_not_written_as_solutions() -> None:
    store = EmbeddedStore(Dataset(store=_store(3), version="t", files=()))
    assert store.write_json("CONSTRUCT WHERE { ?s ?p ?o }", max_rows=None, max_bytes=None) is None


def test_a_job_past_the_row_limit_is_answered_cut_and_says_so() -> None:
    store = EmbeddedStore(Dataset(store=_store(30), version="t", files=()))
    answer = answer_job(store, Job("SELECT ?o WHERE { ?s ?p ?o } ORDER BY DESC(?o)", "json", 10, max_bytes=None))
    assert (answer.rows, answer.truncated) == (10, True)
    assert len(json.loads(answer.body)["results"]["bindings"]) == 10
