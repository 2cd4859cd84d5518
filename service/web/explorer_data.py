"""/api/graph, /api/overview, /api/search and /api/figures: what the explorer draws, completes and charts."""

from __future__ import annotations

import difflib

from flask import Blueprint, Response, jsonify

from service import vocab
from service.knowledge.answers import SearchResults
from service.knowledge.catalog import did_you_mean
from service.knowledge.neighbourhood import MAX_DEPTH, neighbourhood, search, start_view
from service.web import declare
from service.web.declare import Endpoint, Param
from service.web.errors import ApiError
from service.web.frameworks import raise_unknown
from service.web.state import knowledge, queries

bp = Blueprint("explorer_data", __name__)

MAX_QUERY = 100  # characters of a search
MAX_CHARTED = 300  # frameworks one /api/figures request may name: the largest language group fits

GRAPH = Endpoint(
    "Nodes and edges to draw (Cytoscape-ready): without focus, every framework, runtime and language; "
    "with focus, a resource and its neighbours, and how many neighbours it has.",
    "GraphView",
    (
        Param(
            "focus",
            "Slug of the resource at the centre, e.g. flask.",
            non_empty=True,
            missing="Parameter 'focus' must name a resource, e.g. focus=flask.",
        ),
        Param("depth", "How many edges away from the focus.", kind=int, default=1, low=1, high=MAX_DEPTH),
    ),
    (400, 404),
)


@declare.get(bp, "/graph", GRAPH)
def graph(focus: str | None, depth: int) -> Response:
    """Return nodes and edges to draw: the start view, or the neighbourhood of ?focus= to ?depth=."""
    source = queries()
    if focus is None:
        return jsonify(start_view(source).as_json())
    view = neighbourhood(source, vocab.iri_for(focus), depth) if vocab.is_slug(focus) else None
    if view is None:
        suggestions = nearest_slugs(focus)
        message = f"No resource {focus!r} in the graph.{did_you_mean(suggestions)}"
        raise ApiError(404, message, parameter="focus", suggestions=suggestions)
    return jsonify(view.as_json())


OVERVIEW = Endpoint(
    "The landscape at a glance, what the explorer opens on: every framework in one group, the group of its "
    "language with the most frameworks; groups largest first, members most connected first (degree: how many "
    "resources the explorer's edges join it to); with the edges among frameworks and to their languages.",
    "Overview",
)


@declare.get(bp, "/overview", OVERVIEW)
def landscape() -> Response:
    """Return the frameworks grouped by language (the answer cache keeps it for the dataset version)."""
    return jsonify(knowledge().overview.as_json())


def nearest_slugs(text: str, limit: int = 3) -> list[str]:
    """Return the slugs of the named resources closest to `text`."""
    slugs = sorted({term.slug for term in knowledge().catalog.terms})
    return difflib.get_close_matches(text.casefold(), slugs, n=limit, cutoff=0.5)


SEARCH = Endpoint(
    "Resources whose label or synonym matches, best first (for autocomplete).",
    "SearchResults",
    (
        Param(
            "q",
            "Part of a name.",
            required=True,
            max_length=MAX_QUERY,
            missing="Parameter 'q' is required: part of a name, e.g. q=fla.",
        ),
        Param("limit", "How many.", kind=int, default=10, low=1, high=50),
    ),
    (400, 404),
)


@declare.get(bp, "/search", SEARCH)
def find(q: str, limit: int) -> Response:
    """Return the resources whose label or synonym matches ?q=, best first: the explorer's autocomplete."""
    answer: SearchResults = {"query": q, "results": search(knowledge().catalog.terms, q, limit)}
    return jsonify(answer)


FIGURES = Endpoint(
    "The measured figures of several frameworks side by side (for a chart): each framework's best figure on every "
    "metric at every concurrency level, with its set-up; the frameworks not measured listed as such; the runs "
    "with their date, hardware and minimal-workload caveat.",
    "FigureTable",
    (
        Param(
            "ids",
            f"Slugs of frameworks, comma-separated, in the order to draw (at most {MAX_CHARTED}).",
            required=True,
            max_length=MAX_CHARTED * 40,
            pattern=r"^[a-z0-9][a-z0-9/,-]*$",
            example="flask,fastapi",
            missing="Parameter 'ids' is required: slugs of frameworks, e.g. ids=flask.",
        ),
    ),
    (400, 404),
)


@declare.get(bp, "/figures", FIGURES)
def figures(ids: str) -> Response:
    """Return the figures of the frameworks ?ids= names, measured or not, with the runs that measured them."""
    slugs = list(dict.fromkeys(part for part in ids.split(",") if part))
    if not slugs or len(slugs) > MAX_CHARTED or not all(vocab.is_slug(slug) for slug in slugs):
        message = f"Parameter 'ids' must name 1 to {MAX_CHARTED} frameworks by slug, comma-separated: flask,fastapi."
        raise ApiError(400, message, parameter="ids")
    terms = {term.slug: term for term in knowledge().catalog.of_facet("framework")}
    for slug in slugs:
        if slug not in terms:
            raise_unknown("framework", slug)
    listed = [(terms[slug].iri, slug, terms[slug].label) for slug in slugs]
    return jsonify(knowledge().figures.side_by_side(listed))
