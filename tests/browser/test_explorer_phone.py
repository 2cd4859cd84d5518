"""The explorer on a phone (390x844): the list first, the graph on demand, nothing over anything, nothing off screen.

Every test runs on a watched page (tests/browser/conftest.py): it fails on a request to any host but 127.0.0.1,
on a JavaScript or console error, and on any dialog. Screenshots go to tests/screenshots/phone-*.png.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

from explorer_page import OVERLAPS, heading, js, off_canvas, on_canvas, open_explorer, overview
from playwright.sync_api import Page, expect

PHONE = {"width": 390, "height": 844}
QUESTION = "Python frameworks suited to APIs according to the article"  # Flask and FastAPI (as in test_explorer)
Screenshot = Callable[..., None]


def open_phone(page: Page, url: str) -> None:
    """Open the explorer at phone size and wait until it has shown what the URL asks for."""
    page.set_viewport_size(PHONE)
    open_explorer(page, url)


def shows_list(page: Page) -> None:
    """The list is shown and the graph is not; the switch says so."""
    expect(page.locator("#panel")).to_be_visible()
    expect(page.locator("#graph")).to_be_hidden()
    expect(page.locator("#view-list")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#view-graph")).to_have_attribute("aria-pressed", "false")


def shows_graph(page: Page) -> None:
    """The graph fills the screen below the toolbar, inside it, with nothing over the canvas; the list is hidden."""
    expect(page.locator("#graph")).to_be_visible()
    expect(page.locator("#panel")).to_be_hidden()
    expect(page.locator("#view-graph")).to_have_attribute("aria-pressed", "true")
    graph, toolbar = page.locator("#graph").bounding_box(), page.locator(".toolbar").bounding_box()
    assert graph and toolbar
    assert graph["x"] >= 0 and graph["x"] + graph["width"] <= PHONE["width"] + 0.5, graph
    assert graph["y"] >= toolbar["y"] + toolbar["height"] - 0.5, "below the toolbar"
    assert graph["y"] + graph["height"] <= PHONE["height"] + 0.5, "the canvas ends on the screen"
    assert graph["height"] >= 0.45 * PHONE["height"], f"the canvas has most of the screen: {graph}"
    for part in ("#status", "#legend"):  # above and below the canvas, never over it
        box = page.locator(part).bounding_box()
        if box:
            assert box["y"] + box["height"] <= graph["y"] + 0.5 or box["y"] >= graph["y"] + graph["height"] - 0.5, part
    assert js(page, "cy.width()") == round(graph["width"]), "Cytoscape draws in the canvas's size"


def nothing_wider_than_the_screen(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "nothing wider than the screen"


def test_a_phone_opens_on_the_list_of_frameworks_by_language(
    watched_page: Page, live_server: str, screenshot: Screenshot
) -> None:
    page = watched_page
    open_phone(page, live_server + "/")
    shows_list(page)
    groups = overview(live_server)["groups"]
    languages = page.locator("ul.by-language > li")
    expect(languages).to_have_count(len(groups))
    first = groups[0]
    expect(languages.first.locator("summary")).to_have_text(f"{first['label']} · {first['size']} frameworks")
    expect(page.locator("#search")).to_be_in_viewport()
    expect(page.locator("#ask-q")).to_be_in_viewport()
    expect(page.locator("#export")).to_be_hidden()  # it exports the drawing: offered beside it
    nothing_wider_than_the_screen(page)
    screenshot(page, "phone-list")
    # A language opens into its frameworks, most connected first, each a link to its details.
    python = next(group for group in groups if group["id"] == "python")
    entry = languages.filter(has=page.locator("summary", has_text=re.compile(r"^Python · ")))
    entry.locator("summary").click()
    links = entry.locator("ul.chips a")
    expect(links).to_have_count(python["size"])
    assert links.all_text_contents()[:3] == [member["label"] for member in python["members"][:3]]
    screenshot(page, "phone-list-python", full_page=True)
    entry.get_by_role("link", name="Flask", exact=True).click()
    expect(heading(page)).to_have_text("Flask")
    expect(page).to_have_url(re.compile(r"[?&]focus=flask(&|$)"))
    shows_list(page)
    expect(heading(page)).to_be_in_viewport()  # the details are read from their top, not from where the link was
    nothing_wider_than_the_screen(page)
    screenshot(page, "phone-flask")


def test_the_graph_on_demand_centres_the_selected_framework(
    watched_page: Page, live_server: str, screenshot: Screenshot
) -> None:
    page = watched_page
    open_phone(page, live_server + "/?focus=flask")
    expect(heading(page)).to_have_text("Flask")
    shows_list(page)
    show = page.locator("#panel-body").get_by_role("button", name="Show in graph")
    show.focus()
    page.keyboard.press("Enter")  # from the keyboard: the focus goes to the switch, not to the page's start
    shows_graph(page)
    expect(page.locator("#view-graph")).to_be_focused()
    graph = page.locator("#graph")
    expect(graph).to_have_attribute("data-centred", "flask")
    expect(graph).to_have_attribute("data-labels", "placed")
    flask = js(
        page,
        """(() => { const n = cy.getElementById('flask'); return { selected: n.selected(),
        x: n.renderedPosition().x / cy.width(), y: n.renderedPosition().y / cy.height() }; })()""",
    )
    assert isinstance(flask, dict)
    assert flask["selected"] is True
    assert abs(flask["x"] - 0.5) < 0.02 and abs(flask["y"] - 0.5) < 0.02, flask
    # Its group is open around it, and no framework or drawn label lies over another.
    overlaps = js(page, f"({OVERLAPS})(cy.getElementById('group:python').children())")
    assert overlaps == [], overlaps
    nothing_wider_than_the_screen(page)
    screenshot(page, "phone-flask-graph")
    # The graph is in the URL: the back button goes back to the list, forward to the graph again.
    expect(page).to_have_url(re.compile(r"\?focus=flask&view=graph$"))
    page.go_back()
    shows_list(page)
    expect(heading(page)).to_have_text("Flask")
    expect(page).to_have_url(re.compile(r"\?focus=flask$"))
    page.go_forward()
    shows_graph(page)
    expect(graph).to_have_attribute("data-centred", "flask")
    # Back to the list with its button: the details are still there, from their top.
    page.locator("#view-list").click()
    shows_list(page)
    expect(heading(page)).to_have_text("Flask")
    expect(heading(page)).to_be_in_viewport()
    # A link to the graph opens on the graph.
    open_phone(page, live_server + "/?focus=flask&view=graph")
    shows_graph(page)
    expect(graph).to_have_attribute("data-centred", "flask")


def test_the_overview_on_a_phone_fits_and_a_tap_shows_details_in_the_list(
    watched_page: Page, live_server: str, screenshot: Screenshot
) -> None:
    page = watched_page
    open_phone(page, live_server + "/")
    page.locator("#view-graph").click()
    shows_graph(page)
    graph = page.locator("#graph")
    expect(graph).to_have_attribute("data-layout", "done")
    assert off_canvas(page, '[type = "group"]') == [], "every group on the screen"
    overlaps = js(page, f"({OVERLAPS})(cy.nodes('[type = \"group\"]'))")
    assert overlaps == [], overlaps
    expect(page.locator("#export")).to_be_visible()
    nothing_wider_than_the_screen(page)
    screenshot(page, "phone-graph")
    # A tap on a group opens it in the graph; its status line sits above the canvas, not over the drawing.
    point = js(
        page,
        """(() => { const p = cy.getElementById('group:python').renderedPosition();
        const box = cy.container().getBoundingClientRect(); return { x: box.left + p.x, y: box.top + p.y }; })()""",
    )
    assert isinstance(point, dict)
    page.mouse.click(point["x"], point["y"])
    expect(graph).to_have_attribute("data-open", re.compile(r"(^| )group:python( |$)"))
    expect(page.locator("#status")).to_contain_text("Python: ")
    expect(page.locator("#status")).to_contain_text("List shows their figures")  # where the group's chart went
    shows_graph(page)
    assert on_canvas(page, "group:python"), "the opened group fits the screen"
    screenshot(page, "phone-graph-python")
    page.locator("#view-list").click()
    expect(heading(page)).to_have_text("Python")
    expect(page.locator("#panel-body svg.chart")).to_have_count(1)
    page.locator("#view-graph").click()
    shows_graph(page)
    # A tap on a framework shows its details, in the list.
    point = js(
        page,
        """(() => { const p = cy.getElementById('django').renderedPosition();
        const box = cy.container().getBoundingClientRect(); return { x: box.left + p.x, y: box.top + p.y }; })()""",
    )
    assert isinstance(point, dict)
    page.mouse.click(point["x"], point["y"])
    expect(heading(page)).to_have_text("Django")
    shows_list(page)
    # Graph again: Django, selected, in the middle.
    page.locator("#view-graph").click()
    shows_graph(page)
    expect(graph).to_have_attribute("data-centred", "django")
    # Reset, from the graph: the overview, in the graph.
    page.locator("#reset").click()
    expect(graph).to_have_attribute("data-open", "")
    shows_graph(page)
    assert off_canvas(page, '[type = "group"]') == []


def test_a_question_on_a_phone_answers_in_the_list_and_lights_up_in_the_graph(
    watched_page: Page, live_server: str, screenshot: Screenshot
) -> None:
    page = watched_page
    open_phone(page, f"{live_server}/?q={quote(QUESTION)}")
    expect(page.locator("#answers > li")).to_have_count(2)
    shows_list(page)
    nothing_wider_than_the_screen(page)
    screenshot(page, "phone-question", full_page=True)
    page.locator("#panel-body").get_by_role("button", name="Show them in the graph").click()
    shows_graph(page)
    expect(page.locator("#graph")).to_have_attribute("data-layout", "done")
    answers = js(page, "cy.nodes('.answer').map((n) => n.id()).sort()")
    assert answers == ["fastapi", "flask"]
    assert off_canvas(page, ".answer") == [], "the answers on the screen"
    # Fitted to the answers and what they match, not to the whole landscape around them.
    share = js(
        page,
        """(() => { const box = cy.nodes('.answer, .term').renderedBoundingBox();
        return Math.max(box.w / cy.width(), box.h / cy.height()); })()""",
    )
    assert isinstance(share, float | int) and share >= 0.4, share
    screenshot(page, "phone-question-graph")
    # Expand neighbours (from a framework's details) shows the graph, where they are drawn.
    page.locator("#view-list").click()
    page.locator("#answers").get_by_role("button", name="Flask", exact=True).first.click()
    expect(heading(page)).to_have_text("Flask")
    drawn = page.locator("#graph").get_attribute("data-nodes")
    page.locator("#panel-body").get_by_role("button", name="Expand neighbours").click()
    shows_graph(page)
    if page.locator("#prompt").is_visible():  # more than 15 new: it asks first
        page.locator("#prompt-yes").click()
    expect(page.locator("#graph")).not_to_have_attribute("data-nodes", drawn or "")
    expect(page.locator("#status")).to_contain_text("neighbours of Flask")


def test_a_wide_screen_shows_both_and_no_switch(watched_page: Page, live_server: str) -> None:
    page = watched_page
    page.goto(live_server + "/?focus=flask&view=graph")  # a phone's link: on a wide screen, both are shown
    expect(heading(page)).to_have_text("Flask")
    expect(page.locator("#graph")).to_be_visible()
    expect(page.locator("#panel")).to_be_visible()
    expect(page.locator(".view-switch")).to_be_hidden()
    expect(page.locator("#panel-body .phone-only")).to_be_hidden()
    # Turned to phone width and back, the page follows (a window made narrow, a tablet turned).
    page.set_viewport_size(PHONE)
    expect(page.locator(".view-switch")).to_be_visible()
    expect(page.locator("#panel")).to_be_hidden()  # the link said the graph
    expect(page.locator("#graph")).to_be_visible()
    page.set_viewport_size({"width": 1400, "height": 900})
    expect(page.locator("#graph")).to_be_visible()
    expect(page.locator("#panel")).to_be_visible()


def test_the_compare_page_fits_a_phone(watched_page: Page, live_server: str, screenshot: Screenshot) -> None:
    page = watched_page
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/compare?ids=flask,fastapi")
    expect(page.locator("#shared")).to_contain_text("Python")
    nothing_wider_than_the_screen(page)
    screenshot(page, "phone-compare", full_page=True)
