"""/api/graph, /api/overview and /api/search: the nodes, edges, groups and names the explorer draws and completes."""

from __future__ import annotations

import difflib

from flask import Blueprint, Response, jsonify

from service.graph import vocab
from service.graph.catalog import did_you_mean
from service.graph.neighbourhood import MAX_DEPTH, neighbourhood, search, start_view
from service.graph.overview import overview
from service.web import declare
from service.web.declare import Endpoint, Param
from service.web.errors import ApiError
from service.web.state import knowledge

bp = Blueprint("explorer_data", __name__)

MAX_QUERY = 100  # characters of a search

GRAPH = Endpoint(
    "Nodes and edges to draw (Cytoscape-ready): without focus, every framework, runtime and language; "
    "with focus, a resource and its neighbours, and how many neighbours it has.",
    "GraphView",
    (
        Param("focus", "Slug of the resource at the centre, e.g. flask.", non_empty=True,
              missing="Parameter 'focus' must name a resource, e.g. focus=flask."),
        Param("depth", "How many edges away from the focus.", kind=int, default=1, low=1, high=MAX_DEPTH),
    ),
    (400, 404),
)  # fmt: skip


@declare.get(bp, "/graph", GRAPH)
def graph(focus: str | None, depth: int) -> Response:
    """Return nodes and edges to draw: the start view, or the neighbourhood of ?focus= to ?depth=."""
    source = knowledge().store.source
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
    return jsonify(overview(knowledge().store.source).as_json())


def nearest_slugs(text: str, limit: int = 3) -> list[str]:
    """Return the slugs of the named resources closest to `text`."""
    slugs = sorted({term.slug for term in knowledge().catalog.terms})
    return difflib.get_close_matches(text.casefold(), slugs, n=limit, cutoff=0.5)


SEARCH = Endpoint(
    "Resources whose label or synonym matches, best first (for autocomplete).",
    "SearchResults",
    (
        Param("q", "Part of a name.", required=True, max_length=MAX_QUERY,
              missing="Parameter 'q' is required: part of a name, e.g. q=fla."),
        Param("limit", "How many.", kind=int, default=10, low=1, high=50),
    ),
    (400, 404),
)  # fmt: skip


@declare.get(bp, "/search", SEARCH)
def find(q: str, limit: int) -> Response:
    """Return the resources whose label or synonym matches ?q=, best first: the explorer's autocomplete."""
    return jsonify({"query": q, "results": search(knowledge().catalog.terms, q, limit)})
