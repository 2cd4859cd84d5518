"""Ranking answers by the survey: read from "popular", "most admired", "in 2020"; ranked with the year and caveats."""

from __future__ import annotations

import pytest
from issue24_support import fixture_dataset

from service import vocab
from service.knowledge.ask.lexicon import Lexicon
from service.knowledge.ask.popular import PopularityRanking, rank
from service.knowledge.ask.reading import read_question
from service.knowledge.catalog import Catalog
from service.knowledge.figures import Figures
from service.knowledge.popularity import Popularity


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon(Catalog(fixture_dataset().store))


@pytest.fixture(scope="module")
def popularity() -> Popularity:
    return Popularity.read(fixture_dataset().store)


@pytest.mark.parametrize(
    ("question", "intent", "by", "year"),
    (
        ("popular Python frameworks", "list", "popularity", None),
        ("most popular backend framework", "all", "popularity", None),
        ("most admired Python frameworks", "list", "admired", None),
        ("most popular frameworks in 2020", "all", "popularity", 2020),
        ("how popular is Django", "list", "popularity", None),
    ),
)
def test_read(lexicon: Lexicon, question: str, intent: str, by: str, year: int | None) -> None:
    reading = read_question(lexicon, question, figures=Figures(lexicon.catalog.store))
    assert reading.intent == intent
    assert reading.popular is not None and (reading.popular.by, reading.popular.year) == (by, year)
    assert reading.ignored == ()


def test_rank_keeps_those_with_a_share_best_first_citing_year_and_caveats(popularity: Popularity) -> None:
    found = [{"id": s, "label": s, "iri": vocab.iri_for(s), "why": []} for s in ("django", "bottle", "flask")]
    kept, how = rank(PopularityRanking("popularity"), found, popularity)
    assert [r["id"] for r in kept] == ["flask", "django"]
    assert (how["year"], how["ranked"], how["unranked"]) == (2025, 2, 1)
    reason = kept[0]["why"][-1]
    assert reason["text"] == (
        "Flask: 13.3 % of respondents worked with it in 2025 (3,460 of 26,000), Stack Overflow Developer Survey 2025"
    )
    assert "Shares are of the respondents who answered the question that year." in reason["caveats"]
    assert how["source"]["file"] == "metrics/stackoverflow_developer_survey/so-results.csv"
