"""Measured figures side by side (Figures.side_by_side, behind /api/figures): on a tiny hand-written run."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from service import vocab
from service.knowledge.figures import METRICS, OWN, Figures

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


# --- Like with like: each framework ranked by its set-ups on its own runtime -----------------------------------------

# X runs on Node.js: x1 is its plain set-up, x2 is served by Bun (the faster); Y runs on Bun only.
RUNTIMES = """@prefix sa: <https://w3id.org/stackatlas/ontology#> .
@prefix id: <https://w3id.org/stackatlas/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
id:bench {
  id:run a sa:BenchmarkRun ; rdfs:label "the run" ; dct:date "2026-02-11T23:25:12Z"^^xsd:dateTime ;
    sa:hardware "2 CPUs" ; sa:caveat "A minimal app." ; dct:source id:section .
  id:nodejs a sa:Runtime ; rdfs:label "Node.js" . id:bun a sa:Runtime ; rdfs:label "Bun" .
  id:server\\/bun skos:prefLabel "bun" .
  id:x sa:runsOn id:nodejs . id:y sa:runsOn id:bun .
  id:x1 rdfs:label "x" . id:x2 rdfs:label "x-bun" ; sa:webServer id:server\\/bun . id:y1 rdfs:label "y" .
  id:o1 qb:dataSet id:run ; sa:framework id:x ; sa:setup id:x1 ; sa:concurrency 512 ; sa:requestsPerSecond 5698.0 .
  id:o2 qb:dataSet id:run ; sa:framework id:x ; sa:setup id:x2 ; sa:concurrency 512 ; sa:requestsPerSecond 17626.0 .
  id:o3 qb:dataSet id:run ; sa:framework id:y ; sa:setup id:y1 ; sa:concurrency 512 ; sa:requestsPerSecond 9000.0 .
}
"""


@pytest.fixture(scope="module")
def on_runtimes() -> Figures:
    store = ox.Store()
    store.load(RUNTIMES.encode(), format=ox.RdfFormat.TRIG)
    return Figures(store)


def ranked(figures: Figures, runtime: str | None) -> list[tuple[str, float, str, str | None]]:
    found = figures.ranked(METRICS["requests_per_second"], 512, None, runtime)
    return [(vocab.slug_or_iri(f.framework), f.value, f.setup_label, f.runtime and f.runtime["label"]) for f in found]


def test_a_ranking_compares_each_framework_on_its_own_runtime_by_default(on_runtimes: Figures) -> None:
    assert ranked(on_runtimes, OWN) == [("y", 9000.0, "y", "Bun"), ("x", 5698.0, "x", "Node.js")]
    assert on_runtimes.compared_on(OWN)["runtime"] == "own"


def test_a_runtime_may_be_chosen_and_any_takes_the_best_set_up_anywhere(on_runtimes: Figures) -> None:
    assert ranked(on_runtimes, vocab.iri_for("bun")) == [("x", 17626.0, "x-bun", "Bun"), ("y", 9000.0, "y", "Bun")]
    assert ranked(on_runtimes, vocab.iri_for("nodejs")) == [("x", 5698.0, "x", "Node.js")]
    assert ranked(on_runtimes, None)[0] == ("x", 17626.0, "x-bun", "Bun")
    assert on_runtimes.compared_on(vocab.iri_for("bun"))["means"] == "each framework at its best set-up on Bun only"
