"""service/vocab.py: the project's IRIs spelled once; slugs checked before they go inside a query."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from service import vocab

FLASK = "https://w3id.org/stackatlas/id/flask"
ELSEWHERE = "http://example.org/flask"


def test_a_slug_and_its_iri_go_both_ways() -> None:
    assert vocab.iri_for("flask") == FLASK
    assert vocab.slug_of(FLASK) == "flask"
    assert vocab.slug_of(ELSEWHERE) is None


def test_the_api_id_is_the_slug_or_the_iri_outside_the_base() -> None:
    assert vocab.slug_or_iri(FLASK) == "flask"
    assert vocab.slug_or_iri(ELSEWHERE) == ELSEWHERE


@pytest.mark.parametrize("text", ["flask", "spring-boot", "source/top-backend-frameworks-2025", "asp.net_core"])
def test_well_formed_slugs(text: str) -> None:
    assert vocab.is_slug(text)


@pytest.mark.parametrize("text", ["", "flask> ?p ?o", "a b", 'x"y', "flask}"])
def test_what_could_break_out_of_an_iri_is_no_slug(text: str) -> None:
    assert not vocab.is_slug(text)


def test_compact_uses_the_shortest_prefix_or_angle_brackets() -> None:
    assert vocab.compact(FLASK) == "id:flask"
    assert vocab.compact(vocab.ONTOLOGY + "Framework") == "sa:Framework"
    assert vocab.compact(ELSEWHERE) == f"<{ELSEWHERE}>"


def test_the_prefixes_declared_are_the_ones_the_engine_reads() -> None:
    declared = vocab.sparql_prefixes(("id", "sa"))
    assert declared.splitlines() == [f"PREFIX id: <{vocab.BASE}>", f"PREFIX sa: <{vocab.ONTOLOGY}>"]
    solutions = ox.Store().query(vocab.sparql_prefixes() + "SELECT ?x WHERE { BIND(id:flask AS ?x) }")
    assert [row["x"] for row in solutions] == [ox.NamedNode(FLASK)]  # type: ignore[union-attr]
