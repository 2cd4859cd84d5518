"""The JSON Schemas of what /api answers: one component per kind of answer, named by the endpoint declarations."""

from __future__ import annotations

from typing import Any, Literal

from service.knowledge.answers import ClusterList, GraphView, OverviewView, SimilarList

STRING = {"type": "string"}
STRINGS = {"type": "array", "items": STRING}
NULLABLE_STRING = {"type": "string", "nullable": True}
OBJECT = {"type": "object"}
OBJECTS = {"type": "array", "items": OBJECT}
NULLABLE_BOOLEAN = {"type": "boolean", "nullable": True}
NULLABLE_NUMBER = {"type": "number", "nullable": True}
DATE = {"type": "string", "format": "date"}


COMPONENT = "#/components/schemas/"


def ref(name: str) -> dict[str, str]:
    """Point at a component schema."""
    return {"$ref": COMPONENT + name}


def obj(required: list[str], **properties: Any) -> dict[str, Any]:
    """Return an object schema with these properties, the named ones required."""
    return {"type": "object", "required": required, "properties": properties}


def array(items: dict[str, Any]) -> dict[str, Any]:
    """Return an array schema of these items."""
    return {"type": "array", "items": items}


def resource_and(required: list[str], **properties: Any) -> dict[str, Any]:
    """Return a Resource (id, label, iri) with more properties."""
    return {"allOf": [ref("Resource"), obj(required, **properties)]}


def results(items: dict[str, Any], *more: str, **properties: Any) -> dict[str, Any]:
    """Return an object whose `results` are a list of these items."""
    return obj(["results", *more], results=array(items), **properties)


def components() -> dict[str, Any]:
    """Return every component schema of the document."""
    shapes = declared(GraphView=GraphView, Overview=OverviewView, SimilarList=SimilarList, Clusters=ClusterList)
    return {**_common(), **_frameworks(), **_framework(), **_answer(), **_lists(), **_explorer(), **shapes}


def declared(**shapes: type) -> dict[str, Any]:
    """Return the component schemas of answers whose shape is declared once, as a TypedDict, made by pydantic.

    Each answer's TypedDict becomes the component of the name it is given, and those it holds components of
    their own names; OpenAPI 3.0 says "nullable" where JSON Schema says "or null". pydantic is imported here,
    when the document is first made, not at start-up.
    """
    from pydantic import TypeAdapter
    from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
    from pydantic_core import core_schema

    class OpenApi30(GenerateJsonSchema):
        def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
            inner = self.generate_inner(schema["schema"])
            return {"allOf": [inner], "nullable": True} if "$ref" in inner else {**inner, "nullable": True}

        def literal_schema(self, schema: core_schema.LiteralSchema) -> JsonSchemaValue:
            made = super().literal_schema(schema)
            if "const" in made:  # OpenAPI 3.0 has no const: a one-value enum
                made["enum"] = [made.pop("const")]
            return made

        def field_title_should_be_set(self, schema: Any) -> bool:
            return False  # a property's title would only repeat its name

    adapters: list[tuple[type, Literal["serialization"], TypeAdapter[Any]]] = [
        (shape, "serialization", TypeAdapter(shape)) for shape in shapes.values()
    ]
    _, document = TypeAdapter.json_schemas(
        adapters,
        ref_template=COMPONENT + "{model}",
        schema_generator=OpenApi30,
    )
    made: dict[str, Any] = document.get("$defs", {})
    for name, shape in shapes.items():
        made[name] = made.pop(shape.__name__)  # an answer is named by its endpoint's declaration
    for schema in made.values():
        schema.pop("title", None)
    return made


def _common() -> dict[str, Any]:
    source = {"type": "object", "nullable": True, "properties": {"id": STRING, "label": STRING}}
    return {
        "Resource": obj(["id", "label", "iri"], id=STRING, label=STRING, iri=STRING),
        "Why": obj(["triple", "text"], triple=STRINGS, text=STRING, source=source),
        "FrameworkSummary": resource_and(["why"], why=array(ref("Why")), score={"type": "number"}),
        "Constraint": resource_and(["kind", "matched", "means"], kind=STRING, matched=STRING, means=STRING),
        "Error": obj(
            ["error"],
            error=obj(["status", "message"], status={"type": "integer"}, message=STRING, suggestions=STRINGS),
        ),
    }


def _frameworks() -> dict[str, Any]:
    conflict = obj(["framework", "field", "values"], framework=ref("Resource"), field=STRING, values=OBJECTS)
    return {
        "FrameworkList": results(
            ref("FrameworkSummary"),
            "sparql",
            "filters",
            sparql=STRING,
            filters=array(ref("Constraint")),
            ranking=OBJECT,
            as_of=DATE,
            conditions=array(obj(["name", "value", "means"], name=STRING, value={"type": "boolean"}, means=STRING)),
        ),
        "ConflictList": results(conflict),
    }


def _framework() -> dict[str, Any]:
    claims = array(resource_and(["sources"], sources={"type": "array"}))
    assessment = resource_and(
        ["kind", "description", "aspects", "source"],
        kind={"type": "string", "enum": ["pro", "con"]},
        description=STRING,
        aspects=array(ref("Resource")),
        source=OBJECT,
    )
    claimed = (
        "language",
        "use_cases",
        "built_on",
        "runs_on",
        "part_of",
        "features",
        "style",
        "licence",
        "homepage",
        "repository",
        "benchmark_classification",
        "benchmarked_with",
        "benchmarked_orm",
        "benchmarked_platform",
        "benchmarked_on",
        "kind",
    )
    required = ["language", "pros", "cons", "use_cases", "recommendations", "built_on", "runs_on"]
    return {
        "Framework": resource_and(
            required,
            **dict.fromkeys(claimed, claims),
            description=NULLABLE_STRING,
            types=STRINGS,
            pros=array(assessment),
            cons=array(assessment),
            recommendations=OBJECTS,
            used_by=array(ref("Resource")),
            links=OBJECT,
            sources=array(ref("Resource")),
            benchmark_setups=OBJECTS,
            figures=OBJECT,
            conflicts=OBJECTS,
            descriptions=array(obj(["text", "property", "source"], text=STRING, property=STRING, source=OBJECT)),
            as_of=DATE,
            release_cycles=ref("ReleaseCycles"),
            maintained=ref("Maintained"),
            popularity={"allOf": [ref("Popularity")], "nullable": True},
        ),
        **_lifecycle(),
    }


def _lifecycle() -> dict[str, Any]:
    """Release cycles, maintenance and survey figures (service/knowledge/lifecycles.py, popularity.py)."""
    day = {"type": "string", "nullable": True}  # a date, or what the file says instead ("ended", "not announced")
    cycle = resource_and(
        ["of", "cycle", "release_date", "security_support_until", "end_of_life", "lts", "supported", "source"],
        of=ref("Resource"),
        cycle=STRING,
        release_date=NULLABLE_STRING,
        active_support_until=day,
        security_support_until=day,
        extended_support_until=day,
        end_of_life=STRING,
        lts={"type": "boolean"},
        latest_version=NULLABLE_STRING,
        latest_release_date=NULLABLE_STRING,
        supported_runtime_versions=NULLABLE_STRING,
        supported_runtime={"type": "object", "nullable": True},
        supported=NULLABLE_BOOLEAN,
        active_support=NULLABLE_BOOLEAN,
        source=OBJECT,
    )
    year = obj(
        ["year"],
        year={"type": "integer"},
        worked_with=NULLABLE_NUMBER,
        want_to_work_with=NULLABLE_NUMBER,
        admired=NULLABLE_NUMBER,
        offered={"type": "boolean"},
    )
    return {
        "ReleaseCycle": cycle,
        "ReleaseCycles": obj(
            ["as_of", "cycles", "supported", "runtime", "rule"],
            as_of=DATE,
            cycles=array(ref("ReleaseCycle")),
            supported=STRINGS,
            runtime=array(obj(["runtime", "cycles"], runtime=ref("Resource"), cycles=array(ref("ReleaseCycle")))),
            rule=STRING,
        ),
        "Maintained": obj(
            ["as_of", "maintained", "status", "evidence", "rule"],
            as_of=DATE,
            maintained=NULLABLE_BOOLEAN,
            status={"type": "string", "enum": ["yes", "no", "unknown"]},
            evidence=array(
                obj(
                    ["kind", "date", "text", "source"],
                    kind=STRING,
                    date=STRING,
                    text=STRING,
                    source=OBJECT,
                    recent={"type": "boolean"},
                )
            ),
            rule=STRING,
        ),
        "Popularity": obj(
            ["by_year", "latest_year", "caveats", "source"],
            by_year=array(year),
            latest_year={"type": "integer", "nullable": True},
            latest={"type": "object", "nullable": True},
            survey_latest_year={"type": "integer", "nullable": True},
            caveats=STRINGS,
            source={"type": "object", "nullable": True},
        ),
    }


def _answer() -> dict[str, Any]:
    interpretation = obj(
        ["constraints", "ignored"],
        intent=STRING,
        constraints=array(ref("Constraint")),
        ignored=STRINGS,
        corrections=OBJECTS,
        notes=STRINGS,
        count={"type": "boolean"},
        summary=NULLABLE_STRING,
    )
    comparison = obj(
        ["frameworks", "traits", "scores", "links"],
        frameworks=array(ref("Resource")),
        traits=OBJECTS,
        scores=OBJECTS,
        links=OBJECT,
        # Support on the answer's date and survey shares side by side (service/knowledge/compare.py).
        lifecycle=obj(["as_of", "frameworks"], as_of=DATE, frameworks=OBJECTS),
        popularity=obj(
            ["frameworks", "caveats"], frameworks=OBJECTS, caveats=STRINGS, source={"type": "object", "nullable": True}
        ),
    )
    step = {"type": "object", "properties": dict.fromkeys(("id", "label", "iri", "predicate", "direction"), STRING)}
    return {
        "Answer": obj(
            ["question", "interpretation", "sparql", "results"],
            question=STRING,
            # What was answered: a list, every framework, one framework's record, a comparison, or nothing.
            kind={"type": "string", "enum": ["list", "all", "record", "comparison", "lifecycle", "nothing"]},
            as_of=DATE,
            lifecycle=obj(
                ["framework", "asked", "as_of", "answer", "text", "cycles", "runtime"],
                framework=ref("Resource"),
                asked={"type": "string", "enum": ["latest", "end_of_life", "supported", "lts", "maintained", "cycles"]},
                cycle=NULLABLE_STRING,
                as_of=DATE,
                answer={"nullable": True},
                text=STRING,
                cycles=array(ref("ReleaseCycle")),
                runtime=OBJECTS,
                maintained=ref("Maintained"),
            ),
            ranking=OBJECT,
            interpretation=interpretation,
            sparql=NULLABLE_STRING,
            results=array(ref("FrameworkSummary")),
            count={"type": "integer"},
            record=ref("Framework"),
            part=OBJECT,
            comparison=comparison,
            links=OBJECT,
            message=STRING,
            suggestions=OBJECT,
        ),
        "Paths": obj(["paths"], paths=array(array(step)), **{"from": STRING, "to": STRING}),
    }


def _lists() -> dict[str, Any]:
    term = resource_and(["synonyms", "frameworks"], synonyms=STRINGS, frameworks={"type": "integer"})
    return {
        "TermList": results(term),
        "UseCase": resource_and(["narrower"], narrower=array(ref("UseCase"))),
        "UseCaseTree": results(ref("UseCase")),
    }


def _explorer() -> dict[str, Any]:
    match_keys = ["id", "label", "iri", "type", "matched"]
    return {
        "SearchResults": results(obj(match_keys, **dict.fromkeys(match_keys, STRING)), "query", query=STRING),
        **_figures(),
    }


def _figures() -> dict[str, Any]:
    """/api/figures (service/knowledge/figures.py, Figures.side_by_side): figures of several frameworks, for a chart."""
    return {
        "FigureTable": obj(
            ["metrics", "levels", "default_level", "frameworks", "runs"],
            metrics=OBJECTS,
            levels=array({"type": "integer"}),
            default_level={"type": "integer", "nullable": True},
            frameworks=array(resource_and(["measured", "levels"], measured={"type": "boolean"}, levels=OBJECTS)),
            runs=OBJECTS,
        ),
    }
