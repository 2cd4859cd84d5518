"""Release cycles on a timeline and the survey trend (issue 24), in the explorer's panel and on the compare page.

On the fixture graph (tests/data/issue24), served by the real server. Every date and share read off a chart is
compared with the API's JSON: each cycle and point carries it as the API gave it (data-*). Watched pages
(conftest.py): only 127.0.0.1, no JavaScript error, no dialog. Waits are on the DOM (`expect`), never on time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

import pytest
import requests
from explorer_page import open_explorer
from issue24_support import FIXTURE
from playwright.sync_api import Locator, Page, expect


@pytest.fixture(scope="module")
def base(start_service: Callable[..., str]) -> Iterator[str]:
    yield start_service([], {"DATA": str(FIXTURE)})


def record(base: str, slug: str) -> Any:
    return requests.get(f"{base}/api/frameworks/{slug}", timeout=30).json()


def cycles_drawn(chart: Locator) -> list[dict[str, str]]:
    found = chart.locator("g.cycle").evaluate_all("(gs) => gs.map((g) => ({...g.dataset}))")
    assert isinstance(found, list)
    return found


def as_drawn(cycle: dict[str, Any]) -> dict[str, str]:
    return {
        "cycle": cycle["cycle"],
        "release": cycle["release_date"],
        "end": cycle["end_of_life"],
        "supported": str(cycle["supported"]).lower(),
        "lts": str(cycle["lts"]).lower(),
    }


def points_drawn(chart: Locator) -> list[tuple[int, float]]:
    found = chart.locator("g.point").evaluate_all("(gs) => gs.map((g) => [g.dataset.year, g.dataset.value])")
    return [(int(year), float(value)) for year, value in found]


def expect_timeline(box: Locator, answer: dict[str, Any]) -> None:
    """The timeline shows the API's cycles, dates, LTS and support, the date as a line and the file as the source."""
    timeline = box.locator("figure.lifecycle-chart")
    expect(timeline.locator("g.cycle").first).to_be_visible()
    cycles = answer["release_cycles"]["cycles"]
    drawn = cycles_drawn(timeline)
    by_name = {cycle["cycle"]: as_drawn(cycle) for cycle in cycles}
    assert drawn == [by_name[entry["cycle"]] for entry in drawn]  # each as the API gives it, newest on top
    assert {c["cycle"] for c in cycles if c["supported"]} <= {entry["cycle"] for entry in drawn}  # every supported
    expect(timeline.locator("line.today")).to_have_attribute("data-date", answer["release_cycles"]["as_of"])
    link = timeline.locator("figcaption a.source-link")
    expect(link).to_have_attribute("href", cycles[0]["source"]["url"])
    expect(link).to_have_text(cycles[0]["source"]["label"])


def expect_trend(box: Locator, popularity: dict[str, Any], caveats: bool = True) -> None:
    """The survey chart has a point per year with a share, as the API gives it, and its source (and caveats)."""
    trend = box.locator("figure.survey-chart")
    expect(trend.locator("g.point").first).to_be_attached()
    shares = [(y["year"], y["worked_with"]) for y in popularity["by_year"] if y.get("worked_with") is not None]
    assert points_drawn(trend) == shares
    if caveats:
        expect(trend.locator("li.caveat")).to_have_text(popularity["caveats"])
    expect(trend.locator("figcaption a.source-link")).to_have_attribute("href", popularity["source"]["url"])


def test_the_panel_shows_release_cycles_on_a_timeline_and_the_survey_trend(watched_page: Page, base: str) -> None:
    page = watched_page
    answer = record(base, "django")
    open_explorer(page, base + "/?focus=django")
    expect(page.locator("#panel-body h2")).to_have_text("Django")
    panel = page.locator("#panel-body")
    expect_timeline(panel, answer)
    lts = panel.locator("figure.lifecycle-chart g.cycle.is-lts")
    expect(lts).to_have_count(2)  # 5.2 and 4.2
    # Django 1.0 ended in the fixture's 2008, past the timeline's reach: listed by the API, not drawn.
    assert "1.0" not in [entry["cycle"] for entry in cycles_drawn(panel.locator("figure.lifecycle-chart"))]
    expect_trend(panel, answer["popularity"])
    expect(panel.locator("p.maintained")).to_have_attribute("data-status", answer["maintained"]["status"])


def test_a_year_not_offered_is_said_not_drawn_as_zero(watched_page: Page, base: str) -> None:
    page = watched_page
    answer = record(base, "fastapi")
    open_explorer(page, base + "/?focus=fastapi")
    panel = page.locator("#panel-body")
    expect_trend(panel, answer["popularity"])
    expect(panel.locator("p.not-offered")).to_have_text("Not offered in 2018.")
    expect(panel.locator("p.no-cycles")).to_have_text("No release cycles of FastAPI in the graph.")


def test_a_framework_on_a_runtime_shows_the_runtimes_cycles_as_such(watched_page: Page, base: str) -> None:
    page = watched_page
    answer = record(base, "aspnet-core")
    open_explorer(page, base + "/?focus=aspnet-core")
    timeline = page.locator("#panel-body figure.lifecycle-chart")
    expect(timeline.locator("p.runtime-note")).to_contain_text("these are .NET's, the runtime it runs on")
    drawn = cycles_drawn(timeline)
    assert drawn == [as_drawn(c) for c in answer["release_cycles"]["runtime"][0]["cycles"]]


def test_the_compare_page_shows_cycles_and_trends_side_by_side(watched_page: Page, base: str) -> None:
    page = watched_page
    page.goto(f"{base}/compare?ids=django,flask")
    body = page.locator("#lifecycle-body")
    expect(body).to_have_attribute("data-state", "ready")
    django, flask = body.locator('section[data-id="django"]'), body.locator('section[data-id="flask"]')
    expect_timeline(django, record(base, "django"))
    expect_trend(django, record(base, "django")["popularity"], caveats=False)
    expect(flask.locator("p.no-cycles")).to_have_text("No release cycles of Flask in the graph.")
    expect_trend(flask, record(base, "flask")["popularity"], caveats=False)
    # One table: its caveats once, under the charts, every caveat of either framework's figures.
    caveats = {c for slug in ("django", "flask") for c in record(base, slug)["popularity"]["caveats"]}
    shown = body.locator(".survey-caveats li.caveat").all_text_contents()
    assert sorted(shown) == sorted(caveats) and len(shown) == len(caveats)


def test_the_panel_says_where_the_description_and_kind_come_from(watched_page: Page, base: str) -> None:
    page = watched_page
    answer = record(base, "nestjs")
    open_explorer(page, base + "/?focus=nestjs")
    expect(page.locator("#panel-body p.description")).to_have_text(answer["description"])
    cited = page.locator("#panel-body p.description-source .source")
    expect(cited).to_contain_text(answer["descriptions"][0]["source"]["label"])
    expect(page.locator('#panel-body h3:text-is("Kind") + *')).to_contain_text(answer["kind"][0]["label"])


def test_an_answer_about_a_cycle_says_it_in_one_sentence_with_the_date(watched_page: Page, base: str) -> None:
    page = watched_page
    question = "is Django 4.2 still supported?"
    answer = requests.get(f"{base}/api/ask", params={"q": question}, timeout=30).json()
    open_explorer(page, f"{base}/?q={quote(question)}")
    said = page.locator("#panel-body p.lifecycle-answer")
    expect(said).to_have_text(answer["lifecycle"]["text"])
    expect(said).to_have_attribute("data-answer", f'"{answer["lifecycle"]["answer"]}"')
    expect(page.locator("#panel-body p.as-of")).to_have_text(f"Judged as of {answer['as_of']}.")
    expect(page.locator("#answers li .why li").first).to_contain_text("Django 4.2 is")


def test_a_ranking_by_the_survey_says_its_year_caveats_and_source(watched_page: Page, base: str) -> None:
    page = watched_page
    question = "popular Python frameworks"
    answer = requests.get(f"{base}/api/ask", params={"q": question}, timeout=30).json()
    open_explorer(page, f"{base}/?q={quote(question)}")
    ranking = page.locator("#panel-body .survey-ranking")
    expect(ranking).to_contain_text(answer["ranking"]["means"])
    expect(ranking.locator("li.caveat")).to_have_text(answer["ranking"]["caveats"])
    expect(ranking.locator("a.source-link")).to_have_attribute("href", answer["ranking"]["source"]["url"])
    drawn = page.locator("#answers > li").evaluate_all("(items) => items.map((item) => item.dataset.id)")
    assert drawn == [result["id"] for result in answer["results"]]  # in the survey's order
