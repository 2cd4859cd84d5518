"""The explorer's pages for people: / (the graph) and /compare (two or three frameworks side by side)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask import Blueprint, render_template, request

from service import vocab
from service.knowledge.ask.constraint import Constraint
from service.knowledge.catalog import Term
from service.knowledge.compare import labels, side_by_side
from service.knowledge.explorer_queries import page_queries
from service.knowledge.filters import FILTERS
from service.knowledge.neighbourhood import NODE_TYPES
from service.web.errors import ApiError
from service.web.frameworks import framework_record
from service.web.state import knowledge

bp = Blueprint("explore", __name__)

MAX_COMPARED = 3


# The titles of the filter form's fields; a filter the API gains shows under its parameter's name until named here.
FILTER_TITLES = {
    "language": "Language",
    "use_case": "Use case",
    "pro": "Praised for",
    "con": "Criticised for",
    "audience": "Recommended for",
    "source": "According to",
    "classification": "TechEmpower class",
    "database": "Benchmarked with",
    "orm": "ORM class",
    "platform": "Benchmarked on",
    "server": "Web server",
    "licence": "Licence",
    "feature": "Feature",
}
# The node type a term of each kind of constraint is drawn as, when a question brings it into view.
_TERM_TYPES = {"feature": "feature", "style": "style", "built_on": "runtime", "similar": "framework"}
_NODE_TYPE_NAMES = frozenset(name for name, _ in NODE_TYPES)
SKOS_PREF_LABEL = vocab.PREFIXES["skos"] + "prefLabel"


def why_verbs() -> dict[str, dict[str, str]]:
    """How an answer meets each kind of term of a question, as an edge label, and the type its term is drawn as.

    The words are the constraint's own (Constraint.describe) without the term's label: "for apps in", "suited to".
    """
    marker = "\x00"
    term = Term("", "", marker, ())
    facet_of = {kind: facet for facet, kind, _ in FILTERS.values()}
    found: dict[str, dict[str, str]] = {}
    for kind in dict.fromkeys([*facet_of, *_TERM_TYPES]):
        said = Constraint(kind, term, marker).describe()
        verb = said.split(marker)[0].strip()
        if marker not in said or not verb or kind == "source":  # "according to" limits claims; it is not drawn
            continue
        drawn = _TERM_TYPES.get(kind) or facet_of[kind]
        found[kind] = {"verb": verb, "type": drawn if drawn in _NODE_TYPE_NAMES else "other"}
    return found


def explorer_config() -> dict[str, Any]:
    """What the page needs from the server: vocabularies, the slug rule, the filters, the "why" words, its queries."""
    return {
        "examples": knowledge().lexicon.examples(),
        "types": [{"name": name, "iri": iri} for name, iri in NODE_TYPES],
        "prefixes": vocab.PREFIXES,
        "base": vocab.BASE,
        "rdf_type": vocab.RDF_TYPE,
        "label_predicates": [vocab.RDFS_LABEL, SKOS_PREF_LABEL],
        # The same rule as vocab.is_slug, anchored for a JavaScript RegExp (the pattern is in both dialects).
        "slug": f"^(?:{vocab.SLUG_PATTERN})$",
        "filters": [{"name": name, "title": FILTER_TITLES.get(name, name)} for name in FILTERS],
        "why": why_verbs(),
        "queries": page_queries(),
    }


@bp.get("/")
def index() -> str:
    """Show the explorer; ?q=, ?focus=, ?construct= and the filters in the URL say what it opens on."""
    catalog = knowledge().catalog
    config = explorer_config()
    facets = [(name, FILTER_TITLES.get(name, name), catalog.of_facet(facet)) for name, (facet, _, _) in FILTERS.items()]
    groups = knowledge().overview.groups  # the list a phone opens on, the overview's groups in words
    return render_template("explorer.html", config=config, facets=facets, groups=groups)


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
