"""Results written within a byte bound: cut at a whole row (or triple), and the cut said."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from service.query.results import QueryResult, UnsupportedFormatError, collect

STORE = ox.Store()
LONG = 'SELECT ?n ?text WHERE { VALUES ?n { 1 2 3 4 5 6 7 8 9 10 } BIND(CONCAT(STR(?n), "-", "%s") AS ?text) }'


def long_rows() -> QueryResult:
    return collect(STORE.query(LONG % ("x" * 1000)), None)


@pytest.mark.parametrize("name", ("json", "xml", "csv", "tsv"))
def test_an_answer_over_the_bound_keeps_whole_rows_that_fit(name: str) -> None:
    result = long_rows()
    whole, every = result.serialize_within(name, None)
    body, kept = result.serialize_within(name, len(whole) // 2)
    assert every == 10
    assert 0 < kept < 10
    assert len(body) <= len(whole) // 2
    rows = {
        "json": body.count(b'"n": '),
        "xml": body.count(b"<result>"),
        "csv": body.count(b"\n") - 1,
        "tsv": body.count(b"\n") - 1,
    }[name]
    assert rows == kept


def test_json_rows_kept_are_whole() -> None:
    body, kept = long_rows().serialize_within("json", 5000)
    rows = json.loads(body)["results"]["bindings"]
    assert len(rows) == kept
    assert all(len(row["text"]["value"]) == len(row["n"]["value"]) + 1001 for row in rows)


def test_an_answer_under_the_bound_is_written_whole_and_unchanged() -> None:
    result = long_rows()
    assert result.serialize_within("json", 10**9) == (result.serialize("json"), 10)


def test_triples_are_cut_at_a_triple() -> None:
    where = LONG[LONG.index("{") : -1] % ("x" * 1000) + ' BIND(IRI(CONCAT("http://n/", STR(?n))) AS ?s) }'
    result = collect(STORE.query("CONSTRUCT { ?s <http://p> ?text } WHERE " + where), None)
    body, kept = result.serialize_within("nt", 5000)
    assert 0 < kept < 10
    assert len(body.decode().splitlines()) == kept


def test_a_bound_smaller_than_one_row_keeps_none() -> None:
    body, kept = long_rows().serialize_within("json", 200)
    assert kept == 0
    assert json.loads(body)["results"]["bindings"] == []


def test_xml_cannot_carry_control_characters() -> None:
    result = collect(STORE.query('SELECT ?x WHERE { BIND("a\\u0001b" AS ?x) }'), None)
    assert result.serialize("json")
    with pytest.raises(UnsupportedFormatError, match=r"XML 1\.0"):
        result.serialize("xml")
