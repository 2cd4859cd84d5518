"""The graph explorer: / and /compare for people, and the /api/graph and /api/search data the explorer draws."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request

from service.graph import vocab
from service.graph.catalog import did_you_mean
from service.graph.compare import labels, side_by_side
from service.graph.neighbourhood import MAX_DEPTH, NODE_TYPES, neighbourhood, search, start_view
from service.web.errors import ApiError
from service.web.state import knowledge

bp = Blueprint("explore", __name__)

MAX_QUERY = 100  # characters of a search
MAX_COMPARED = 3


def int_argument(name: str, default: int, low: int, high: int) -> int:
    """Read an integer query parameter within [low, high], or fail with 400 (as every /api route does)."""
    # Imported here: api imports openapi, which imports this module for its path items.
    from service.web.api import int_argument as read

    return read(name, default, low, high)


@bp.get("/")
def index() -> str:
    """Show the explorer; ?q=, ?focus=, ?construct= and the filters in the URL say what it opens on."""
    catalog = knowledge().catalog
    config = {
        "examples": knowledge().lexicon.examples(),
        "types": [{"name": name, "iri": iri} for name, iri in NODE_TYPES],
        "prefixes": vocab.PREFIXES,
        "base": vocab.BASE,
    }
    facets = [
        (parameter, title, catalog.of_facet(facet))
        for parameter, title, facet in (
            ("language", "Language", "language"),
            ("use_case", "Use case", "use_case"),
            ("pro", "Praised for", "aspect"),
            ("con", "Criticised for", "aspect"),
            ("source", "According to", "source"),
        )
    ]
    return render_template("explorer.html", config=config, facets=facets, frameworks=catalog.of_facet("framework"))


@bp.get("/api/graph")
def graph() -> Response:
    """Return nodes and edges to draw: the start view, or the neighbourhood of ?focus= to ?depth=."""
    depth = int_argument("depth", 1, 1, MAX_DEPTH)
    focus = request.args.get("focus")
    source = knowledge().store.source
    if focus is None:
        return jsonify(start_view(source).as_json())
    if not focus:
        raise ApiError(400, "Parameter 'focus' must name a resource, e.g. focus=flask.", parameter="focus")
    view = neighbourhood(source, vocab.iri_for(focus), depth) if vocab.is_slug(focus) else None
    if view is None:
        suggestions = nearest_slugs(focus)
        message = f"No resource {focus!r} in the graph.{did_you_mean(suggestions)}"
        raise ApiError(404, message, parameter="focus", suggestions=suggestions)
    return jsonify(view.as_json())


def nearest_slugs(text: str, limit: int = 3) -> list[str]:
    """Return the slugs of the named resources closest to `text`."""
    slugs = sorted({term.slug for term in knowledge().catalog.terms})
    return difflib.get_close_matches(text.casefold(), slugs, n=limit, cutoff=0.5)


@bp.get("/api/search")
def find() -> Response:
    """Return the resources whose label or synonym matches ?q=, best first: the explorer's autocomplete."""
    text = request.args.get("q", "")
    if not text:
        raise ApiError(400, "Parameter 'q' is required: part of a name, e.g. q=fla.", parameter="q")
    if len(text) > MAX_QUERY:
        raise ApiError(400, f"Parameter 'q' is at most {MAX_QUERY} characters.", parameter="q")
    limit = int_argument("limit", 10, 1, 50)
    return jsonify({"query": text, "results": search(knowledge().catalog.terms, text, limit)})


# --- Compare ---------------------------------------------------------------------------------------------------------


def compare(records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Say, trait by trait, what all the frameworks have and what each has that none of the others has (labels)."""
    return labels(side_by_side(records)["traits"])


def compared_slugs() -> list[str]:
    """Read ?ids= (comma-separated, repeatable) as a list of distinct slugs, in order."""
    slugs = [part.strip() for value in request.args.getlist("ids") for part in value.split(",")]
    return list(dict.fromkeys(slug for slug in slugs if slug))


@bp.get("/compare")
def compare_page() -> str:
    """Show two or three frameworks side by side: every claim with its source, what they share, how they differ."""
    catalog = knowledge().catalog
    slugs = compared_slugs()
    if not slugs:
        return render_template("compare.html", records=[], rows=[], frameworks=catalog.of_facet("framework"))
    if not 2 <= len(slugs) <= MAX_COMPARED:
        raise ApiError(400, f"Compare two or three frameworks, e.g. /compare?ids=flask,fastapi (got {len(slugs)}).")
    records = []
    for slug in slugs:
        record = catalog.framework(slug)
        if record is None or "sa:Framework" not in record["types"]:
            suggestions = catalog.suggest("framework", slug)
            raise ApiError(404, f"No framework {slug!r}.{did_you_mean(suggestions)}", suggestions=suggestions)
        records.append(record)
    rows = compare(records)
    return render_template(
        "compare.html",
        records=records,
        rows=rows,
        by_key={row["key"]: row for row in rows},
        scores=pair_scores(records),
        frameworks=catalog.of_facet("framework"),
    )


def pair_scores(records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Return the similarity score of every pair of the compared frameworks (as /similar gives it)."""
    index = knowledge().similarity
    pairs = []
    for i, first in enumerate(records):
        for second in records[i + 1 :]:
            try:
                score = index.score(first["iri"], second["iri"])
            except KeyError:  # a framework without any attribute is not in the index
                continue
            pairs.append({"a": first["label"], "b": second["label"], "score": round(score, 2)})
    return pairs


# --- OpenAPI ---------------------------------------------------------------------------------------------------------


def openapi_paths() -> dict[str, Any]:
    """Return the OpenAPI path items of the /api routes this module adds."""
    string = {"type": "string"}
    error = {
        "description": "Error",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    node = {
        "type": "object",
        "required": ["id", "label", "type", "iri"],
        "properties": {
            "id": string,
            "label": string,
            "iri": string,
            "type": {"type": "string", "enum": [*(name for name, _ in NODE_TYPES), "other"]},
            "types": {"type": "array", "items": string},
        },
    }
    edge = {
        "type": "object",
        "required": ["id", "source", "target", "predicate", "label"],
        "properties": {"id": string, "source": string, "target": string, "predicate": string, "label": string},
    }
    view = {
        "type": "object",
        "required": ["focus", "nodes", "edges", "total_neighbours", "truncated"],
        "properties": {
            "focus": {"type": "string", "nullable": True},
            "nodes": {"type": "array", "items": node},
            "edges": {"type": "array", "items": edge},
            "total_neighbours": {"type": "integer", "minimum": 0},
            "truncated": {"type": "boolean"},
        },
    }
    found = {
        "type": "object",
        "required": ["query", "results"],
        "properties": {
            "query": string,
            "results": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "label", "iri", "type", "matched"],
                    "properties": {"id": string, "label": string, "iri": string, "type": string, "matched": string},
                },
            },
        },
    }

    def operation(summary: str, schema: dict[str, Any], parameters: list[dict[str, Any]]) -> dict[str, Any]:
        ok = {"description": "OK", "content": {"application/json": {"schema": schema}}}
        responses = {"200": ok, "304": {"description": "Not modified (If-None-Match matched the ETag)"}}
        return {
            "get": {
                "summary": summary,
                "parameters": parameters,
                "responses": {**responses, "400": error, "404": error},
            }
        }

    def query(name: str, description: str, schema: dict[str, Any], required: bool = False) -> dict[str, Any]:
        return {"name": name, "in": "query", "required": required, "description": description, "schema": schema}

    return {
        "/api/graph": operation(
            "Nodes and edges to draw (Cytoscape-ready): without focus, every framework, runtime and language; "
            "with focus, a resource and its neighbours, and how many neighbours it has.",
            view,
            [
                query("focus", "Slug of the resource at the centre, e.g. flask.", {"type": "string", "minLength": 1}),
                query(
                    "depth",
                    "How many edges away from the focus.",
                    {"type": "integer", "minimum": 1, "maximum": MAX_DEPTH, "default": 1},
                ),
            ],
        ),
        "/api/search": operation(
            "Resources whose label or synonym matches, best first (for autocomplete).",
            found,
            [
                query("q", "Part of a name.", {"type": "string", "minLength": 1, "maxLength": MAX_QUERY}, True),
                query("limit", "How many.", {"type": "integer", "minimum": 1, "maximum": 50, "default": 10}),
            ],
        ),
    }
