"""The SPARQL editor page in a real browser: it runs a query against this endpoint and shows rows."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect


def test_editor_runs_the_example_query_and_shows_rows(
    watched_page: Page, live_server: str, screenshot: Callable[[Page, str], None]
) -> None:
    page = watched_page
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{live_server}/sparql")
    page.locator(".yasqe_queryButton").click()
    table = page.locator(".yasr table tbody")
    expect(table).to_contain_text("FastAPI")
    expect(table).to_contain_text("Starlette")  # from the project's curation
    expect(table.locator("tr")).to_have_count(12)  # the article's, the curation's and the primary sources' (issue 24)
    page.select_option("#examples", label="Python frameworks suited to APIs, only from what the article says")
    page.locator(".yasqe_queryButton").click()
    expect(table.locator("tr")).to_have_count(2)
    expect(table).to_contain_text("Flask")
    screenshot(page, "sparql-editor")


def test_example_menu_and_query_in_the_url(watched_page: Page, live_server: str) -> None:
    page = watched_page
    page.goto(f"{live_server}/sparql#query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D")
    expect(page.locator(".yasqe")).to_contain_text("ASK { ?s ?p ?o }")
    page.select_option("#examples", label="The use-case hierarchy")
    expect(page.locator(".yasqe")).to_contain_text("skos:broader/skos:prefLabel")


def test_a_describe_query_can_be_viewed_as_a_graph(watched_page: Page, live_server: str) -> None:
    page = watched_page
    page.goto(f"{live_server}/sparql")
    link = page.locator("#view-as-graph")
    expect(page.locator(".yasqe")).to_contain_text("SELECT")
    expect(link).to_be_hidden()  # a SELECT gives rows, not a graph
    page.evaluate(
        "() => window.stackatlasYasgui.getTab().getYasqe()"
        ".setValue('PREFIX id: <https://w3id.org/stackatlas/id/>\\nDESCRIBE id:fastapi')"
    )
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile(r"/\?construct="))
    expect(page.locator("#graph")).to_have_attribute("data-state", "ready")
    expect(page.locator("#in-view-list")).to_contain_text("FastAPI")
    expect(page.locator("#in-view-list")).to_contain_text("Python")
