"""The explorer's pages for people: / (the graph) and /compare (two or three frameworks side by side)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask import Blueprint, render_template, request

from service.graph import vocab
from service.graph.compare import labels, side_by_side
from service.graph.neighbourhood import NODE_TYPES
from service.web.errors import ApiError
from service.web.frameworks import framework_record
from service.web.state import knowledge

bp = Blueprint("explore", __name__)

MAX_COMPARED = 3


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
    everything = knowledge().catalog.of_facet("framework")
    slugs = compared_slugs()
    if not slugs:
        return render_template("compare.html", records=[], rows=[], frameworks=everything)
    if not 2 <= len(slugs) <= MAX_COMPARED:
        raise ApiError(400, f"Compare two or three frameworks, e.g. /compare?ids=flask,fastapi (got {len(slugs)}).")
    records = [framework_record(slug) for slug in slugs]
    compared = side_by_side(records, knowledge().similarity)
    rows = labels(compared["traits"])
    label = {record["id"]: record["label"] for record in records}
    scores = [{**score, "a": label[score["a"]], "b": label[score["b"]]} for score in compared["scores"]]
    return render_template(
        "compare.html",
        records=records,
        rows=rows,
        by_key={row["key"]: row for row in rows},
        scores=scores,
        frameworks=everything,
    )
