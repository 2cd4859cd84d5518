"""The measured figures drawn (issue 16): charts in the explorer's panel and side by side on the compare page.

Every number a test reads off a chart is compared with the API's JSON: each bar carries the value as the API gave
it (data-value) and says it in words in its <title>. Watched pages (conftest.py): only 127.0.0.1, no JavaScript
error, no dialog. Waits are on the DOM (`expect`), never on time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import requests
from explorer_page import open_explorer
from playwright.sync_api import Locator, Page, expect

QUESTION = "Python frameworks suited to APIs according to the article"  # Flask and FastAPI (as in test_explorer)
Screenshot = Callable[..., None]
PHONE = {"width": 390, "height": 844}


def api(live_server: str, path: str) -> Any:
    return requests.get(f"{live_server}{path}", timeout=30).json()


def bars(chart: Locator) -> list[tuple[str, float]]:
    """The bars of a chart as drawn: each one's name and value (data-value, the API's number)."""
    found = chart.locator("g.bar").evaluate_all(
        "(gs) => gs.map((g) => [g.dataset.label, g.dataset.value, g.querySelector('title').textContent])"
    )
    for label, _, said in found:
        assert said.startswith(f"{label}: "), said  # each bar says its number in words too
    return [(label, float(value)) for label, value, _ in found]


def expect_run(box: Locator, run: dict[str, Any]) -> None:
    """The run beside a chart, exactly as the API gives it."""
    note = box.locator(".run-note")
    expect(note).to_contain_text(run["label"])
    expect(note).to_contain_text(run["date"])
    expect(note).to_contain_text(run["hardware"])
    expect(note.locator(".caveat-text")).to_have_text(run["caveat"])


def unmeasured_framework(live_server: str) -> dict[str, Any]:
    ranking = api(live_server, "/api/frameworks?sort=requests_per_second")
    result: dict[str, Any] = next(r for r in ranking["results"] if "figure" not in r)
    return result


def test_a_measured_framework_charts_its_figures_at_each_level(
    watched_page: Page, live_server: str, screenshot: Screenshot
) -> None:
    page = watched_page
    figures = api(live_server, "/api/frameworks/flask")["figures"]
    open_explorer(page, live_server + "/?focus=flask")
    expect(page.locator("#panel-body h2")).to_have_text("Flask")
    chart = page.locator('#panel-body figure.figures-chart[data-for="flask"]')
    expect(chart.locator("svg.chart g.bar")).to_have_count(len(figures["measurements"]))
    expect(chart.locator("svg.chart > title")).to_have_text(re.compile(r"^Flask: requests/s at each"))
    levels = [f"{m['concurrency']} connections" for m in figures["measurements"]]
    assert bars(chart) == list(zip(levels, [m["requests_per_second"] for m in figures["measurements"]], strict=True))
    expect_run(chart, figures["runs"][0])
    chart.scroll_into_view_if_needed()
    screenshot(page, "figures-framework")
    # The latency view, from the keyboard: the toggle is a button.
    p99 = chart.get_by_role("button", name="p99 latency")
    p99.focus()
    page.keyboard.press("Enter")
    expect(p99).to_have_attribute("aria-pressed", "true")
    expect(chart.locator("svg.chart > title")).to_have_text(re.compile(r"^Flask: p99 latency"))
    assert bars(chart) == list(zip(levels, [m["latency_p99"] for m in figures["measurements"]], strict=True))
    expect(chart.locator("g.bar").first.locator("title")).to_contain_text(
        f"{figures['measurements'][0]['latency_p99'] * 1000:.2f} ms"
    )
    page.set_viewport_size(PHONE)
    chart.scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "nothing wider than the screen"
    screenshot(page, "figures-framework-phone")


def test_a_framework_not_measured_says_so(watched_page: Page, live_server: str) -> None:
    page = watched_page
    framework = unmeasured_framework(live_server)
    assert api(live_server, f"/api/frameworks/{framework['id']}")["figures"]["measurements"] == []
    open_explorer(page, f"{live_server}/?focus={quote(framework['id'])}")
    expect(page.locator("#panel-body h2")).to_have_text(framework["label"])
    expect(page.locator("#panel-body .not-measured")).to_contain_text("Not measured")
    expect(page.locator("#panel-body svg.chart")).to_have_count(0)


def test_the_answers_to_a_question_are_charted_best_first(
    watched_page: Page, live_server: str, screenshot: Screenshot
) -> None:
    page = watched_page
    open_explorer(page, f"{live_server}/?q={quote(QUESTION)}")
    ids = page.locator("#answers > li").evaluate_all("(lis) => lis.map((li) => li.dataset.id)")
    assert sorted(ids) == ["fastapi", "flask"]
    table = api(live_server, "/api/figures?ids=" + ",".join(ids))
    chart = page.locator("#panel-body figure.figures-chart.set")
    expect(chart.locator("svg.chart g.bar")).to_have_count(2)

    def expected(metric: str, level: int, best: Callable[[list[float]], float]) -> list[tuple[str, float]]:
        values = []
        for framework in table["frameworks"]:
            at = next(entry for entry in framework["levels"] if entry["concurrency"] == level)
            values.append((framework["label"], at[metric]["value"]))
        order = sorted(values, key=lambda pair: pair[1], reverse=best is max)
        return order

    level = table["default_level"]
    expect(chart.locator("svg.chart > title")).to_contain_text(f"at {level} connections")
    assert bars(chart) == expected("requests_per_second", level, max)
    expect_run(chart, table["runs"][0])
    chart.scroll_into_view_if_needed()
    screenshot(page, "figures-answers")
    chart.get_by_role("button", name="64 conn.").click()
    chart.get_by_role("button", name="p50 latency").click()
    expect(chart.locator("svg.chart > title")).to_contain_text("p50 latency at 64 connections")
    assert bars(chart) == expected("latency_p50", 64, min)


def test_an_open_language_group_charts_its_frameworks_and_names_those_not_measured(
    watched_page: Page, live_server: str, screenshot: Screenshot
) -> None:
    page = watched_page
    open_explorer(page, live_server + "/")
    python = next(group for group in api(live_server, "/api/overview")["groups"] if group["id"] == "python")
    page.locator("#in-view summary").click()
    page.locator("#in-view-list").get_by_role("button", name=re.compile(r"^Python · ")).click()
    expect(page.locator("#graph")).to_have_attribute("data-open", "group:python")
    expect(page.locator("#panel-body h2")).to_have_text("Python")
    table = api(live_server, "/api/figures?ids=" + ",".join(member["id"] for member in python["members"]))
    measured = [f for f in table["frameworks"] if f["measured"]]
    missing = [f["label"] for f in table["frameworks"] if not f["measured"]]
    assert measured and missing, "the bundled graph has both in Python"
    level = table["default_level"]
    rates = sorted(
        (
            (f["label"], at["requests_per_second"]["value"])
            for f in measured
            for at in f["levels"]
            if at["concurrency"] == level and "requests_per_second" in at
        ),
        key=lambda pair: (-pair[1], pair[0]),
    )
    chart = page.locator("#panel-body figure.figures-chart.set")
    expect(chart.locator("svg.chart g.bar")).to_have_count(min(15, len(rates)))
    assert bars(chart) == rates[:15]
    expect(chart.locator(".not-measured")).to_contain_text(f"Not measured ({len(missing)})")
    for label in missing:
        expect(chart.locator(".not-measured")).to_contain_text(label)
    expect_run(chart, table["runs"][0])
    screenshot(page, "figures-group")
    if len(rates) > 15:
        chart.get_by_role("button", name=f"Show all {len(rates)}").click()
        expect(chart.locator("svg.chart g.bar")).to_have_count(len(rates))
        assert bars(chart) == rates
    # Closed again: the panel goes back to the welcome.
    page.locator("#in-view-list").get_by_role("button", name=re.compile(r"^Python · ")).click()
    expect(page.locator("#graph")).to_have_attribute("data-open", "")
    expect(page.locator("#panel-body #welcome")).to_be_visible()


def test_the_compare_page_shows_the_figures_side_by_side(
    watched_page: Page, live_server: str, screenshot: Screenshot
) -> None:
    page = watched_page
    ids = ["flask", "fastapi", "django"]
    table = api(live_server, "/api/figures?ids=" + ",".join(ids))
    page.goto(f"{live_server}/compare?ids={','.join(ids)}")
    body = page.locator("#figures-body")
    expect(body).to_have_attribute("data-state", "ready")
    charts = body.locator("figure.compare-chart")
    expect(charts).to_have_count(3)  # requests/s, p50 and p99
    for metric in ("requests_per_second", "latency_p50", "latency_p99"):
        chart = body.locator(f'figure.compare-chart[data-metric="{metric}"]')
        drawn = bars(chart)
        wanted = [
            (f["label"], at[metric]["value"])
            for level in table["levels"]
            for f in table["frameworks"]
            for at in f["levels"]
            if at["concurrency"] == level and metric in at
        ]
        assert drawn == wanted, metric  # a group of bars per level, the frameworks in the page's order
        expect(chart.locator(".group-label")).to_have_count(len(table["levels"]))
    cells = body.locator("table.figures-side td[data-value]")
    values = [float(value) for value in cells.evaluate_all("(tds) => tds.map((td) => td.dataset.value)")]
    assert values == [
        next(at for at in f["levels"] if at["concurrency"] == level)[metric]["value"]
        for level in table["levels"]
        for metric in ("requests_per_second", "latency_p50", "latency_p99")
        for f in table["frameworks"]
    ]
    expect(body.locator("table.figures-side thead")).to_contain_text("Flask")
    expect_run(body, table["runs"][0])
    # The page uses its width: what they share runs across the top, not a tall narrow box.
    shared = page.locator("#shared").bounding_box()
    grid = page.locator(".summary-grid").bounding_box()
    assert shared and grid and shared["width"] >= 0.95 * grid["width"]
    screenshot(page, "compare-figures", full_page=True)
    page.set_viewport_size(PHONE)
    expect(charts.first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "nothing wider than the screen"
    screenshot(page, "compare-figures-phone", full_page=True)


def test_the_compare_page_names_a_framework_not_measured(watched_page: Page, live_server: str) -> None:
    page = watched_page
    framework = unmeasured_framework(live_server)
    page.goto(f"{live_server}/compare?ids=flask,{quote(framework['id'])}")
    body = page.locator("#figures-body")
    expect(body).to_have_attribute("data-state", "ready")
    expect(body.locator(".not-measured")).to_contain_text(framework["label"])
    expect(body.locator("table.figures-side td.muted")).to_have_count(3 * 3)  # 3 levels x 3 metrics
    assert {label for label, _ in bars(body.locator("figure.compare-chart").first)} == {"Flask"}


def test_every_answer_is_charted_however_many_as_the_ranking_orders_them(watched_page: Page, live_server: str) -> None:
    page = watched_page
    ranking = api(live_server, "/api/frameworks?sort=requests_per_second")
    answer = api(live_server, "/api/ask?q=" + quote("all frameworks"))
    assert len(answer["results"]) > 300, "more answers than one /api/figures request may name"
    open_explorer(page, f"{live_server}/?q={quote('all frameworks')}")
    chart = page.locator("#panel-body figure.figures-chart.set")
    expect(chart.locator("svg.chart > title")).to_contain_text(f"at {ranking['ranking']['concurrency']} connections")
    measured = ranking["ranking"]["measured"]
    chart.get_by_role("button", name=f"Show all {measured}").click()
    expect(chart.locator("svg.chart g.bar")).to_have_count(measured)
    ranked = [(r["label"], r["figure"]["value"]) for r in ranking["results"] if "figure" in r]
    assert sorted(bars(chart), key=lambda pair: (-pair[1], pair[0])) == sorted(ranked, key=lambda p: (-p[1], p[0]))
    assert bars(chart)[0] == ranked[0]  # the best, as GET /api/frameworks?sort= ranks it
    expect(chart.locator(".not-measured")).to_contain_text(f"Not measured ({len(answer['results']) - measured})")


def test_a_chart_says_its_numbers_in_words_for_screen_readers(watched_page: Page, live_server: str) -> None:
    page = watched_page
    first = api(live_server, "/api/frameworks/flask")["figures"]["measurements"][0]
    open_explorer(page, live_server + "/?focus=flask")
    chart = page.locator('#panel-body figure.figures-chart[data-for="flask"] svg.chart')
    expect(chart).to_have_attribute("role", "img")
    expect(chart).to_have_attribute("aria-label", re.compile(r"^Flask: requests/s"))
    wanted = f"{first['concurrency']} connections {round(first['requests_per_second']):,} req/s"
    expect(chart.locator("desc")).to_contain_text(wanted)


def test_a_cluster_in_the_legend_charts_its_frameworks(watched_page: Page, live_server: str) -> None:
    page = watched_page
    cluster = api(live_server, "/api/clusters")["clusters"][0]
    table = api(live_server, "/api/figures?ids=" + ",".join(cluster["members"]))
    measured = sum(f["measured"] for f in table["frameworks"])
    open_explorer(page, live_server + "/?focus=flask")
    page.locator("#clusters").click()
    expect(page.locator("#graph")).to_have_attribute("data-similar", re.compile(r"^[1-9]"))
    expect(page.locator("#graph")).to_have_attribute("data-layout", "done")
    button = page.locator(f'#legend button[data-cluster="{cluster["id"]}"]')
    expect(button).to_have_text(cluster["label"])
    button.focus()
    page.keyboard.press("Enter")  # from the keyboard
    expect(page.locator("#panel-body h2")).to_have_text(cluster["label"])
    chart = page.locator("#panel-body figure.figures-chart.set")
    expect(chart.locator("svg.chart g.bar")).to_have_count(min(15, measured))
    labels = {f["label"] for f in table["frameworks"] if f["measured"]}
    assert {label for label, _ in bars(chart)} <= labels
    expect_run(chart, table["runs"][0])
