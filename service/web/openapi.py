"""The OpenAPI 3 description of /api, built once from small helpers."""

from __future__ import annotations

from functools import cache
from typing import Any

from service import __name__ as package
from service.web import explore

SLUG = {"type": "string", "pattern": "^[a-z0-9][a-z0-9/-]*$", "example": "flask"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _query(
    name: str, description: str, schema: dict[str, Any], *, required: bool = False, array: bool = False
) -> dict[str, Any]:
    if array:
        schema = {"type": "array", "items": schema}
    parameter = {"name": name, "in": "query", "required": required, "description": description, "schema": schema}
    if array:
        parameter.update(style="form", explode=True)
    return parameter


def _operation(summary: str, schema: str, parameters: list[dict[str, Any]], errors: tuple[int, ...]) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {"description": "OK", "content": {"application/json": {"schema": _ref(schema)}}},
        "304": {"description": "Not modified (If-None-Match matched the ETag)"},
    }
    for status in errors:
        responses[str(status)] = {"description": "Error", "content": {"application/json": {"schema": _ref("Error")}}}
    return {"get": {"summary": summary, "parameters": parameters, "responses": responses}}


def _object(required: list[str], **properties: Any) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties}


_STRING = {"type": "string"}
_STRINGS = {"type": "array", "items": _STRING}
_NULLABLE_STRING = {"type": "string", "nullable": True}


@cache
def openapi_document() -> dict[str, Any]:
    """Return the OpenAPI 3.0 document for every /api operation."""
    facet = {"type": "string", "minLength": 1, "example": "python"}
    filters = [
        _query("language", "Programming language (slug, label or synonym; any case).", facet, array=True),
        _query("use_case", "Use case; narrower use cases count too (APIs includes Web APIs).", facet, array=True),
        _query("pro", "Aspect the framework is praised for.", facet, array=True),
        _query("con", "Aspect the framework is criticised for.", facet, array=True),
        _query("audience", "Audience a recommendation names the framework for.", facet, array=True),
        _query(
            "source",
            "Only claims from this source (e.g. article, curation): every other filter is met by its sections.",
            facet,
            array=True,
        ),
        _query("classification", "TechEmpower's class of the framework (full-stack, micro).", facet, array=True),
        _query("database", "A database a working benchmark set-up uses (e.g. PostgreSQL).", facet, array=True),
        _query("orm", "An ORM class a working benchmark set-up uses (full, micro, raw).", facet, array=True),
        _query("platform", "A platform a working benchmark set-up runs on (e.g. WSGI, .NET).", facet, array=True),
        _query("server", "A web server a benchmark set-up runs behind (e.g. nginx).", facet, array=True),
        _query(
            "sort",
            "Sort by a measured figure (best first; frameworks not measured last), naming the run and its caveat.",
            {"type": "string", "enum": ["requests_per_second", "latency_p50", "latency_p90", "latency_p99"]},
        ),
        _query(
            "level",
            "Concurrency level of the figure sorted by (default: the highest measured).",
            {"type": "integer", "enum": [64, 256, 512]},
        ),
    ]
    slug_parameter = {"name": "slug", "in": "path", "required": True, "schema": SLUG}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "StackAtlas API",
            "version": "0.1.0",
            "description": "Backend web frameworks as a knowledge graph. Every answer carries its evidence "
            "(the triples and source sections behind it) and the SPARQL that produced it, runnable on /sparql.",
            "x-package": package,
        },
        "paths": {
            "/api/frameworks": _operation(
                "Frameworks meeting every filter (repeat a filter to require several values).",
                "FrameworkList",
                filters,
                (400,),
            ),
            "/api/frameworks/{slug}": _operation(
                "Everything the graph says about one framework, each claim with its source.",
                "Framework",
                [slug_parameter],
                (404,),
            ),
            "/api/frameworks/{slug}/similar": _operation(
                "The frameworks most similar to one, with scores and what they share and do not.",
                "SimilarList",
                [
                    slug_parameter,
                    _query("k", "How many.", {"type": "integer", "minimum": 1, "maximum": 50, "default": 5}),
                ],
                (400, 404),
            ),
            "/api/clusters": _operation("Groups of frameworks that belong together.", "Clusters", [], ()),
            "/api/ask": _operation(
                "Answer an English question such as 'Python frameworks suited to APIs'.",
                "Answer",
                [_query("q", "The question.", {"type": "string", "minLength": 1, "maxLength": 500}, required=True)],
                (400,),
            ),
            "/api/path": _operation(
                "Shortest connections between two resources (e.g. flask and django).",
                "Paths",
                [
                    _query("from", "Slug where paths start.", SLUG, required=True),
                    _query("to", "Slug where paths end.", SLUG, required=True),
                    _query("k", "How many paths.", {"type": "integer", "minimum": 1, "maximum": 10, "default": 3}),
                ],
                (400, 404),
            ),
            "/api/languages": _operation("Programming languages.", "TermList", [], ()),
            "/api/aspects": _operation("Aspects that pros and cons are about.", "TermList", [], ()),
            "/api/audiences": _operation("Audiences that recommendations address.", "TermList", [], ()),
            "/api/use-cases": _operation("Use cases as a tree.", "UseCaseTree", [], ()),
            "/api/classifications": _operation("TechEmpower's classifications.", "TermList", [], ()),
            "/api/databases": _operation("Databases benchmark set-ups use.", "TermList", [], ()),
            "/api/platforms": _operation("Platforms benchmark set-ups run on.", "TermList", [], ()),
            "/api/conflicts": _operation(
                "Where sources disagree: language, homepage, TechEmpower's class against our style, version.",
                "ConflictList",
                [_query("framework", "Only this framework's conflicts.", SLUG)],
                (404,),
            ),
            **explore.openapi_paths(),
        },
        "components": {"schemas": _schemas()},
    }


def _schemas() -> dict[str, Any]:
    resource = _object(["id", "label", "iri"], id=_STRING, label=_STRING, iri=_STRING)
    source = {"type": "object", "nullable": True, "properties": {"id": _STRING, "label": _STRING}}
    why = _object(["triple", "text"], triple={"type": "array", "items": _STRING}, text=_STRING, source=source)
    summary = {
        "allOf": [
            _ref("Resource"),
            _object(["why"], why={"type": "array", "items": _ref("Why")}, score={"type": "number"}),
        ]
    }
    claims = {"type": "array", "items": {"allOf": [_ref("Resource"), _object(["sources"], sources={"type": "array"})]}}
    assessment = {
        "allOf": [
            _ref("Resource"),
            _object(
                ["kind", "description", "aspects", "source"],
                kind={"type": "string", "enum": ["pro", "con"]},
                description=_STRING,
                aspects={"type": "array", "items": _ref("Resource")},
                source={"type": "object"},
            ),
        ]
    }
    constraint = {
        "allOf": [_ref("Resource"), _object(["kind", "matched", "means"], kind=_STRING, matched=_STRING, means=_STRING)]
    }
    tree_node = {
        "allOf": [_ref("Resource"), _object(["narrower"], narrower={"type": "array", "items": _ref("UseCase")})]
    }
    step = {
        "type": "object",
        "properties": {"id": _STRING, "label": _STRING, "iri": _STRING, "predicate": _STRING, "direction": _STRING},
    }
    return {
        "Resource": resource,
        "Why": why,
        "FrameworkSummary": summary,
        "Constraint": constraint,
        "FrameworkList": _object(
            ["results", "sparql", "filters"],
            results={"type": "array", "items": _ref("FrameworkSummary")},
            sparql=_STRING,
            filters={"type": "array", "items": _ref("Constraint")},
            ranking={"type": "object"},
        ),
        "ConflictList": _object(
            ["results"],
            results={
                "type": "array",
                "items": _object(
                    ["framework", "field", "values"],
                    framework=_ref("Resource"),
                    field=_STRING,
                    values={"type": "array", "items": {"type": "object"}},
                ),
            },
        ),
        "Framework": {
            "allOf": [
                _ref("Resource"),
                _object(
                    ["language", "pros", "cons", "use_cases", "recommendations", "built_on", "runs_on"],
                    language=claims,
                    use_cases=claims,
                    built_on=claims,
                    runs_on=claims,
                    part_of=claims,
                    features=claims,
                    style=claims,
                    licence=claims,
                    homepage=claims,
                    repository=claims,
                    description=_NULLABLE_STRING,
                    types=_STRINGS,
                    pros={"type": "array", "items": assessment},
                    cons={"type": "array", "items": assessment},
                    recommendations={"type": "array", "items": {"type": "object"}},
                    used_by={"type": "array", "items": _ref("Resource")},
                    links={"type": "object"},
                    sources={"type": "array", "items": _ref("Resource")},
                    benchmark_setups={"type": "array", "items": {"type": "object"}},
                    figures={"type": "object"},
                    conflicts={"type": "array", "items": {"type": "object"}},
                    benchmark_classification=claims,
                    benchmarked_with=claims,
                    benchmarked_orm=claims,
                    benchmarked_platform=claims,
                    benchmarked_on=claims,
                ),
            ]
        },
        "Answer": _object(
            ["question", "interpretation", "sparql", "results"],
            question=_STRING,
            # What was answered: a list, every framework, one framework's record, a comparison, or nothing.
            kind={"type": "string", "enum": ["list", "all", "record", "comparison", "nothing"]},
            interpretation=_object(
                ["constraints", "ignored"],
                intent=_STRING,
                constraints={"type": "array", "items": _ref("Constraint")},
                ignored=_STRINGS,
                corrections={"type": "array", "items": {"type": "object"}},
                notes=_STRINGS,
                count={"type": "boolean"},
                summary=_NULLABLE_STRING,
            ),
            sparql=_NULLABLE_STRING,
            results={"type": "array", "items": _ref("FrameworkSummary")},
            count={"type": "integer"},
            record=_ref("Framework"),
            part={"type": "object"},
            comparison=_object(
                ["frameworks", "traits", "scores", "links"],
                frameworks={"type": "array", "items": _ref("Resource")},
                traits={"type": "array", "items": {"type": "object"}},
                scores={"type": "array", "items": {"type": "object"}},
                links={"type": "object"},
            ),
            links={"type": "object"},
            message=_STRING,
            suggestions={"type": "object"},
        ),
        "Paths": _object(
            ["paths"],
            paths={"type": "array", "items": {"type": "array", "items": step}},
            **{"from": _STRING, "to": _STRING},
        ),
        "TermList": _object(
            ["results"],
            results={
                "type": "array",
                "items": {
                    "allOf": [
                        _ref("Resource"),
                        _object(["synonyms", "frameworks"], synonyms=_STRINGS, frameworks={"type": "integer"}),
                    ]
                },
            },
        ),
        "SimilarList": _object(
            ["id", "results"],
            id=_STRING,
            results={
                "type": "array",
                "items": {
                    "allOf": [
                        _ref("Resource"),
                        _object(
                            ["score", "shared", "different"],
                            score={"type": "number", "minimum": 0, "maximum": 1},
                            shared=_STRINGS,
                            different=_STRINGS,
                        ),
                    ]
                },
            },
        ),
        "Clusters": _object(
            ["clusters"],
            clusters={
                "type": "array",
                "items": _object(["id", "label", "members"], id=_STRING, label=_STRING, members=_STRINGS),
            },
        ),
        "UseCase": tree_node,
        "UseCaseTree": _object(["results"], results={"type": "array", "items": _ref("UseCase")}),
        "Error": _object(
            ["error"],
            error=_object(["status", "message"], status={"type": "integer"}, message=_STRING, suggestions=_STRINGS),
        ),
    }
