"""Superlatives: a ranking said in words, placed at a level of a run, and the answers ranked by a measured figure."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
import pytest

from service import vocab
from service.knowledge.ask.ranking import Ranking, at_level, figures_of, rank_results
from service.knowledge.catalog import Catalog
from service.knowledge.figures import Figures

# One run: A measured at 64 and 512 connections, B at 512 only, C never.
TINY = """@prefix sa: <https://w3id.org/stackatlas/ontology#> .
@prefix id: <https://w3id.org/stackatlas/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
id:bench {
  id:run a sa:BenchmarkRun ; rdfs:label "round one" ; dct:date "2026-02-11T23:25:12Z"^^xsd:dateTime ;
    sa:hardware "2 CPUs" ; sa:caveat "A minimal app." ; dct:source id:section .
  id:section rdfs:label "the data file" .
  id:a1 rdfs:label "a-fast" . id:b1 rdfs:label "b-only" .
  id:o1 qb:dataSet id:run ; sa:framework id:a ; sa:setup id:a1 ; sa:concurrency 64 ; sa:requestsPerSecond 900.0 .
  id:o2 qb:dataSet id:run ; sa:framework id:a ; sa:setup id:a1 ; sa:concurrency 512 ; sa:requestsPerSecond 1200.0 .
  id:o3 qb:dataSet id:run ; sa:framework id:b ; sa:setup id:b1 ; sa:concurrency 512 ; sa:requestsPerSecond 300.5 .
}
"""
FASTEST = Ranking("requests_per_second", True, "fastest first", "fastest")
SLOWEST = Ranking("requests_per_second", False, "slowest first", "slowest")


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    store.load(TINY.encode(), format=ox.RdfFormat.TRIG)
    return store


@pytest.fixture(scope="module")
def figures(store: ox.Store) -> Figures:
    return Figures(store)


def results(*slugs: str) -> list[dict[str, Any]]:
    return [{"id": slug, "label": slug.upper(), "iri": vocab.iri_for(slug), "why": []} for slug in slugs]


def test_a_ranking_says_its_metric_level_and_runs() -> None:
    assert FASTEST.describe() == "fastest first by requests per second"
    at = Ranking("latency_p99", False, "slowest first", "slowest", 512, ("run a", "run b"))
    assert at.describe() == "slowest first by 99th percentile latency at 512 connections (run a and run b)"


def test_the_api_describes_the_ranking_asked_for() -> None:
    assert FASTEST.as_json() == {
        "metric": "requests_per_second",
        "best_first": True,
        "matched": "fastest",
        "concurrency": None,
        "means": "fastest first by requests per second",
    }


def test_a_ranking_is_placed_at_the_highest_level_measured_with_its_runs(figures: Figures) -> None:
    placed = at_level(FASTEST, figures)
    assert (placed.level, placed.runs) == (512, ("round one",))
    assert placed.describe() == "fastest first by requests per second at 512 connections (round one)"
    assert at_level(FASTEST, Figures(ox.Store())) == FASTEST


def test_the_measured_answers_are_kept_best_first_each_with_its_figure_said(figures: Figures) -> None:
    kept, ranking = rank_results(FASTEST, results("c", "b", "a"), figures)
    assert [(r["id"], r["figure"]["value"]) for r in kept] == [("a", 1200.0), ("b", 300.5)]
    assert kept[0]["why"] == [
        {
            "triple": ["id:a", "sa:requestsPerSecond", "1200"],
            "text": "A: 1,200 requests per second at 512 connections (a-fast), in the round one",
            "source": {"id": "section", "label": "the data file"},
        }
    ]
    assert (ranking["metric"], ranking["unit"], ranking["concurrency"]) == ("requests_per_second", "requests/s", 512)
    assert (ranking["unmeasured"], ranking["caveat"]) == (1, "A minimal app.")
    assert ranking["run"] == {"id": "run", "label": "round one", "date": "2026-02-11T23:25:12Z", "hardware": "2 CPUs"}
    assert "runs" not in ranking


def test_slowest_first_reverses_the_order_and_a_level_asked_for_is_kept(figures: Figures) -> None:
    kept, _ = rank_results(SLOWEST, results("a", "b"), figures)
    assert [r["id"] for r in kept] == ["b", "a"]
    at64, ranking = rank_results(
        Ranking("requests_per_second", True, "fastest first", "fastest", 64), results("a", "b"), figures
    )
    assert [(r["id"], r["figure"]["value"]) for r in at64] == [("a", 900.0)]
    assert (ranking["concurrency"], ranking["unmeasured"]) == (64, 1)


def test_nothing_measured_keeps_nothing_and_says_so(figures: Figures) -> None:
    kept, ranking = rank_results(FASTEST, results("c"), figures)
    assert kept == []
    assert ranking["unmeasured"] == 1
    assert ranking["run"]["label"] == "round one"  # the run that was looked in, said all the same


def test_a_catalogs_figures_are_read_once(store: ox.Store) -> None:
    catalog = Catalog(store)
    assert figures_of(catalog) is figures_of(catalog)
    assert figures_of(catalog).levels == [64, 512]
