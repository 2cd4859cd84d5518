"""The landscape over HTTP, on the real server: 500+ frameworks in 40+ languages, each record with its sources."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import requests

TECHEMPOWER_FLASK = "TechEmpower Framework Benchmarks, frameworks/Python/flask/benchmark_config.json at 57d92fb"
BENCHMARKER_FLASK = "the-benchmarker web-frameworks, python/flask/config.yaml at 6ea7019"


def test_five_hundred_frameworks_in_forty_languages(live_server: str) -> None:
    frameworks = requests.get(f"{live_server}/api/frameworks", timeout=30).json()["results"]
    languages = requests.get(f"{live_server}/api/languages", timeout=30).json()["results"]
    assert len(frameworks) >= 500
    assert len({framework["id"] for framework in frameworks}) == len(frameworks)
    assert len([language for language in languages if language["frameworks"] > 0]) >= 40


def test_every_framework_record_names_a_source(live_server: str) -> None:
    slugs = [f["id"] for f in requests.get(f"{live_server}/api/frameworks", timeout=30).json()["results"]]

    def sources(slug: str) -> tuple[str, list[str]]:
        response = requests.get(f"{live_server}/api/frameworks/{slug}", timeout=30)
        assert response.status_code == 200, slug
        return slug, [source["id"] for source in response.json()["sources"]]

    with ThreadPoolExecutor(max_workers=4) as pool:
        unsourced = [slug for slug, named in pool.map(sources, slugs) if not named]
    assert unsourced == []


def test_flask_names_the_article_techempower_and_the_benchmarker_down_to_the_file(live_server: str) -> None:
    flask = requests.get(f"{live_server}/api/frameworks/flask", timeout=30).json()
    assert {source["id"] for source in flask["sources"]} >= {
        "source/top-backend-frameworks-2025",
        "source/techempower",
        "source/the-benchmarker",
    }
    language_sources = {source["label"] for source in flask["language"][0]["sources"]}
    assert {TECHEMPOWER_FLASK, BENCHMARKER_FLASK} <= language_sources
    setups = {setup["source"]["label"] for setup in flask["benchmark_setups"]}
    assert TECHEMPOWER_FLASK in setups
    # The measured figures name their run, whose caveat says what was measured.
    (run,) = flask["figures"]["runs"]
    assert "minimal routing application" in run["caveat"]
    assert {m["concurrency"] for m in flask["figures"]["measurements"]} == {64, 256, 512}
