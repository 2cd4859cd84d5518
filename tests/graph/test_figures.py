"""Measured figures side by side (Figures.side_by_side, behind /api/figures): on a tiny hand-written run."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from service.graph import vocab
from service.graph.figures import Figures

# One run; A measured by two set-ups (a1 the faster, a2 the quicker to answer at 64), B only at 512, C never.
TINY = """@prefix sa: <https://w3id.org/stackatlas/ontology#> .
@prefix id: <https://w3id.org/stackatlas/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
id:bench {
  id:run a sa:BenchmarkRun ; rdfs:label "the run" ; dct:date "2026-02-11T23:25:12Z"^^xsd:dateTime ;
    sa:hardware "2 CPUs" ; sa:caveat "A minimal app." ; dct:source id:section .
  id:section rdfs:label "the data file" .
  id:a1 rdfs:label "a-fast" . id:a2 rdfs:label "a-slow" . id:b1 rdfs:label "b-only" .
  id:o1 qb:dataSet id:run ; sa:framework id:a ; sa:setup id:a1 ; sa:concurrency 64 ;
    sa:requestsPerSecond 900.0 ; sa:latencyP99 0.030 .
  id:o2 qb:dataSet id:run ; sa:framework id:a ; sa:setup id:a2 ; sa:concurrency 64 ;
    sa:requestsPerSecond 500.0 ; sa:latencyP99 0.020 .
  id:o3 qb:dataSet id:run ; sa:framework id:a ; sa:setup id:a1 ; sa:concurrency 512 ; sa:requestsPerSecond 1200.0 .
  id:o4 qb:dataSet id:run ; sa:framework id:b ; sa:setup id:b1 ; sa:concurrency 512 ;
    sa:requestsPerSecond 300.5 ; sa:latencyP50 0.25 .
}
"""


@pytest.fixture(scope="module")
def figures() -> Figures:
    store = ox.Store()
    store.load(TINY.encode(), format=ox.RdfFormat.TRIG)
    return Figures(store)


def listed(*slugs: str) -> list[tuple[str, str, str]]:
    return [(vocab.iri_for(slug), slug, slug.upper()) for slug in slugs]


def test_every_framework_is_listed_in_order_measured_or_not(figures: Figures) -> None:
    table = figures.side_by_side(listed("c", "b", "a"))
    assert [(f["id"], f["label"], f["measured"]) for f in table["frameworks"]] == [
        ("c", "C", False),
        ("b", "B", True),
        ("a", "A", True),
    ]
    assert table["frameworks"][0]["levels"] == []
    assert table["levels"] == [64, 512]
    assert table["default_level"] == 512


def test_each_metric_takes_the_best_set_up_at_each_level(figures: Figures) -> None:
    a = figures.side_by_side(listed("a"))["frameworks"][0]
    at64, at512 = a["levels"]
    assert at64["concurrency"] == 64
    assert at64["requests_per_second"]["value"] == 900.0
    assert at64["requests_per_second"]["setup"] == {"id": "a1", "label": "a-fast"}
    assert at64["latency_p99"] == {"value": 0.020, "setup": {"id": "a2", "label": "a-slow"}, "run": "run"}
    assert "latency_p50" not in at64  # never invented: only what was measured
    assert at512 == {
        "concurrency": 512,
        "requests_per_second": {"value": 1200.0, "setup": {"id": "a1", "label": "a-fast"}, "run": "run"},
    }


def test_the_runs_come_with_their_hardware_and_caveat_and_only_those_used(figures: Figures) -> None:
    table = figures.side_by_side(listed("b"))
    assert [(run["id"], run["label"], run["hardware"], run["caveat"]) for run in table["runs"]] == [
        ("run", "the run", "2 CPUs", "A minimal app.")
    ]
    assert table["runs"][0]["source"] == {"id": "section", "label": "the data file"}
    assert figures.side_by_side(listed("c"))["runs"] == []
    names = [metric["name"] for metric in table["metrics"]]
    assert names[0] == "requests_per_second" and "latency_p99" in names
