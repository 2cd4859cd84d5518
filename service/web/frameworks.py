"""/api/frameworks (facet filters, a figure to sort by), one framework, similar ones, clusters, and conflicts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, NoReturn

from flask import Blueprint, Response, jsonify

from service import vocab
from service.knowledge.answers import ClusterList, ConflictList, Resource, SimilarList
from service.knowledge.ask.constraint import Constraint
from service.knowledge.ask.evidence import answer
from service.knowledge.ask.popular import PopularityRanking, rank
from service.knowledge.ask.status import STATUSES, describe, keep
from service.knowledge.catalog import did_you_mean
from service.knowledge.catalog_queries import RELATIONS
from service.knowledge.figures import METRICS, OWN, Metric
from service.knowledge.filters import FILTERS, MAX_FILTER_VALUES, TooManyValues, UnknownValue, constraints, ranked
from service.knowledge.popularity import RANK_MEASURES
from service.knowledge.record_answers import Framework
from service.web import declare
from service.web.declare import Endpoint, Param
from service.web.errors import ApiError
from service.web.state import knowledge, lookups, queries

bp = Blueprint("frameworks", __name__)

MAX_K = 50

LIST = Endpoint(
    "Frameworks meeting every filter (repeat a filter to require several values).",
    "FrameworkList",
    (
        *(Param(name, text, many=True, example="python") for name, (_, _, text) in FILTERS.items()),
        Param(
            "sort",
            "Sort by a measured figure (best first; frameworks not measured last), naming the run and its "
            "caveat; or by the survey: popularity (share who worked with it) or admired, in the latest year "
            "(or year=).",
            choices=(*METRICS, *RANK_MEASURES),
        ),
        Param(
            "level",
            "Concurrency level of the figure sorted by: one the graph measured (64, 256 or 512 on the "
            "bundled graph; default the highest).",
            kind=int,
        ),
        *(
            Param(name, f"true: only frameworks {said} as of the date (as_of); false: only those not.", kind=bool)
            for name, said in STATUSES.items()
        ),
        Param(
            "as_of",
            "The date supported, lts and maintained are judged on (default: today); the answer says it.",
            kind=dt.date,
            example="2026-12-07",
        ),
        Param(
            "year",
            "Survey year of sort=popularity or sort=admired (default: the latest).",
            kind=int,
            low=2000,
            high=2100,
        ),
        Param(
            "runtime",
            "With a figure to sort by: compare the set-ups on this runtime (slug, e.g. bun), or 'any' "
            "(each framework's best set-up anywhere); default: each framework on its own runtime, like with like.",
            pattern=declare.SLUG_PATTERN,
            example="nodejs",
        ),
    ),
    (400,),
)
SLUG = declare.slug(description="Slug of the framework, e.g. flask.", where="path")


@declare.get(bp, "/frameworks", LIST)
def frameworks(
    sort: str | None,
    level: int | None,
    as_of: dt.date | None,
    year: int | None,
    runtime: str | None,
    supported: bool | None,
    lts: bool | None,
    maintained: bool | None,
    **filters: list[str],
) -> Response:
    """List frameworks meeting every filter, with evidence and the SPARQL that ran; sorted by a figure on request."""
    constraints = filter_constraints(filters)
    if year is not None and year not in knowledge().popularity.years:  # a bad parameter is never silently ignored
        held = ", ".join(map(str, knowledge().popularity.years)) or "none"
        raise ApiError(400, f"Parameter 'year' must be a survey year the graph holds: {held}.", parameter="year")
    by_survey = sort in RANK_MEASURES
    ranking = ranking_of(None if by_survey else sort, level, runtime)
    day = as_of or dt.date.today()
    found = answer(knowledge().catalog, constraints, queries())
    statuses = {
        name: wanted
        for name, wanted in (("supported", supported), ("lts", lts), ("maintained", maintained))
        if wanted is not None
    }
    results = keep(found.results, statuses, knowledge().lifecycles, day) if statuses else found.results
    body: dict[str, Any] = {"filters": [c.as_json() for c in constraints], "results": results}
    if statuses or by_survey:
        body["as_of"] = day.isoformat()
    if statuses:
        body["conditions"] = [
            {"name": name, "value": wanted, "means": describe(name, wanted, day)} for name, wanted in statuses.items()
        ]
    if ranking is not None:
        body["results"], body["ranking"] = ranked(knowledge().figures, results, *ranking)
    elif by_survey and sort is not None:
        ordered, how = rank(PopularityRanking(sort, year), results, knowledge().popularity)
        listed = {result["iri"] for result in ordered}  # the frameworks without a share keep their order after them
        body["results"], body["ranking"] = [*ordered, *(r for r in results if r["iri"] not in listed)], how
    body["sparql"] = found.sparql
    return jsonify(body)


def filter_constraints(filters: dict[str, list[str]]) -> list[Constraint]:
    """Turn the facet parameters (slug or label, any case, repeatable) into constraints, or fail with 400."""
    try:
        return constraints(knowledge().catalog, filters)
    except TooManyValues as error:
        raise ApiError(400, str(error), limit=MAX_FILTER_VALUES) from None
    except UnknownValue as error:
        message = f"{error}{did_you_mean(error.suggestions)}"
        raise ApiError(400, message, parameter=error.parameter, suggestions=error.suggestions) from None


def ranking_of(
    sort: str | None, level: int | None, runtime: str | None = None
) -> tuple[Metric, int, str | None] | None:
    """Check `level` and `runtime` (even without sort) and return what to rank by: metric, level, runtime."""
    figures = knowledge().figures
    on: str | None = OWN
    if runtime == "any":
        on = None
    elif runtime is not None:
        on = vocab.iri_for(runtime)
        if on not in figures.runtimes:
            known = ", ".join(sorted(vocab.slug_or_iri(iri) for iri in figures.runtimes))
            raise ApiError(400, f"Parameter 'runtime' must be 'any' or a runtime: {known}.", parameter="runtime")
    if level is not None:  # a bad parameter is never silently ignored
        if not figures.levels:
            raise ApiError(400, "The graph holds no measured figures, so no concurrency level.", parameter="level")
        if level not in figures.levels:
            message = f"Parameter 'level' must be a concurrency level measured: {', '.join(map(str, figures.levels))}."
            raise ApiError(400, message, parameter="level")
    if sort is None:
        return None
    chosen = level if level is not None else figures.default_level
    if chosen is None:
        raise ApiError(400, "The graph holds no measured figures to sort by.", parameter="sort")
    return METRICS[sort], chosen, on


def framework_record(slug: str) -> Framework:
    """Return the catalog's record of a framework, or fail with 404 suggesting the nearest slugs."""
    # A lookup, not a client's query: it answers while every query process is busy (query/gateway.py says why).
    record = knowledge().catalog.on(lookups()).framework(slug)
    if record is None:
        raise_unknown("framework", slug)
    return record


def raise_unknown(facet: str, slug: str) -> NoReturn:
    """Fail with 404, suggesting the nearest slugs of that kind."""
    suggestions = knowledge().catalog.suggest(facet, slug)
    raise ApiError(404, f"No {facet} {slug!r}.{did_you_mean(suggestions)}", suggestions=suggestions)


AS_OF = Param(
    "as_of",
    "The date release cycles are judged supported, and the project maintained, on (default: "
    "today); the answer says it.",
    kind=dt.date,
    example="2026-12-07",
)
ONE = Endpoint(
    "Everything the graph says about one framework, each claim with its source.", "Framework", (SLUG, AS_OF), (400, 404)
)


@declare.get(bp, "/frameworks/<slug>", ONE)
def framework(slug: str, as_of: dt.date | None) -> Response:
    """Describe one framework: language, pros, cons, use cases, recommendations, cycles, survey, each with sources."""
    record = framework_record(slug)
    add_lifecycle(record, as_of or dt.date.today())
    figures = knowledge().figures
    setups = knowledge().catalog.on(lookups()).setups(slug)
    record["sources"] = _sources_of(record, setups)
    record["benchmark_setups"] = setups
    measured = figures.of(record["iri"])
    record["figures"] = {
        "measurements": measured,
        "runs": [run for run in figures.runs.values() if any(m["run"] == run["id"] for m in measured)],
    }
    record["conflicts"] = [c.as_json() for c in knowledge().conflicts_of(record["iri"])]
    record["links"] = {"page": f"/id/{slug}", "similar": f"/api/frameworks/{slug}/similar"}
    return jsonify(record)


def add_lifecycle(record: Framework, day: dt.date) -> None:
    """Add to a record its release cycles and maintenance as of `day`, and its survey figures (each with sources)."""
    lifecycles, iri = knowledge().lifecycles, record["iri"]
    record["as_of"] = day.isoformat()
    record["release_cycles"] = lifecycles.record(iri, day)
    record["maintained"] = lifecycles.maintained(iri, day)
    record["popularity"] = knowledge().popularity.record(iri)


def _sources_of(record: Mapping[str, Any], setups: list[dict[str, Any]]) -> list[Resource]:
    # Every source that says something about the framework, from the sections its claims cite.
    found: dict[str, Resource] = {}
    sections = [s for key in RELATIONS for value in record.get(key, []) for s in value.get("sources", [])]
    sections += [claim["source"] for key in ("pros", "cons", "recommendations") for claim in record.get(key, [])]
    sections += [setup["source"] for setup in setups]
    for section in sections:
        source = section.get("source") if section else None
        if source:
            found.setdefault(source["id"], source)
    return sorted(found.values(), key=lambda s: s["label"].casefold())


SIMILAR = Endpoint(
    "The frameworks most similar to one, with scores and what they share and do not.",
    "SimilarList",
    (SLUG, Param("k", "How many.", kind=int, default=5, low=1, high=MAX_K)),
    (400, 404),
)


@declare.get(bp, "/frameworks/<slug>/similar", SIMILAR)
def similar(slug: str, k: int) -> Response:
    """Return the frameworks most like this one, each with a score and, in words, what they share and not."""
    try:
        matches = knowledge().similarity.similar(slug, k) if vocab.is_slug(slug) else None
    except KeyError:
        matches = None
    if matches is None:
        raise_unknown("framework", slug)
    answer: SimilarList = {"id": slug, "results": [match.as_json() for match in matches]}
    note = knowledge().similarity.too_little_known(slug)
    if note:
        answer["note"] = note
    return jsonify(answer)


@declare.get(bp, "/clusters", Endpoint("Groups of frameworks that belong together.", "Clusters"))
def clusters() -> Response:
    """Return groups of frameworks that belong together, each labelled by what its members share."""
    # networkx takes a while to import: only the first request for clusters pays it, not the start.
    from service.knowledge.similarity_clusters import clusters_of

    similarity = knowledge().similarity
    answer: ClusterList = {
        "clusters": [cluster.as_json() for cluster in clusters_of(similarity)],
        "unclustered": similarity.unclustered().as_json(),
    }
    return jsonify(answer)


CONFLICTS = Endpoint(
    "Where sources disagree: language, homepage, TechEmpower's class against our style, version.",
    "ConflictList",
    (declare.slug("framework", "Only this framework's conflicts."),),
    (404,),
)


@declare.get(bp, "/conflicts", CONFLICTS)
def conflicts(framework: str | None) -> Response:
    """List where sources disagree (language, homepage, class against style, version), each value with its sources."""
    iri = None
    if framework is not None:
        if not vocab.is_slug(framework) or knowledge().catalog.find("framework", framework) is None:
            raise_unknown("framework", framework)
        iri = vocab.iri_for(framework)
    answer: ConflictList = {"results": [c.as_json() for c in knowledge().conflicts_of(iri)]}
    return jsonify(answer)
