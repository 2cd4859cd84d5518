"""service/query/formats.py: every format named once, each name and media type leading to one serialisation."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from service.query.formats import (
    DATASET_FORMATS,
    GRAPH_ALIASES,
    GRAPH_FORMATS,
    GRAPH_MEDIA,
    RDF_MEDIA,
    SOLUTION_ALIASES,
    SOLUTION_FORMATS,
    SOLUTION_MEDIA,
)

TRIPLE = ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("o"))


@pytest.mark.parametrize("name", sorted(GRAPH_FORMATS))
def test_each_graph_format_writes_what_its_parser_reads_back(name: str) -> None:
    _, rdf_format = GRAPH_FORMATS[name]
    written = ox.serialize([TRIPLE], format=rdf_format)
    assert written is not None
    assert [quad.triple for quad in ox.parse(written, format=rdf_format)] == [TRIPLE]


@pytest.mark.parametrize("name", sorted(SOLUTION_FORMATS))
def test_each_solution_format_writes_what_its_parser_reads_back(name: str) -> None:
    media_type, results_format = SOLUTION_FORMATS[name]
    solutions = ox.Store().query("SELECT ?x WHERE { VALUES ?x { <urn:a> } }")
    written = solutions.serialize(format=results_format)  # type: ignore[union-attr]
    assert written is not None
    if results_format == ox.QueryResultsFormat.CSV:  # lossy by design: no parser, IRIs as plain text
        assert written.decode().splitlines() == ["x", "urn:a"]
    else:
        parsed = ox.parse_query_results(written, format=results_format)
        assert [row["x"] for row in parsed] == [ox.NamedNode("urn:a")]  # type: ignore[union-attr]
    assert SOLUTION_MEDIA[media_type] == name


def test_every_media_type_leads_to_a_format_of_its_kind() -> None:
    assert set(SOLUTION_MEDIA.values()) <= set(SOLUTION_FORMATS)
    assert set(RDF_MEDIA.values()) <= set(GRAPH_FORMATS)
    assert set(GRAPH_MEDIA.values()) <= set(GRAPH_FORMATS)
    assert {media for media, _ in GRAPH_FORMATS.values()} <= set(GRAPH_MEDIA)


def test_aliases_lead_to_formats_of_their_kind() -> None:
    assert set(GRAPH_ALIASES.values()) <= set(GRAPH_FORMATS)
    assert set(SOLUTION_ALIASES.values()) <= set(GRAPH_FORMATS)  # a SELECT asked for Turtle is told so by name


def test_a_dataset_format_keeps_the_named_graphs() -> None:
    quad = ox.Quad(TRIPLE.subject, TRIPLE.predicate, TRIPLE.object, ox.NamedNode("urn:g"))
    for rdf_format in DATASET_FORMATS.values():
        written = ox.serialize([quad], format=rdf_format)
        assert written is not None
        assert list(ox.parse(written, format=rdf_format)) == [quad]
