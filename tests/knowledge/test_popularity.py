"""Survey observations: a framework's shares by year, the caveats beside every figure, rankings by year."""

from __future__ import annotations

import pytest
from issue24_support import fixture_dataset

from service import vocab
from service.knowledge.popularity import Popularity, describe

PYTHON = [vocab.iri_for(slug) for slug in ("django", "flask", "fastapi", "bottle")]


@pytest.fixture(scope="module")
def popularity() -> Popularity:
    return Popularity.read(fixture_dataset().store)


def test_a_frameworks_trend_by_year_with_caveats_and_source(popularity: Popularity) -> None:
    record = popularity.record(vocab.iri_for("fastapi"))
    assert record is not None
    assert [(y["year"], y["worked_with"]) for y in record["by_year"]] == [(2018, None), (2024, 0.09), (2025, 0.148)]
    assert record["by_year"][0]["offered"] is False  # a zero row: not offered that year, not "nobody"
    assert record["latest_year"] == 2025
    assert record["latest"]["admired"] == 0.72
    assert "Shares are of the respondents who answered the question that year." in record["caveats"]
    assert record["source"]["commit"] == "89abcdef0123456789abcdef0123456789abcdef"
    assert record["source"]["file"] == "metrics/stackoverflow_developer_survey/so-results.csv"


def test_a_figures_own_caveat_is_shown_with_it(popularity: Popularity) -> None:
    record = popularity.record(vocab.iri_for("aspnet-core"))
    assert record is not None
    assert "The table's ASP.NET row also counts ASP.NET Core." in record["caveats"]


def test_no_survey_figures_is_none(popularity: Popularity) -> None:
    assert popularity.record(vocab.iri_for("bottle")) is None


@pytest.mark.parametrize(
    ("by", "year", "order"),
    (
        ("popularity", None, ["FastAPI", "Flask", "Django"]),  # the latest year, 2025
        ("popularity", 2024, ["Flask", "Django", "FastAPI"]),
        ("admired", None, ["FastAPI", "Django", "Flask"]),
        ("popularity", 2019, []),
    ),
)
def test_ranked_by_a_measure_in_a_year(popularity: Popularity, by: str, year: int | None, order: list[str]) -> None:
    ranked = popularity.ranked(PYTHON, by, year)
    assert [o.label for o in ranked["observations"]] == order
    assert ranked["year"] == (year or 2025)
    assert ranked["source"] is not None


def test_describe_says_the_share_year_and_counts(popularity: Popularity) -> None:
    observation = popularity.share(vocab.iri_for("django"), "worked-with", 2025)
    assert observation is not None
    assert describe(observation) == "Django: 11.9 % of respondents worked with it in 2025 (3,100 of 26,000)"
