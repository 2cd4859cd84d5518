"""/api/*: frameworks with facet filters, one framework, questions, paths, vocabularies, OpenAPI."""

from __future__ import annotations

from typing import Any, NoReturn

from flask import Blueprint, Response, jsonify, render_template, request

from service.graph import vocab
from service.graph.ask import Constraint, answer, reply
from service.graph.catalog import RELATIONS, did_you_mean
from service.graph.figures import METRICS, Figure, Metric
from service.web.errors import ApiError
from service.web.openapi import openapi_document
from service.web.state import bounded_source, knowledge, release_bounded_source

bp = Blueprint("api", __name__, url_prefix="/api")
# The query process a request's questions took (state.bounded_source) goes back when it ends, errors included.
bp.teardown_request(release_bounded_source)

# Filter parameter → (facet its values name, kind of constraint it makes).
FILTERS: dict[str, tuple[str, str]] = {
    "language": ("language", "language"),
    "use_case": ("use_case", "use_case"),
    "pro": ("aspect", "pro"),
    "con": ("aspect", "con"),
    "audience": ("audience", "audience"),
    "source": ("source", "source"),
    "classification": ("classification", "classification"),
    "database": ("database", "database"),
    "orm": ("orm", "orm"),
    "platform": ("platform", "platform"),
    "server": ("server", "server"),
}
MAX_K = 50
# Filter values one request may give, all parameters together: each adds a join to the query that runs.
MAX_FILTER_VALUES = 12


def int_argument(name: str, default: int, low: int, high: int) -> int:
    """Read an integer query parameter within [low, high], or fail with 400."""
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, f"Parameter {name!r} must be an integer, not {raw!r}.", parameter=name) from None
    if not low <= value <= high:
        raise ApiError(400, f"Parameter {name!r} must be between {low} and {high}.", parameter=name)
    return value


def filter_constraints() -> list[Constraint]:
    """Turn the facet parameters (slug or label, any case, repeatable) into constraints."""
    catalog = knowledge().catalog
    given = sum(len(request.args.getlist(parameter)) for parameter in FILTERS)
    if given > MAX_FILTER_VALUES:
        message = f"At most {MAX_FILTER_VALUES} filter values per request, not {given}."
        raise ApiError(400, message, limit=MAX_FILTER_VALUES)
    constraints: list[Constraint] = []
    seen: set[tuple[str, str]] = set()
    for parameter, (facet, kind) in FILTERS.items():
        for value in request.args.getlist(parameter):
            term = catalog.find(facet, value)
            if term is None:
                suggestions = catalog.suggest(facet, value)
                hint = did_you_mean(suggestions)
                raise ApiError(
                    400,
                    f"Unknown {facet.replace('_', ' ')} {value!r} for parameter {parameter!r}.{hint}",
                    parameter=parameter,
                    suggestions=suggestions,
                )
            if (kind, term.iri) not in seen:  # a repeated filter asks nothing more
                seen.add((kind, term.iri))
                constraints.append(Constraint(kind, term, value))
    return constraints


def ranking_argument() -> tuple[Metric, int] | None:
    """Read `sort` (a measured metric) and `level` (a concurrency level measured), or fail with 400."""
    name = request.args.get("sort")
    figures = knowledge().figures
    level = figures.default_level
    # A level is checked even without sort: a bad parameter is never silently ignored.
    if "level" in request.args:
        if not figures.levels:
            raise ApiError(400, "The graph holds no measured figures, so no concurrency level.", parameter="level")
        level = int_argument("level", figures.levels[0], min(figures.levels), max(figures.levels))
        if level not in figures.levels:
            message = f"Parameter 'level' must be a concurrency level measured: {', '.join(map(str, figures.levels))}."
            raise ApiError(400, message, parameter="level")
    if name is None:
        return None
    if name not in METRICS:
        raise ApiError(400, f"Parameter 'sort' must be one of {', '.join(METRICS)}, not {name!r}.", parameter="sort")
    if level is None:
        raise ApiError(400, "The graph holds no measured figures to sort by.", parameter="sort")
    return METRICS[name], level


@bp.get("/frameworks")
def frameworks() -> Response:
    """List frameworks meeting every filter, with evidence and the SPARQL that ran; sorted by a figure on request."""
    constraints = filter_constraints()
    ranking = ranking_argument()
    found = answer(knowledge().catalog, constraints, bounded_source())
    body: dict[str, Any] = {"filters": [c.as_json() for c in constraints], "results": found.results}
    if ranking is not None:
        metric, level = ranking
        figures = knowledge().figures
        best = figures.best(metric, level, [result["iri"] for result in found.results])
        # Measured frameworks first, best first; the others keep their order after them.
        ranked = sorted(found.results, key=lambda r: (r["iri"] not in best, _rank_key(best.get(r["iri"]))))
        for result in ranked:
            if result["iri"] in best:
                result["figure"] = best[result["iri"]].as_json()
        run = next(iter(best.values())).run if best else None
        body["results"] = ranked
        body["ranking"] = {
            "metric": metric.name,
            "label": metric.label,
            "unit": metric.unit,
            "concurrency": level,
            "measured": len(best),
            "run": run,
            "caveat": run["caveat"] if run else None,
        }
    body["sparql"] = found.sparql
    return jsonify(body)


def _rank_key(figure: Figure | None) -> float:
    if figure is None:
        return 0.0
    return -figure.value if figure.metric.higher_is_better else figure.value


@bp.get("/frameworks/<slug>")
def framework(slug: str) -> Response:
    """Describe one framework: language, pros, cons, use cases, recommendations, each with sources."""
    record = knowledge().catalog.framework(slug)
    if record is None or "sa:Framework" not in record["types"]:
        raise_unknown("framework", slug)
    record["sources"] = _sources_of(record)
    record["benchmark_setups"] = knowledge().catalog.setups(slug)
    figures = knowledge().figures
    measured = figures.of(record["iri"])
    record["figures"] = {
        "measurements": measured,
        "runs": [run for iri, run in figures.runs.items() if any(m["run"] == run["id"] for m in measured)],
    }
    record["conflicts"] = [c.as_json() for c in knowledge().conflicts_of(record["iri"])]
    record["links"] = {"page": f"/id/{slug}", "similar": f"/api/frameworks/{slug}/similar"}
    return jsonify(record)


def _sources_of(record: dict[str, Any]) -> list[dict[str, Any]]:
    # Every source that says something about the framework, from the sections its claims cite.
    found: dict[str, dict[str, Any]] = {}
    sections = [s for key in RELATIONS for value in record.get(key, []) for s in value.get("sources", [])]
    sections += [claim["source"] for key in ("pros", "cons", "recommendations") for claim in record.get(key, [])]
    sections += [setup["source"] for setup in knowledge().catalog.setups(record["id"])]
    for section in sections:
        source = section.get("source") if section else None
        if source:
            found.setdefault(source["id"], source)
    return sorted(found.values(), key=lambda s: s["label"].casefold())


@bp.get("/conflicts")
def conflicts() -> Response:
    """List where sources disagree (language, homepage, class against style, version), each value with its sources."""
    slug = request.args.get("framework")
    iri = None
    if slug is not None:
        if not vocab.is_slug(slug) or knowledge().catalog.find("framework", slug) is None:
            raise_unknown("framework", slug)
        iri = vocab.iri_for(slug)
    return jsonify({"results": [c.as_json() for c in knowledge().conflicts_of(iri)]})


def raise_unknown(facet: str, slug: str) -> NoReturn:
    """Fail with 404, suggesting the nearest slugs of that kind."""
    suggestions = knowledge().catalog.suggest(facet, slug)
    raise ApiError(404, f"No {facet} {slug!r}.{did_you_mean(suggestions)}", suggestions=suggestions)


@bp.get("/frameworks/<slug>/similar")
def similar(slug: str) -> Response:
    """Return the frameworks most like this one, each with a score and, in words, what they share and not."""
    k = int_argument("k", 5, 1, MAX_K)
    try:
        matches = knowledge().similarity.similar(slug, k) if vocab.is_slug(slug) else None
    except KeyError:
        matches = None
    if matches is None:
        raise_unknown("framework", slug)
    return jsonify({"id": slug, "results": [match.as_json() for match in matches]})


@bp.get("/clusters")
def clusters() -> Response:
    """Return groups of frameworks that belong together, each labelled by what its members share."""
    return jsonify({"clusters": [cluster.as_json() for cluster in knowledge().similarity.clusters()]})


@bp.get("/ask")
def ask() -> Response:
    """Answer a question in English: the results, why each matches, the reading and the SPARQL."""
    question = request.args.get("q", "").strip()
    if not question:
        raise ApiError(400, "Ask something with the q parameter, e.g. /api/ask?q=Python frameworks suited to APIs")
    if len(question) > 500:
        raise ApiError(400, "A question is at most 500 characters.")
    lexicon = knowledge().lexicon
    reading = lexicon.interpret(question, figures=knowledge().figures)
    body: dict[str, Any] = {"question": question, "interpretation": reading.as_json()}
    similarity = knowledge().similarity if reading.intent == "comparison" else None
    found = reply(knowledge().catalog, reading, bounded_source(), similarity, figures=knowledge().figures)
    if found["kind"] == "nothing":
        found["message"] = (
            "No word of the question names a language, use case, aspect, audience or framework "
            "in the graph, so there is nothing to look for."
        )
        found["suggestions"] = lexicon.suggestions(reading.ignored)
    return jsonify({**body, **found})


@bp.get("/path")
def path() -> Response:
    """Return the shortest connections between two resources, with the statements along them."""
    ends = []
    for parameter in ("from", "to"):
        slug = request.args.get(parameter, "").strip()
        if not slug:
            raise ApiError(400, f"Parameter {parameter!r} is required: a slug such as flask or python.")
        if vocab.iri_for(slug) not in knowledge().paths:
            raise ApiError(404, f"No resource {slug!r} to start or end a path at.", parameter=parameter)
        ends.append(vocab.iri_for(slug))
    k = int_argument("k", 3, 1, 10)
    return jsonify({"from": ends[0], "to": ends[1], "paths": knowledge().paths.paths(ends[0], ends[1], k)})


def term_list(facet: str) -> list[dict[str, Any]]:
    """List the terms of a facet with their synonyms and how many frameworks each applies to."""
    catalog = knowledge().catalog
    counts = catalog.counts(facet)
    return [
        {
            "id": term.slug,
            "label": term.label,
            "iri": term.iri,
            "synonyms": sorted(set(term.names) - {term.label}),
            "frameworks": counts.get(term.iri, 0),
        }
        for term in catalog.of_facet(facet)
    ]


@bp.get("/languages")
def languages() -> Response:
    """List programming languages."""
    return jsonify({"results": term_list("language")})


@bp.get("/aspects")
def aspects() -> Response:
    """List the aspects pros and cons are about."""
    return jsonify({"results": term_list("aspect")})


@bp.get("/audiences")
def audiences() -> Response:
    """List the audiences recommendations address."""
    return jsonify({"results": term_list("audience")})


@bp.get("/classifications")
def classifications() -> Response:
    """List TechEmpower's classifications (full-stack, micro, platform)."""
    return jsonify({"results": term_list("classification")})


@bp.get("/databases")
def databases() -> Response:
    """List the databases benchmark set-ups use."""
    return jsonify({"results": term_list("database")})


@bp.get("/platforms")
def platforms() -> Response:
    """List the platforms benchmark set-ups run on."""
    return jsonify({"results": term_list("platform")})


@bp.get("/use-cases")
def use_cases() -> Response:
    """List use cases as a tree (skos:broader), each with its narrower use cases."""
    return jsonify({"results": knowledge().catalog.use_case_tree()})


@bp.get("/openapi.json")
def openapi() -> Response:
    """Return the OpenAPI 3 description of /api."""
    return jsonify(openapi_document())


@bp.get("/")
@bp.get("/docs")
def docs() -> str:
    """Show the API documentation for people, generated from the OpenAPI document."""
    return render_template("api_docs.html", spec=openapi_document())
