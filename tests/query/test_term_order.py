"""service/query/term_order.py: the SPARQL order of terms, made total, and solutions sorted by conditions."""

from __future__ import annotations

import pyoxigraph as ox

from service.query.engine import XSD
from service.query.term_order import Condition, sort_solutions, term_key

BLANK = ox.BlankNode("b")
IRI = ox.NamedNode("urn:a")


def _typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


def _solutions(query: str) -> list[ox.QuerySolution]:
    answer = ox.Store().query(query)
    assert isinstance(answer, ox.QuerySolutions)
    return list(answer)


def test_term_keys_compare_numbers_of_every_type_by_value() -> None:
    numbers = [_typed("1.5", "decimal"), _typed("-3", "int"), _typed("1E0", "float"), _typed("2", "unsignedByte")]
    assert [n.value for n in sorted(numbers, key=term_key)] == ["-3", "1E0", "1.5", "2"]
    # A malformed number is no number: it sorts with the datatypes SPARQL does not order.
    assert term_key(_typed("twelve", "integer")) > term_key(ox.Literal("zzz"))


def test_unbound_comes_before_blank_nodes_before_iris_before_literals() -> None:
    terms = [ox.Literal("a"), IRI, None, BLANK]
    assert sorted(terms, key=term_key) == [None, BLANK, IRI, ox.Literal("a")]


def test_strings_compare_by_code_point() -> None:
    assert sorted([ox.Literal("b"), ox.Literal("B"), ox.Literal("a")], key=term_key) == [
        ox.Literal("B"),
        ox.Literal("a"),
        ox.Literal("b"),
    ]


def test_the_first_condition_decides_and_the_next_breaks_its_ties_in_its_own_direction() -> None:
    rows = _solutions("SELECT ?a ?b WHERE { VALUES (?a ?b) { (1 1) (2 1) (1 2) } }")
    ordered = sort_solutions(rows, [Condition("a"), Condition("b", descending=True)])
    assert [(row["a"].value, row["b"].value) for row in ordered] == [("1", "2"), ("1", "1"), ("2", "1")]


def test_no_condition_keeps_the_order_of_the_rows() -> None:
    rows = _solutions("SELECT ?a WHERE { VALUES ?a { 3 1 2 } }")
    assert [row["a"].value for row in sort_solutions(rows, [])] == [row["a"].value for row in rows]
