"""The JSON Schemas of what /api answers: one component per kind of answer, named by the endpoint declarations, each
made from the TypedDict the answer is built as (service/knowledge/answers.py, record_answers.py)."""

from __future__ import annotations

from typing import Any, Literal

from service.knowledge import answers
from service.knowledge import record_answers as records

COMPONENT = "#/components/schemas/"
# Each endpoint's component name (as its declaration says it) and the shape its answer is built as.
SHAPES: dict[str, type] = {
    "FrameworkList": answers.FrameworkList,
    "ConflictList": answers.ConflictList,
    "Framework": records.Framework,
    "SimilarList": answers.SimilarList,
    "Clusters": answers.ClusterList,
    "Answer": records.Answer,
    "Paths": answers.Paths,
    "TermList": answers.TermList,
    "UseCaseTree": answers.UseCaseTree,
    "GraphView": answers.GraphView,
    "Overview": answers.OverviewView,
    "SearchResults": answers.SearchResults,
    "FigureTable": answers.FigureTable,
    "Error": answers.Error,
}


def ref(name: str) -> dict[str, str]:
    """Point at a component schema."""
    return {"$ref": COMPONENT + name}


def array(items: dict[str, Any]) -> dict[str, Any]:
    """Return an array schema of these items."""
    return {"type": "array", "items": items}


def components() -> dict[str, Any]:
    """Return every component schema of the document."""
    return declared(**SHAPES)


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
            if "$ref" not in inner:
                return {**inner, "nullable": True}
            # OpenAPI 3.0.3's nullable adds null only to the type of its own schema (not beside a $ref or allOf):
            # a component or null is one of two schemas, the second null alone.
            return {"anyOf": [inner, {"type": "object", "nullable": True, "enum": [None]}]}

        def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
            made = super().dict_schema(schema)
            if made.get("additionalProperties") in (True, {"nullable": True}):  # any value: the default, unsaid
                del made["additionalProperties"]
            return made

        def any_schema(self, schema: core_schema.AnySchema) -> JsonSchemaValue:
            return {"nullable": True}  # anything, null included (OpenAPI 3.0 refuses null unless told)

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
