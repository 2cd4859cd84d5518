"""service/cli/tables.py: answers laid out for a terminal: aligned columns, compact IRIs, the row count."""

from __future__ import annotations

import pyoxigraph as ox

from service.cli.tables import format_columns, render_table
from service.query.results import collect

FLASK = ox.NamedNode("https://w3id.org/stackatlas/id/flask")
S, P = ox.NamedNode("urn:s"), ox.NamedNode("urn:p")


def _store(*quads: ox.Quad) -> ox.Store:
    store = ox.Store()
    store.extend(quads)
    return store


def test_columns_are_as_wide_as_their_widest_cell_and_lines_end_without_spaces() -> None:
    table = format_columns(["id", "label"], [["a", "A long label"], ["longer id", "B"]])
    assert table.splitlines() == [
        "id         label",
        "---------  ------------",
        "a          A long label",
        "longer id  B",
    ]


def test_a_select_shows_compact_iris_literal_values_and_the_row_count() -> None:
    store = _store(ox.Quad(FLASK, P, ox.Literal("Flask")))
    table = render_table(collect(store.query("SELECT ?s ?o ?none WHERE { ?s ?p ?o }"), None))
    assert table.splitlines() == ["s         o      none", "--------  -----  ----", "id:flask  Flask", "(1 row)"]


def test_rows_are_counted_in_the_plural_and_none_too() -> None:
    two = _store(ox.Quad(S, P, ox.Literal("a")), ox.Quad(S, P, ox.Literal("b")))
    assert render_table(collect(two.query("SELECT ?o WHERE { ?s ?p ?o }"), None)).endswith("\n(2 rows)")
    assert render_table(collect(two.query("SELECT ?o WHERE { ?s ?p 'c' }"), None)).endswith("\n(0 rows)")


def test_ask_is_yes_or_no() -> None:
    store = _store(ox.Quad(S, P, ox.Literal("a")))
    assert render_table(collect(store.query("ASK { ?s ?p 'a' }"), None)) == "yes"
    assert render_table(collect(store.query("ASK { ?s ?p 'b' }"), None)) == "no"


def test_a_graph_is_written_as_turtle() -> None:
    store = _store(ox.Quad(S, P, ox.Literal("a")))
    turtle = render_table(collect(store.query("CONSTRUCT WHERE { ?s ?p ?o }"), None))
    assert list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE)) == [ox.Quad(S, P, ox.Literal("a"))]
