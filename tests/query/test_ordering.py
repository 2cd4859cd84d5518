"""ORDER BY outside the engine: SPARQL 1.1 §15.1 ordering of a SELECT's solutions, with LIMIT and OFFSET."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from decimal import Decimal

import pyoxigraph as ox
import pytest

from service import vocab
from service.query.ordering import CannotOrderOutside, plan
from service.query.store import Dataset, EmbeddedStore

XSD = vocab.PREFIXES["xsd"]
ROW, V, K = ox.NamedNode("urn:Row"), ox.NamedNode("urn:v"), ox.NamedNode("urn:k")
TYPE = ox.NamedNode(vocab.RDF_TYPE)
NUMERIC = {XSD + "integer", XSD + "decimal", XSD + "double", XSD + "float"}
STRINGS = {XSD + "string", vocab.PREFIXES["rdf"] + "langString"}


def _typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


# One value per row, in the order SPARQL 1.1 §15.1 (and this service, where it leaves the order open) sorts them.
VALUES_IN_ORDER: tuple[ox.NamedNode | ox.BlankNode | ox.Literal | None, ...] = (
    None,  # unbound
    ox.BlankNode("b0"),
    ox.NamedNode("urn:a"),
    ox.NamedNode("urn:z"),
    _typed("-INF", "double"),
    _typed("2.5", "decimal"),
    _typed("9", "integer"),
    _typed("10", "double"),  # the value of the integer below: the tie is broken by datatype IRI
    _typed("10", "integer"),
    _typed("NaN", "double"),  # after every number, with which it does not compare
    _typed("false", "boolean"),
    _typed("true", "boolean"),
    _typed("2020-01-01T12:00:00+02:00", "dateTime"),  # 10:00 UTC
    _typed("2020-01-01T11:00:00Z", "dateTime"),
    ox.Literal("10"),  # strings compare by code point: "10" < "9"
    ox.Literal("9"),
    ox.Literal("a"),
    ox.Literal("a", language="en"),
    ox.Literal("b"),
    _typed("P1D", "duration"),  # a datatype SPARQL 1.1 does not order: by datatype IRI, then lexical form
)


def _store(quads: list[ox.Quad]) -> EmbeddedStore:
    # A store built by hand: the triples in its default graph, as load_dataset leaves the merge.
    store = ox.Store()
    store.extend(quads)
    return EmbeddedStore(Dataset(store=store, version="test", files=()))


def _rows() -> EmbeddedStore:
    # Row i holds the i-th value of VALUES_IN_ORDER; rows are numbered in reverse so that order is the engine's doing.
    quads = []
    for index, value in enumerate(VALUES_IN_ORDER):
        row = ox.NamedNode(f"urn:row/{len(VALUES_IN_ORDER) - index:02d}")
        quads.append(ox.Quad(row, TYPE, ROW))
        if value is not None:
            quads.append(ox.Quad(row, V, value))
    return _store(quads)


ROWS = "SELECT ?r ?v WHERE { ?r a <urn:Row> OPTIONAL { ?r <urn:v> ?v } } "


def _values(result_rows: list[ox.QuerySolution]) -> list[object]:
    return [row["v"] for row in result_rows]


def test_solutions_follow_the_sparql_order_of_terms() -> None:
    result = _rows().query(ROWS + "ORDER BY ?v", order_outside=True)
    assert result.variables == ("r", "v")
    assert _values(result.rows) == list(VALUES_IN_ORDER)


def test_desc_reverses_the_order() -> None:
    result = _rows().query(ROWS + "ORDER BY DESC(?v)", order_outside=True)
    assert _values(result.rows) == list(reversed(VALUES_IN_ORDER))


@pytest.mark.parametrize(
    ("modifiers", "window"),
    (
        ("LIMIT 3", slice(0, 3)),
        ("OFFSET 4", slice(4, None)),
        ("LIMIT 3 OFFSET 4", slice(4, 7)),
        ("OFFSET 4 LIMIT 3", slice(4, 7)),
        ("LIMIT 0", slice(0, 0)),
        ("OFFSET 100", slice(100, None)),
    ),
)
def test_limit_and_offset_apply_after_sorting(modifiers: str, window: slice) -> None:
    result = _rows().query(ROWS + f"ORDER BY ASC(?v) {modifiers}", order_outside=True)
    assert _values(result.rows) == list(VALUES_IN_ORDER[window])


def test_max_rows_cuts_the_sorted_window() -> None:
    result = _rows().query(ROWS + "ORDER BY ?v LIMIT 5", max_rows=2, order_outside=True)
    assert _values(result.rows) == list(VALUES_IN_ORDER[:2])
    assert result.truncated


def test_later_conditions_break_ties_each_in_its_own_direction() -> None:
    people = [("ann", 2), ("bob", 1), ("cy", 2), ("dee", 1)]
    store = _store(
        [ox.Quad(ox.NamedNode(f"urn:{name}"), K, _typed(str(rank), "integer")) for name, rank in people]
        + [ox.Quad(ox.NamedNode(f"urn:{name}"), V, ox.Literal(name)) for name, _ in people]
    )
    query = "SELECT ?name WHERE { ?p <urn:k> ?rank ; <urn:v> ?name } ORDER BY DESC(?rank) ?name"
    result = store.query(query, order_outside=True)
    assert [row["name"] for row in result.records()] == ["ann", "cy", "bob", "dee"]
    assert result.variables == ("name",)  # ?rank was added to sort by, and is not part of the answer


def test_distinct_with_a_variable_not_selected_keeps_the_first_of_each_in_order() -> None:
    # Sorting comes before the projection and DISTINCT: each kind appears where its first row sorts.
    rows = [("r1", "x", 3), ("r2", "y", 2), ("r3", "x", 1), ("r4", "z", 4)]
    store = _store(
        [ox.Quad(ox.NamedNode(f"urn:{r}"), K, ox.Literal(kind)) for r, kind, _ in rows]
        + [ox.Quad(ox.NamedNode(f"urn:{r}"), V, _typed(str(n), "integer")) for r, _, n in rows]
    )
    query = "SELECT DISTINCT ?kind WHERE { ?r <urn:k> ?kind ; <urn:v> ?n } ORDER BY ?n"
    assert store.query(query, order_outside=True).records() == [{"kind": "x"}, {"kind": "y"}, {"kind": "z"}]
    limited = store.query(query + " LIMIT 2 OFFSET 1", order_outside=True).records()
    assert limited == [{"kind": "y"}, {"kind": "z"}]


def test_aggregates_are_sorted_on_the_outer_solutions() -> None:
    store = _store([ox.Quad(ox.NamedNode(f"urn:{n}"), K, ox.Literal("odd" if n % 2 else "even")) for n in range(5)])
    query = "SELECT ?k (COUNT(*) AS ?n) WHERE { ?s <urn:k> ?k } GROUP BY ?k ORDER BY DESC(?n)"
    assert store.query(query, order_outside=True).records() == [{"k": "even", "n": "3"}, {"k": "odd", "n": "2"}]


def test_a_trailing_values_clause_stays_in_the_query() -> None:
    query = "SELECT ?x WHERE { } ORDER BY DESC(?x) LIMIT 2 VALUES ?x { 1 3 2 }"
    assert _store([]).query(query, order_outside=True).records() == [{"x": "3"}, {"x": "2"}]


def test_without_order_by_the_query_runs_as_it_is() -> None:
    query = 'SELECT ?x WHERE { VALUES ?x { "ORDER BY ?x" <urn:order> } } # ORDER BY ?x'
    assert plan(query) is None
    assert len(_store([]).query(query, order_outside=True).rows) == 2


def test_the_query_is_read_as_the_engine_reads_it() -> None:
    # Keywords glued together, and a codepoint escape the engine applies inside the string only.
    result = _rows().query(ROWS + "ORDERBYDESC(?v)LIMIT3OFFSET1", order_outside=True)
    assert _values(result.rows) == list(reversed(VALUES_IN_ORDER))[1:4]
    escaped = r'SELECT ?x WHERE { VALUES ?x { "a\u0022b" "c" } FILTER(?x != "\u0022") } ORDER BY DESC(?x)'
    assert _store([]).query(escaped, order_outside=True).records() == [{"x": "c"}, {"x": 'a"b'}]


def test_the_rewritten_query_leaves_the_sorting_to_python() -> None:
    rewritten = plan("PREFIX ex: <urn:> SELECT ?l WHERE { ?s ex:order ?l } ORDER BY ?l LIMIT 40 OFFSET 2")
    assert rewritten is not None
    assert "ORDER" not in rewritten.sparql and "LIMIT" not in rewritten.sparql and "ex:order" in rewritten.sparql
    assert (rewritten.limit, rewritten.offset) == (40, 2)


@pytest.mark.parametrize(
    ("query", "clause"),
    (
        ("SELECT ?l WHERE { ?s ?p ?l } ORDER BY (STRLEN(?l))", "ORDER BY (STRLEN(?l))"),
        ("SELECT ?l WHERE { ?s ?p ?l } ORDER BY ?l DESC(STRLEN(?l)) LIMIT 3", "ORDER BY ?l DESC(STRLEN(?l))"),
        ("SELECT ?l WHERE { ?s ?p ?l } ORDER BY STR(?l)", "ORDER BY STR(?l)"),
        ("SELECT ?l WHERE { { SELECT ?l WHERE { ?s ?p ?l } ORDER BY ?l LIMIT 3 } }", "ORDER BY ?l"),
        ("CONSTRUCT { ?s ?p ?l } WHERE { ?s ?p ?l } ORDER BY ?l LIMIT 3", "ORDER BY ?l"),
    ),
)
def test_what_cannot_be_sorted_outside_is_refused_by_its_clause(query: str, clause: str) -> None:
    with pytest.raises(CannotOrderOutside, match=re.escape(clause)):
        _store([]).query(query, order_outside=True)


# --- The engine's abort, and the bundled graph -----------------------------------------------------------------------

# The smallest set found here that makes pyoxigraph 0.5.13 abort: 21 literals, integers and strings of digits.
# Its comparison orders numbers by value but a number and a string by lexical form, so "6" < "10" < "2025" < "6".
ABORTING = (
    ("i", "51"),
    ("s", "22"),
    ("i", "2"),
    ("s", "70"),
    ("s", "71"),
    ("i", "66"),
    ("i", "74"),
    ("i", "35"),
    ("s", "78"),
    ("s", "1"),
    ("i", "95"),
    ("i", "17"),
    ("i", "8"),
    ("s", "53"),
    ("i", "1"),
    ("i", "80"),
    ("s", "43"),
    ("i", "4"),
    ("s", "82"),
    ("i", "75"),
    ("i", "12"),
)
REPRODUCTION = f"""
import pyoxigraph as ox
store = ox.Store()
for n, (kind, value) in enumerate({ABORTING!r}):
    term = ox.Literal(value, datatype=ox.NamedNode("{XSD}integer")) if kind == "i" else ox.Literal(value)
    store.add(ox.Quad(ox.NamedNode(f"urn:s{{n}}"), ox.NamedNode("urn:p"), term))
list(store.query("SELECT ?l WHERE {{ ?s ?p ?l }} ORDER BY ?l"))
"""


def _aborting_store() -> EmbeddedStore:
    terms = [_typed(value, "integer") if kind == "i" else ox.Literal(value) for kind, value in ABORTING]
    return _store([ox.Quad(ox.NamedNode(f"urn:s{n}"), V, term) for n, term in enumerate(terms)])


def test_the_engine_still_aborts_on_a_few_numbers_and_strings() -> None:
    # Pinned: when pyoxigraph sorts these, order_outside is no longer needed (and this test says so).
    done = subprocess.run([sys.executable, "-c", REPRODUCTION], capture_output=True, timeout=60)
    assert done.returncode == -signal.SIGABRT
    assert b"does not correctly implement a total order" in done.stderr


def test_the_aborting_literals_sorted_outside() -> None:
    rows = _aborting_store().query("SELECT ?l WHERE { ?s ?p ?l } ORDER BY ?l", order_outside=True).rows
    numbers = sorted(int(value) for kind, value in ABORTING if kind == "i")
    strings = sorted(value for kind, value in ABORTING if kind == "s")
    assert [row["l"].value for row in rows] == [str(n) for n in numbers] + strings


LITERALS = "SELECT ?l WHERE { ?s ?p ?l FILTER(isLiteral(?l)) } ORDER BY %s LIMIT 40"


def _merged_literals(dataset: Dataset) -> list[ox.Literal]:
    # The solutions of `?s ?p ?l FILTER(isLiteral(?l))`, read from the default graph quad by quad.
    quads = dataset.store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    return [quad.object for quad in quads if isinstance(quad.object, ox.Literal)]


def test_bundled_literals_ascending_are_the_smallest_numbers(dataset: Dataset, store: EmbeddedStore) -> None:
    # The reference: numbers come before every other literal and compare by value, whatever their type.
    numbers = sorted(Decimal(lit.value) for lit in _merged_literals(dataset) if lit.datatype.value in NUMERIC)
    assert len(numbers) > 40
    result = store.query(LITERALS % "?l", order_outside=True)
    assert [Decimal(row["l"].value) for row in result.rows] == numbers[:40]
    assert {row["l"].datatype.value for row in result.rows} <= NUMERIC


def test_bundled_literals_descending_are_the_last_strings(dataset: Dataset, store: EmbeddedStore) -> None:
    # The reference: strings (plain or tagged) come after numbers, booleans, dates and date-times, by code point.
    literals = _merged_literals(dataset)
    assert {lit.datatype.value for lit in literals} <= NUMERIC | STRINGS | {
        XSD + "boolean",
        XSD + "date",
        XSD + "dateTime",
    }
    strings = sorted((lit.value for lit in literals if lit.datatype.value in STRINGS), reverse=True)
    result = store.query(LITERALS % "DESC(?l)", order_outside=True)
    assert [row["l"].value for row in result.rows] == strings[:40]
