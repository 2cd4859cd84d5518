"""The explorer as native ES modules, on what the server sends it: its vocabularies, filters, words and queries.

Every test runs on a watched page (tests/browser/conftest.py): it fails on a request to any host but
127.0.0.1, on a JavaScript or console error (a module the CSP refused would be one), and on any dialog.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

import requests
from explorer_page import OVERLAPS, heading, js, open_explorer, section
from playwright.sync_api import Page, expect

# "according to the article" keeps the answer to the article's claims: a small, stable answer (as in test_explorer).
QUESTION = "Python frameworks suited to APIs according to the article"
Screenshot = Callable[..., None]
MODULES = (
    "main",
    "dom",
    "state",
    "vocab",
    "http",
    "graph-view",
    "panel",
    "search",
    "ask",
    "filters",
    "url-state",
    "exports",
    "construct",
    "ntriples",
    "clusters",
    "overview",
    "elements",
    "charts",
    "figures-panel",
    "phone",
    "labels",
    "label-placement",
    "legend",
    "viewport",
    "graph-style",
    "scales",
    "packing",
)


def answers(page: Page) -> list[str]:
    """The names of the answers in the panel, as shown."""
    return [text.strip() for text in page.locator("#answers > li .title").all_text_contents()]


def test_the_explorer_runs_as_modules_without_errors(watched_page: Page, live_server: str) -> None:
    page = watched_page
    scripts: list[str] = []
    page.on("response", lambda response: scripts.append(response.url) if response.url.endswith(".js") else None)
    open_explorer(page, live_server + "/")
    expect(page.locator("#in-view-list")).to_contain_text("Python · ")  # the overview: languages, as groups
    expect(page.locator("#in-view-count")).to_have_text(re.compile(r"^\d+ nodes, \d+ edges$"))
    assert page.evaluate("document.querySelector('script[type=module]').getAttribute('src')") == (
        "/static/explorer/main.js"
    )
    loaded = {url.removeprefix(live_server) for url in scripts}
    assert {f"/static/explorer/{name}.js" for name in MODULES} <= loaded
    assert "/static/explorer.js" not in loaded
    # Nothing of the explorer leaks into the page's globals but the handle the tests use (ids are globals anyway).
    names = ["state", "cy", "config", "current", "mode", "shownAnswer", "layoutRun"]
    assert page.evaluate("(names) => names.filter((name) => name in window)", names) == []


def test_the_audience_filter_is_offered_and_works(watched_page: Page, live_server: str, screenshot: Screenshot) -> None:
    page = watched_page
    open_explorer(page, live_server + "/")
    page.locator("#filters summary").click()
    audience = page.get_by_label("Recommended for")
    expect(audience).to_be_visible()
    expect(audience.locator("option", has_text="Beginners")).to_have_count(1)
    audience.select_option("beginners")
    page.get_by_role("button", name="Show matches").click()
    expect(heading(page)).to_have_text("Filtered frameworks")
    expect(page.locator("#panel-body")).to_contain_text("Read as: frameworks recommended for Beginners")
    expected = requests.get(f"{live_server}/api/frameworks?audience=beginners", timeout=10).json()["results"]
    expect(page.locator("#answers > li")).to_have_count(len(expected))
    assert sorted(answers(page)) == sorted(item["label"] for item in expected) == ["Django", "Flask"]
    expect(page.locator("#status")).to_have_text("2 frameworks match.")
    expect(page).to_have_url(re.compile(r"/\?audience=beginners$"))
    expect(page.locator("#in-view-list")).to_contain_text("Beginners")  # the term is drawn, answers joined to it
    assert js(page, "cy.nodes('.term').map((n) => n.id())") == ["beginners"]
    labels = js(page, "cy.edges('.why').filter((e) => e.target().id() === 'beginners').map((e) => e.data('label'))")
    assert labels == ["recommended for", "recommended for"]  # the server's words for an audience
    expect(page.locator("#legend")).to_contain_text("why it matches")
    screenshot(page, "explorer-audience")
    # The deep link opens on the same answers with the form showing them; Escape closes the menu for the keyboard.
    open_explorer(page, live_server + "/?audience=beginners")
    expect(page.locator("#answers > li")).to_have_count(2)
    page.locator("#filters summary").click()
    expect(audience).to_have_value("beginners")
    page.keyboard.press("Escape")
    expect(page.locator("#filters summary")).to_be_focused()
    expect(audience).to_be_hidden()
    page.locator("#filters summary").click()
    page.get_by_role("button", name="Clear").click()
    expect(page.locator("#welcome")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/$"))


def test_a_benchmark_filter_from_the_server_is_read_from_the_url(watched_page: Page, live_server: str) -> None:
    page = watched_page
    query = "language=python&classification=benchmark-class/micro"
    open_explorer(page, f"{live_server}/?{query}")
    expected = requests.get(f"{live_server}/api/frameworks?{query}", timeout=10).json()["results"]
    assert len(expected) > 2
    expect(page.locator("#answers > li")).to_have_count(len(expected))
    expect(page.locator("#panel-body")).to_contain_text("for apps in Python and classified micro by TechEmpower")
    expect(page.locator("select[name=classification]")).to_have_value("benchmark-class/micro")
    expect(page.locator("select[name=language]")).to_have_value("python")
    labels = js(page, "[...new Set(cy.edges('.why-added').map((e) => e.data('label')))]")
    assert labels == ["classified"]  # Python is drawn and joined already; the class is joined by the server's word


def test_ask_then_panel_then_search_from_the_keyboard(watched_page: Page, live_server: str) -> None:
    page = watched_page
    open_explorer(page, live_server + "/")
    page.locator("#ask-q").fill(QUESTION)
    page.locator("#ask-q").press("Enter")
    expect(page.locator("#answers > li")).to_have_count(2)
    expect(page).to_have_url(re.compile(r"\?q=" + re.escape(quote(QUESTION).replace("%20", "+")) + "$"))
    assert sorted(answers(page)) == ["FastAPI", "Flask"]
    # Flask to Python is an edge of the start view; Flask to APIs is drawn with the server's word for a use case.
    assert js(page, "cy.getElementById('why flask apis').data('label')") == "suited to"
    assert js(page, "cy.getElementById('flask').edgesTo(cy.getElementById('python')).hasClass('why')") is True
    page.locator("#answers").get_by_role("button", name="Flask").click()
    expect(heading(page)).to_have_text("Flask")
    expect(section(page, "Language")).to_have_text("Python")
    assert js(page, "cy.$(':selected').map((n) => n.id())") == ["flask"]
    page.locator("body").press("/")
    expect(page.locator("#search")).to_be_focused()
    page.keyboard.type("fastap")
    expect(page.locator("#search-results [aria-selected=true]")).to_contain_text("FastAPI")
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("FastAPI")
    expect(page.locator("#panel")).to_be_focused()
    expect(page).to_have_url(re.compile(r"&focus=fastapi$"))
    page.get_by_role("button", name="← Back to the answers").click()
    expect(page.locator("#answers > li")).to_have_count(2)
    expect(page.locator("#ask-q")).to_have_value(QUESTION)


def where_on_canvas(page: Page, slug: str) -> dict[str, float]:
    """Where a node is drawn, as a share of the canvas's width and height, and the zoom it is drawn at."""
    found = js(
        page,
        f"""(() => {{ const node = cy.getElementById({slug!r}); const box = cy.container().getBoundingClientRect();
        return {{ x: node.renderedPosition().x / box.width, y: node.renderedPosition().y / box.height,
                  zoom: cy.zoom(), selected: node.selected() }}; }})()""",
    )
    assert isinstance(found, dict)
    return found


def test_the_selected_node_is_centred_and_readable(
    watched_page: Page, live_server: str, screenshot: Screenshot
) -> None:
    page = watched_page
    graph = page.locator("#graph")
    open_explorer(page, live_server + "/?focus=flask")
    expect(graph).to_have_attribute("data-centred", "flask")
    flask = where_on_canvas(page, "flask")
    assert flask["selected"] is True
    assert abs(flask["x"] - 0.5) < 0.02 and abs(flask["y"] - 0.5) < 0.02, flask
    assert flask["zoom"] >= 0.75, "zoomed in far enough for its label to be read"
    # Zoomed in, every label is large enough to draw: none over another label or node (at this size the rings leave
    # room; on a phone, with larger type, labels.js has to leave some out: test_explorer_phone.py).
    expect(graph).to_have_attribute("data-labels", "placed")
    assert js(page, f"({OVERLAPS})(cy.nodes().filter((n) => !n.isParent()))") == []
    screenshot(page, "explorer-focus")
    # Picked from the list of what is drawn (as a keyboard does), another node comes to the middle: Ruby's group
    # opened first (the overview draws a framework once its group is open).
    page.locator("#in-view").locator("summary").click()
    page.locator("#in-view-list").get_by_role("button", name=re.compile(r"^Ruby · ")).click()
    expect(graph).to_have_attribute("data-open", re.compile(r"group:ruby"))
    page.locator("#in-view-list").get_by_role("button", name="Sinatra", exact=True).click()
    expect(heading(page)).to_have_text("Sinatra")
    expect(graph).to_have_attribute("data-centred", "sinatra")
    sinatra = where_on_canvas(page, "sinatra")
    assert abs(sinatra["x"] - 0.5) < 0.02 and abs(sinatra["y"] - 0.5) < 0.02, sinatra
    # A node not drawn yet comes in with its neighbourhood and is centred once the layout has stopped.
    open_explorer(page, live_server + "/?focus=learning-curve")
    expect(graph).to_have_attribute("data-centred", "learning-curve")
    curve = where_on_canvas(page, "learning-curve")
    assert abs(curve["x"] - 0.5) < 0.02 and abs(curve["y"] - 0.5) < 0.02, curve
    # At phone width too, once the graph is shown (a phone opens on the list: test_explorer_phone.py).
    page.set_viewport_size({"width": 390, "height": 844})
    open_explorer(page, live_server + "/?focus=flask")
    page.locator("#panel-body").get_by_role("button", name="Show in graph").click()
    expect(graph).to_have_attribute("data-centred", "flask")
    phone = where_on_canvas(page, "flask")
    assert abs(phone["x"] - 0.5) < 0.02 and abs(phone["y"] - 0.5) < 0.02, phone
    screenshot(page, "explorer-phone-focus")
