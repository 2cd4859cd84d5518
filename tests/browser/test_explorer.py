"""The explorer at / in a real browser against the real server: graph, search, questions, deep links, exports.

Every test runs on a watched page: it fails on a request to any host but 127.0.0.1, on a JavaScript
error or console error, and on any dialog. Waits are on the DOM (`expect`), never on time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pytest
import rdflib
import requests
from explorer_page import OVERLAPS, heading, js, on_canvas, open_explorer, overview, section
from playwright.sync_api import Page, expect

# "according to the article" keeps the answer to the article's claims: a small, stable answer.
QUESTION = "Python frameworks suited to APIs according to the article"
ID = rdflib.Namespace("https://w3id.org/stackatlas/id/")
SA = rdflib.Namespace("https://w3id.org/stackatlas/ontology#")
Screenshot = Callable[..., None]


def frameworks(live_server: str) -> list[str]:
    """The labels of every framework in the graph, from the API."""
    return [item["label"] for item in requests.get(f"{live_server}/api/frameworks", timeout=10).json()["results"]]


def key_of(group: dict[str, Any]) -> str:
    """The id of a group's node on the canvas."""
    return f"group:{group['id'] or 'none'}"


def click_node(page: Page, node_id: str, corner: bool = False) -> None:
    """Click a node where it is drawn (an open group: inside its frame, in a corner, away from its frameworks)."""
    point = page.evaluate(
        """([id, corner]) => {
        const node = window.stackatlasExplorer.cy.getElementById(id);
        const frame = document.getElementById('graph').getBoundingClientRect();
        const box = node.renderedBoundingBox({ includeLabels: false });
        // An open group's corner: inside its frame, outside the rings of its frameworks.
        const inset = (length) => Math.max(14, 0.06 * length);
        const at = corner ? { x: box.x1 + inset(box.w), y: box.y1 + inset(box.h) } : node.renderedPosition();
        return { x: frame.left + at.x, y: frame.top + at.y };
      }""",
        [node_id, corner],
    )
    page.mouse.click(point["x"], point["y"])


def open_group(page: Page, key: str) -> None:
    """Open a closed group with a click, and wait until it is drawn open."""
    click_node(page, key)
    expect(page.locator("#graph")).to_have_attribute("data-open", re.compile(rf"(^| ){re.escape(key)}( |$)"))


def test_the_overview_draws_languages_sized_by_their_frameworks(
    watched_page: Page, live_server: str, screenshot: Screenshot
) -> None:
    # It used to draw every framework, language and runtime at once: at 500+ frameworks, a hairball.
    page = watched_page
    open_explorer(page, live_server + "/")
    groups = overview(live_server)["groups"]
    assert sum(group["size"] for group in groups) == len(frameworks(live_server))
    graph = page.locator("#graph")
    expect(graph).to_have_attribute("data-groups", str(len(groups)))
    expect(graph).to_have_attribute("data-open", "")
    assert js(page, "cy.nodes('[type = \"framework\"]').length") == 0, "no framework is drawn until asked for"
    drawn = js(
        page,
        """cy.nodes('[type = "group"]').map((n) => ({ id: n.id(), size: n.data('size'),
        width: n.renderedWidth(), x: n.renderedPosition().x, y: n.renderedPosition().y, text: n.data('display') }))""",
    )
    assert isinstance(drawn, list)
    by_id = {node["id"]: node for node in drawn}
    assert {key: node["size"] for key, node in by_id.items()} == {key_of(group): group["size"] for group in groups}
    # Sized by their frameworks: a larger group is never drawn smaller.
    widths = [by_id[key_of(group)]["width"] for group in groups]  # largest group first
    assert widths == sorted(widths, reverse=True) and widths[0] > widths[-1]
    # Named with their number of frameworks, the largest with their most connected ones too.
    largest = groups[0]
    assert by_id[key_of(largest)]["text"].split("\n")[:2] == [largest["label"], f"{largest['size']} frameworks"]
    assert largest["members"][0]["label"] in by_id[key_of(largest)]["text"]
    # Every group on the canvas, none over another, no label over another group.
    for group in groups:
        assert on_canvas(page, key_of(group)), group["label"]
    expect(graph).to_have_attribute("data-labels", "placed")
    overlaps = js(page, f"({OVERLAPS})(cy.nodes('[type = \"group\"]'))")
    assert overlaps == [], overlaps
    for i, a in enumerate(drawn):
        for b in drawn[i + 1 :]:
            apart = ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5
            assert apart >= (a["width"] + b["width"]) / 2, (a["id"], b["id"])
    python = next(group for group in groups if group["id"] == "python")
    expect(page.locator("#in-view-list")).to_contain_text(f"Python · {python['size']} frameworks")
    expect(page.locator("#legend")).to_contain_text("Language group")
    languages = len([group for group in groups if group["id"]])
    hint = f"{len(frameworks(live_server))} frameworks in {languages} languages: click a disc to open it"
    expect(page.locator("#status")).to_have_attribute("data-hint", re.compile(f"^{hint}"))
    expect(page.locator("#status")).to_be_empty()  # no text of its own: the live region announces changes only
    expect(page.locator("#welcome")).to_contain_text("Try asking")
    screenshot(page, "explorer")  # the README's picture


def test_a_group_opens_into_its_frameworks_and_closes_again(
    watched_page: Page, live_server: str, screenshot: Screenshot
) -> None:
    page = watched_page
    open_explorer(page, live_server + "/")
    python = next(group for group in overview(live_server)["groups"] if group["id"] == "python")
    open_group(page, "group:python")
    members = js(page, "cy.getElementById('group:python').children('[type = \"framework\"]').map((n) => n.id())")
    assert isinstance(members, list)
    assert sorted(members) == sorted(member["id"] for member in python["members"])
    assert js(page, "cy.nodes('[type = \"framework\"]').length") == python["size"], "only Python's are drawn"
    assert js(page, "cy.getElementById('python').parent().id()") == "group:python"  # the language in the middle
    assert js(page, "cy.getElementById('flask').edgesTo(cy.getElementById('python')).data('label')") == "language"
    hubs = [member["id"] for member in python["members"][:3]]
    assert js(page, "cy.nodes('.hub').map((n) => n.id()).sort()") == sorted(hubs)  # labelled larger
    expect(page.locator("#status")).to_contain_text(f"Python: {python['size']} frameworks")
    status, canvas = page.locator("#status").bounding_box(), page.locator("#graph").bounding_box()
    assert status and canvas and status["y"] + status["height"] <= canvas["y"] + 0.5, "the status is above the canvas"
    assert on_canvas(page, "group:python"), "the view is fitted to the open group"
    # No framework, nor its label where it is drawn, over another.
    overlaps = js(
        page,
        """(() => { const boxes = cy.getElementById('group:python').children().map((n) => {
          const drawn = n.numericStyle('font-size') * cy.zoom() >= n.numericStyle('min-zoomed-font-size');
          return [n.id(), n.renderedBoundingBox({ includeLabels: drawn })]; });
        const over = (a, b) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
        return boxes.flatMap(([a, p], i) =>
          boxes.slice(i + 1).filter(([, q]) => over(p, q)).map(([b]) => [a, b])); })()""",
    )
    assert overlaps == [], overlaps
    screenshot(page, "explorer-group")
    # Closed again by a click on the group's frame.
    click_node(page, "group:python", corner=True)
    expect(page.locator("#graph")).to_have_attribute("data-open", "")
    assert js(page, "cy.nodes('[type = \"framework\"]').length") == 0
    # And from the keyboard: the list of what is drawn opens and closes a group too.
    page.locator("#in-view summary").click()
    button = page.locator("#in-view-list").get_by_role("button", name=re.compile(r"^Python · "))
    expect(button).to_have_attribute("aria-expanded", "false")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#graph")).to_have_attribute("data-open", "group:python")
    again = page.locator("#in-view-list").get_by_role("button", name=re.compile(r"^Python · "))
    expect(again).to_have_attribute("aria-expanded", "true")
    expect(again).to_be_focused()  # the list is drawn again; the keyboard keeps its place


def test_a_focus_deep_link_opens_the_group_of_the_framework(watched_page: Page, live_server: str) -> None:
    page = watched_page
    open_explorer(page, live_server + "/?focus=flask")
    graph = page.locator("#graph")
    expect(graph).to_have_attribute("data-open", "group:python")
    expect(graph).to_have_attribute("data-centred", "flask")
    assert js(page, "cy.getElementById('flask').parent().id()") == "group:python"
    assert js(page, "cy.getElementById('group:ruby').isParent()") is False, "the other groups stay closed"
    assert on_canvas(page, "flask")


def test_search_brings_a_framework_of_a_closed_group_into_view(watched_page: Page, live_server: str) -> None:
    page = watched_page
    open_explorer(page, live_server + "/")
    page.locator("#search").fill("Sinatra")
    expect(page.locator("#search-results [role=option]").first).to_contain_text("Sinatra")
    page.locator("#search").press("Enter")
    expect(heading(page)).to_have_text("Sinatra")
    graph = page.locator("#graph")
    expect(graph).to_have_attribute("data-centred", "sinatra")
    expect(graph).to_have_attribute("data-open", "group:ruby")
    assert js(page, "cy.$(':selected').map((n) => n.id())") == ["sinatra"]
    assert on_canvas(page, "sinatra")


def labels_drawn(page: Page) -> dict[str, Any]:
    """Each element's label as Cytoscape draws it: its size on screen, and the smallest size it is drawn at."""
    found = js(
        page,
        """(() => cy.elements().filter((e) => e.style('label')).map((e) => ({
        id: e.id(), group: e.group(), type: e.data('type') || null, screen: e.numericStyle('font-size') * cy.zoom(),
        least: e.numericStyle('min-zoomed-font-size') })))()""",
    )
    assert isinstance(found, list) and found
    return {item["id"]: item for item in found}


READABLE_PX = 10


def test_no_label_is_drawn_below_a_readable_size(watched_page: Page, live_server: str) -> None:
    page = watched_page
    open_explorer(page, live_server + "/")
    groups = overview(live_server)["groups"]
    # The overview: every group large enough to matter is named, and readably.
    drawn = labels_drawn(page)
    for group in groups[:10]:
        label = drawn[key_of(group)]
        assert label["screen"] >= label["least"] >= READABLE_PX, group["label"]
    # An open group, and the same far zoomed out: labels too small to read are not drawn, on nodes and edges alike.
    open_group(page, key_of(groups[0]))
    for zoom in (None, 0.3):
        if zoom:
            js(page, f"(cy.zoom({zoom}), true)")
        drawn = labels_drawn(page)
        assert all(label["least"] >= READABLE_PX for label in drawn.values())
        shown = [label for label in drawn.values() if label["screen"] >= label["least"]]
        assert all(label["screen"] >= READABLE_PX for label in shown)
        if zoom:
            assert not [label for label in shown if label["type"] == "framework"], "frameworks unlabelled at 0.3"
        else:
            assert any(label["type"] == "framework" for label in shown), "the open group's frameworks are named"


def test_search_flask_shows_its_details_and_similar_frameworks(
    watched_page: Page, live_server: str, screenshot: Screenshot
) -> None:
    # Needs GET /api/frameworks/<slug>/similar.
    page = watched_page
    open_explorer(page, live_server + "/")
    page.locator("#search").fill("Flask")
    expect(page.locator("#search-results [role=option]").first).to_contain_text("Flask")
    page.locator("#search").press("Enter")
    expect(heading(page)).to_have_text("Flask")
    expect(section(page, "Language")).to_have_text("Python")
    expect(section(page, "Pros")).to_contain_text("Article, section 6: Flask")
    expect(section(page, "Similar frameworks")).to_contain_text("Bottle")
    expect(section(page, "Similar frameworks")).not_to_contain_text("Quart")  # built on Flask: not an alternative
    expect(section(page, "Similar frameworks")).to_contain_text("both Python")
    expect(page).to_have_url(re.compile(r"/\?focus=flask$"))
    assert js(page, "cy.$(':selected').map((n) => n.id())") == ["flask"]
    # What the public datasets say, each with its source: TechEmpower's set-ups, the-benchmarker's figures.
    expect(section(page, "Benchmark set-ups")).to_contain_text("TechEmpower class: Micro")
    expect(section(page, "Benchmark set-ups")).to_contain_text("Benchmarked with: PostgreSQL")
    figures = page.locator("#panel-body table.figures tbody tr")
    expect(figures).to_have_count(3)  # 64, 256 and 512 connections
    expect(figures.first).to_contain_text("64")
    expect(page.locator("#panel-body .caveat", has_text="minimal routing application")).to_have_count(1)
    expect(section(page, "Sources")).to_contain_text("TechEmpower Framework Benchmarks")
    expect(section(page, "Sources")).to_contain_text("the-benchmarker web-frameworks")
    screenshot(page, "explorer-flask")


def test_question_deep_link_lights_the_answers_and_says_why(
    watched_page: Page, live_server: str, screenshot: Screenshot
) -> None:
    page = watched_page
    open_explorer(page, f"{live_server}/?q={quote(QUESTION)}")
    answers = page.locator("#answers")
    expect(answers.locator("> li")).to_have_count(2)
    expect(page.locator("#panel-body")).to_contain_text("according to Top 10 backend frameworks for 2025 (article)")
    expect(answers).to_contain_text("FastAPI is suited to Building APIs")
    expect(answers).to_contain_text("Building APIs is a kind of APIs")
    expect(answers).to_contain_text("Article, section 6: Flask")
    expect(answers).to_contain_text("id:flask sa:suitedFor id:apis")
    expect(page.locator("#ask-q")).to_have_value(QUESTION)
    assert js(page, "cy.nodes('.answer').map((n) => n.id()).sort()") == ["fastapi", "flask"]
    assert js(page, "cy.nodes('.term').map((n) => n.id()).sort()") == ["apis", "python"]
    # The overview brings the answers in, into their group (only them: Python is not opened whole), and in view.
    assert js(page, "cy.getElementById('flask').parent().id()") == "group:python"
    assert js(page, "cy.nodes('[type = \"framework\"]').length") == 2
    for slug in ("flask", "fastapi", "python", "apis"):
        assert on_canvas(page, slug), slug
        assert js(page, f"cy.getElementById({slug!r}).effectiveOpacity()") == 1, f"{slug} is lit, not faded"
    href = page.locator("#show-sparql").get_attribute("href") or ""
    assert href.startswith("/sparql#query=")
    assert "sa:suitedFor" in unquote(href.removeprefix("/sparql#query="))
    screenshot(page, "explorer-question")


def test_focus_deep_link_selects_the_node(watched_page: Page, live_server: str) -> None:
    page = watched_page
    open_explorer(page, live_server + "/?focus=fastapi")
    expect(heading(page)).to_have_text("FastAPI")
    expect(section(page, "Use cases")).to_contain_text("Building APIs")
    assert js(page, "cy.$(':selected').map((n) => n.id())") == ["fastapi"]


def test_a_curated_framework_shows_its_project_facts(watched_page: Page, live_server: str) -> None:
    page = watched_page
    open_explorer(page, live_server + "/?focus=gin")
    expect(heading(page)).to_have_text("Gin")
    expect(section(page, "Language")).to_have_text("Go")
    expect(section(page, "Built on")).to_contain_text("net/http")
    project = section(page, "Project")
    expect(project).to_contain_text("Licence: MIT License")
    expect(project.get_by_role("link", name="https://github.com/gin-gonic/gin")).to_have_attribute(
        "href", "https://github.com/gin-gonic/gin"
    )
    expect(section(page, "Similar frameworks")).to_contain_text("Echo")


def test_focus_on_a_node_not_drawn_brings_its_neighbourhood(watched_page: Page, live_server: str) -> None:
    page = watched_page
    open_explorer(page, live_server + "/?focus=learning-curve")
    expect(heading(page)).to_have_text("Learning curve")
    expect(page.locator("#panel-body")).to_contain_text("… criticised for Learning curve")
    expect(section(page, "… criticised for Learning curve")).to_contain_text("Django")
    expect(page.locator("#panel-body a", has_text="Linked-data page")).to_have_attribute("href", "/id/learning-curve")


def test_back_button_walks_the_history(watched_page: Page, live_server: str) -> None:
    page = watched_page
    open_explorer(page, live_server + "/")
    page.locator("#welcome ul.by-language summary", has_text=re.compile(r"^Python · ")).click()  # the list by language
    page.locator('#welcome a[data-focus="flask"]').click()
    expect(heading(page)).to_have_text("Flask")
    page.locator("#ask-q").fill("frameworks recommended for beginners")
    page.locator("#ask-q").press("Enter")
    expect(page.locator("#answers")).to_contain_text("Django")
    expect(page).to_have_url(re.compile(r"\?q=frameworks"))
    page.go_back()
    expect(heading(page)).to_have_text("Flask")
    expect(page).to_have_url(re.compile(r"/\?focus=flask$"))
    page.go_back()
    expect(page.locator("#welcome")).to_be_visible()
    page.go_forward()
    expect(heading(page)).to_have_text("Flask")


def test_answers_lead_back_from_a_node(watched_page: Page, live_server: str) -> None:
    page = watched_page
    open_explorer(page, f"{live_server}/?q={quote(QUESTION)}")
    page.locator("#answers").get_by_role("button", name="FastAPI").click()
    expect(heading(page)).to_have_text("FastAPI")
    expect(page).to_have_url(re.compile(r"q=.*&focus=fastapi$"))
    page.get_by_role("button", name="← Back to the answers").click()
    expect(page.locator("#answers > li")).to_have_count(2)
    assert js(page, "cy.nodes('.answer').length") == 2


def test_show_sparql_opens_the_query_in_the_editor_which_runs_it(
    watched_page: Page, live_server: str, screenshot: Screenshot
) -> None:
    # Needs the SPARQL editor at /sparql to read #query= (YASGUI, another part of the service).
    page = watched_page
    open_explorer(page, live_server + "/")
    page.locator("#ask-q").fill(QUESTION)
    page.get_by_role("button", name="Ask", exact=True).click()
    expect(page.locator("#answers > li")).to_have_count(2)
    page.locator("#show-sparql").click()
    expect(page).to_have_url(re.compile(r"/sparql"))  # the editor then rewrites the hash with its own state
    expect(page.locator(".yasqe")).to_contain_text("sa:suitedFor")
    page.locator(".yasqe_queryButton").click()
    table = page.locator(".yasr table tbody")
    expect(table).to_contain_text("FastAPI")
    expect(table).to_contain_text("Flask")
    expect(table).not_to_contain_text("Starlette")  # the query keeps to the article, as the question did
    screenshot(page, "explorer-sparql-editor")


def test_expanding_many_neighbours_asks_first(watched_page: Page, live_server: str) -> None:
    page = watched_page
    open_explorer(page, live_server + "/?focus=django")
    expect(heading(page)).to_have_text("Django")
    page.get_by_role("button", name="Expand neighbours").click()
    prompt = page.locator("#prompt")
    total = requests.get(f"{live_server}/api/graph?focus=django", timeout=10).json()["total_neighbours"]
    assert total > 15  # past the number the explorer draws without asking
    expect(prompt).to_contain_text(f"Django has {total} neighbours")
    expect(page.locator("#prompt-yes")).to_be_focused()
    page.keyboard.press("Escape")
    expect(prompt).to_be_hidden()
    assert "Learning curve" not in (page.locator("#in-view-list").text_content() or "")
    page.get_by_role("button", name="Expand neighbours").click()
    page.locator("#prompt-yes").click()
    expect(page.locator("#status")).to_have_text(re.compile(r"Added \d+ neighbours of Django"))
    expect(page.locator("#in-view-list")).to_contain_text("Learning curve")


def test_double_click_expands_a_node(watched_page: Page, live_server: str) -> None:
    # Sinatra has few neighbours (9): they come in without a question. The overview opens on languages: Ruby first.
    page = watched_page
    open_explorer(page, live_server + "/")
    open_group(page, "group:ruby")
    point = page.evaluate(
        """() => {
        const node = window.stackatlasExplorer.cy.getElementById('sinatra');
        const box = document.getElementById('graph').getBoundingClientRect();
        return { x: box.left + node.renderedPosition().x, y: box.top + node.renderedPosition().y };
      }"""
    )
    page.mouse.dblclick(point["x"], point["y"])
    expect(heading(page)).to_have_text("Sinatra")
    expect(page.locator("#status")).to_have_text(re.compile(r"Added \d+ neighbours of Sinatra"))
    expect(page.locator("#in-view-list")).to_contain_text("Rack")  # what Sinatra is built on


def test_clusters_colour_frameworks_and_draw_similarity(
    watched_page: Page, live_server: str, screenshot: Screenshot
) -> None:
    # Needs GET /api/clusters and GET /api/frameworks/<slug>/similar.
    # Clusters colour the frameworks drawn: here the Python group's, opened by the deep link (the overview opens
    # on languages, no framework drawn).
    page = watched_page
    open_explorer(page, live_server + "/?focus=flask")
    button = page.locator("#clusters")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    for cluster in requests.get(f"{live_server}/api/clusters", timeout=10).json()["clusters"]:
        expect(page.locator("#legend")).to_contain_text(cluster["label"])
    expect(page.locator("#graph")).to_have_attribute("data-similar", re.compile(r"^[1-9]"))
    drawn = js(page, "cy.nodes('[type = \"framework\"]').length")
    python = next(group for group in overview(live_server)["groups"] if group["id"] == "python")
    assert drawn == python["size"]
    # Every drawn framework a cluster holds is coloured; those the graph knows too little about are not clustered.
    clusters = requests.get(f"{live_server}/api/clusters", timeout=10).json()
    clustered = {member for cluster in clusters["clusters"] for member in cluster["members"]}
    drawn_ids = set(js(page, "cy.nodes('[type = \"framework\"]').map(n => n.id())"))
    assert set(js(page, "cy.nodes('.clustered').map(n => n.id())")) == drawn_ids & clustered
    assert drawn_ids - clustered <= set(clusters["unclustered"]["members"])
    screenshot(page, "explorer-clusters")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    assert js(page, "cy.edges('.similar').length") == 0


def test_filters(watched_page: Page, live_server: str) -> None:
    page = watched_page
    open_explorer(page, live_server + "/")
    page.locator("#filters summary").click()
    page.locator("select[name=language]").select_option("python")
    page.locator("select[name=use_case]").select_option("apis")
    page.get_by_role("button", name="Show matches").click()
    expect(heading(page)).to_have_text("Filtered frameworks")
    # The article's two, the curation's five, and five whose own documentation says they are for APIs.
    expect(page.locator("#answers > li")).to_have_count(12)
    page.locator("#filters summary").click()
    page.locator("select[name=source]").select_option("source/top-backend-frameworks-2025")
    page.get_by_role("button", name="Show matches").click()
    expect(page.locator("#answers > li")).to_have_count(2)
    expect(page.locator("#answers")).to_contain_text("Flask is suited to APIs")
    expect(page).to_have_url(
        re.compile(r"/\?language=python&use_case=apis&source=source%2Ftop-backend-frameworks-2025$")
    )


def test_compare_page(watched_page: Page, live_server: str, screenshot: Screenshot) -> None:
    page = watched_page
    page.goto(f"{live_server}/compare?ids=flask,fastapi,django")
    expect(page.locator("h1")).to_have_text("Flask · FastAPI · Django")
    expect(page.locator("#shared")).to_contain_text("Language: Python")
    expect(page.locator("section.differs", has_text="Only Django")).to_contain_text("Full-stack")
    expect(page.locator("table.compare")).to_contain_text("Article, section 9: FastAPI")
    screenshot(page, "compare", full_page=True)


def test_a_construct_query_is_drawn(watched_page: Page, live_server: str, screenshot: Screenshot) -> None:
    page = watched_page
    query = "PREFIX id: <https://w3id.org/stackatlas/id/>\nDESCRIBE id:flask"
    open_explorer(page, f"{live_server}/?construct={quote(query)}")
    expect(heading(page)).to_have_text("A query, as a graph")
    expect(page.locator("#panel-body pre")).to_have_text(query)
    listed = page.locator("#in-view-list")
    expect(listed).to_contain_text("Flask")
    expect(listed).to_contain_text("Python")  # labels looked up: a DESCRIBE gives none for its objects
    assert js(page, "cy.getElementById('python').data('type')") == "language"
    assert js(page, "cy.getElementById('flask').edgesTo(cy.getElementById('python')).map((e) => e.data('label'))")
    screenshot(page, "explorer-construct")


def test_exports(watched_page: Page, live_server: str) -> None:
    page = watched_page

    def export(name: str) -> bytes:
        page.locator("#export summary").click()
        with page.expect_download() as download:
            page.get_by_role("button", name=name).click()
        return Path(download.value.path()).read_bytes()

    # The four largest groups opened are more statements than the test server's row limit (500): the page says it
    # was cut. (The overview's closed groups are not resources: nothing to export until one is opened.)
    open_explorer(page, live_server + "/")
    page.locator("#in-view summary").click()
    for group in overview(live_server)["groups"][:4]:  # from the list of what is drawn: the view fits each in turn
        name = re.compile(rf"^{re.escape(group['label'])} · ")
        page.locator("#in-view-list").get_by_role("button", name=name).click()
        expect(page.locator("#graph")).to_have_attribute("data-open", re.compile(re.escape(key_of(group))))
    assert len(rdflib.Graph().parse(data=export("Visible graph (Turtle)").decode(), format="turtle")) == 500
    expect(page.locator("#status")).to_contain_text("Exported the first 500 statements only")
    # One framework drawn with its neighbours (a DESCRIBE) fits, and comes whole.
    describe = "PREFIX id: <https://w3id.org/stackatlas/id/>\nDESCRIBE id:flask"
    open_explorer(page, f"{live_server}/?construct={quote(describe)}")
    turtle = rdflib.Graph().parse(data=export("Visible graph (Turtle)").decode(), format="turtle")
    expect(page.locator("#status")).to_have_text("Exported.")
    assert (ID.flask, SA.language, ID.python) in turtle
    assert (ID.flask, rdflib.RDFS.label, rdflib.Literal("Flask", lang="en")) in turtle
    visible = json.loads(export("Visible graph (JSON)"))
    assert {"id": "flask", "label": "Flask", "type": "framework", "iri": str(ID.flask)} in visible["nodes"]
    assert {"source": "flask", "target": "python", "predicate": "sa:language", "label": "language"} in visible["edges"]
    assert export("Image (PNG)").startswith(b"\x89PNG")


def test_keyboard_reaches_search_and_panel(watched_page: Page, live_server: str) -> None:
    page = watched_page
    open_explorer(page, live_server + "/")
    page.locator("body").press("/")
    expect(page.locator("#search")).to_be_focused()
    page.keyboard.type("djan")
    expect(page.locator("#search-results [aria-selected=true]")).to_contain_text("Django")
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Django")
    expect(page.locator("#panel")).to_be_focused()
    expect(section(page, "Language")).to_have_text("Python")
    page.keyboard.press("Tab")
    focused = page.locator("#panel :focus")
    expect(focused).to_have_text("Expand neighbours")
    assert focused.evaluate("(el) => getComputedStyle(el).outlineStyle") == "solid"


def test_unknown_focus_says_so(page: Page, live_server: str) -> None:
    # An unwatched page: the 404 is meant, and the browser logs it to the console.
    page.goto(live_server + "/?focus=flsk")
    expect(page.locator("#panel-body .notice")).to_contain_text("Did you mean flask")


# --- Labels with markup, on a server of their own ------------------------------------------------------------------

MARKUP = "<script>alert(1)</script><b>X</b>"
LANGUAGE = "Python<img src=x onerror=alert(2)>"
MARKUP_DATA = f"""@prefix sa: <https://w3id.org/stackatlas/ontology#> .
@prefix id: <https://w3id.org/stackatlas/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
id:languages a skos:ConceptScheme ; rdfs:label "Languages" .
id:python a sa:ProgrammingLanguage ; skos:prefLabel "{LANGUAGE}"@en ; skos:inScheme id:languages .
id:evil a sa:Framework ; rdfs:label "{MARKUP}"@en ; rdfs:comment "<i>not italic</i>"@en ; sa:language id:python .
id:plain a sa:Framework ; rdfs:label "Plain"@en ; sa:language id:python .
"""


@pytest.fixture(scope="module")
def markup_server(tmp_path_factory: pytest.TempPathFactory, start_service: Callable[[list[str]], str]) -> str:
    """`stackatlas serve --data` on a tiny graph whose labels are markup; its base URL."""
    data = tmp_path_factory.mktemp("markup") / "markup.ttl"
    data.write_text(MARKUP_DATA)
    return start_service(["--data", str(data), "--workers", "1"])


def test_markup_in_labels_shows_as_text(watched_page: Page, markup_server: str, screenshot: Screenshot) -> None:
    page = watched_page
    open_explorer(page, markup_server + "/?focus=evil")
    expect(heading(page)).to_have_text(MARKUP)
    expect(page.locator("#panel-body")).to_contain_text("<i>not italic</i>")
    expect(section(page, "Language")).to_have_text(LANGUAGE)
    expect(page.locator("#in-view-list")).to_contain_text(MARKUP)
    page.locator("#search").fill("script")
    expect(page.locator("#search-results [role=option]").first).to_contain_text(MARKUP)
    for tag in ("b", "i", "img", "#panel script", "#search-results script"):
        expect(page.locator(tag)).to_have_count(0)
    screenshot(page, "explorer-markup")
    page.goto(markup_server + "/compare?ids=evil,plain")
    expect(page.locator("h1")).to_have_text(f"{MARKUP} · Plain")
    expect(page.locator("main b, main img")).to_have_count(0)
