"""web/schemas.py: every /api answer has the shape its OpenAPI schema declares, answers and errors alike, on the
bundled graph and on the fixture graph of release cycles and surveys (tests/data/issue24)."""

from __future__ import annotations

import copy
from typing import Any, get_args

import pytest
from flask import Flask
from flask.testing import FlaskClient
from issue24_support import fixture_app
from openapi_schema_validator import OAS30Validator

from service.knowledge.answers import GraphView, NodeType
from service.web.schemas import components, declared

# A request that answers 200 for each operation of the document (its required parameters filled in); gin's record,
# as most, has no survey figures (popularity null).
EXAMPLES = {
    "/api/frameworks": ["language=python&use_case=apis", "sort=requests_per_second&level=512", ""],
    "/api/frameworks/{slug}": ["flask", "django", "express", "gin"],
    "/api/frameworks/{slug}/similar": ["flask?k=3"],
    "/api/clusters": [""],
    "/api/conflicts": ["", "framework=express"],
    "/api/ask": ["q=Python frameworks suited to APIs", "q=fastest JavaScript frameworks", "q=compare flask and django"],
    "/api/path": ["from=flask&to=django&k=3"],
    "/api/languages": [""],
    "/api/aspects": [""],
    "/api/audiences": [""],
    "/api/classifications": [""],
    "/api/databases": [""],
    "/api/platforms": [""],
    "/api/use-cases": [""],
    "/api/graph": ["", "focus=flask&depth=2"],
    "/api/overview": [""],
    "/api/search": ["q=js"],
    "/api/figures": ["ids=flask,fastapi"],
}
# On the fixture graph: the record's release cycles, maintenance and popularity, and the questions about them.
FIXTURE_EXAMPLES = {
    "/api/frameworks": ["lts=true&as_of=2026-12-07", "sort=popularity", "maintained=true"],
    "/api/frameworks/{slug}": ["django?as_of=2026-04-01", "aspnet-core", "fastapi"],
    "/api/ask": ["q=popular Python frameworks", "q=is Django 4.2 still supported&as_of=2026-12-07"],
}
ERRORS = ["/api/frameworks/flsk", "/api/frameworks?language=pyhton", "/api/path?from=flask", "/api/figures?ids=,,"]


def url(path: str, example: str) -> str:
    """Fill a path of the document with an example: its slug, or its query string."""
    if "{slug}" in path:
        slug, _, query = example.partition("?")
        return path.replace("{slug}", slug) + (f"?{query}" if query else "")
    return f"{path}?{example}" if example else path


def validator(spec: dict[str, Any], schema: dict[str, Any]) -> OAS30Validator:
    """Check against a schema of the document, its references read from the document's components."""
    return OAS30Validator({**schema, "components": spec["components"]})


def answer_schema(spec: dict[str, Any], path: str, status: str) -> dict[str, Any]:
    """Return the schema the document declares for an answer of that operation and status."""
    declared: dict[str, Any] = spec["paths"][path]["get"]["responses"][status]["content"]["application/json"]
    return dict(declared["schema"])


@pytest.fixture(scope="module")
def spec(app: Flask) -> dict[str, Any]:
    """The OpenAPI document the app serves."""
    document: dict[str, Any] = app.test_client().get("/api/openapi.json").get_json()
    return document


def test_every_operation_has_an_example_here(spec: dict[str, Any]) -> None:
    assert set(EXAMPLES) == set(spec["paths"])


@pytest.mark.parametrize(("path", "example"), [(path, example) for path, some in EXAMPLES.items() for example in some])
def test_answers_have_their_declared_shape(client: FlaskClient, spec: dict[str, Any], path: str, example: str) -> None:
    response = client.get(url(path, example))
    assert response.status_code == 200, response.get_data(as_text=True)
    validator(spec, answer_schema(spec, path, "200")).validate(response.get_json())


@pytest.mark.parametrize(
    ("path", "example"), [(path, example) for path, some in FIXTURE_EXAMPLES.items() for example in some]
)
def test_lifecycle_and_popularity_answers_have_their_declared_shape(
    spec: dict[str, Any], path: str, example: str
) -> None:
    response = fixture_app().test_client().get(url(path, example))
    assert response.status_code == 200, response.get_data(as_text=True)
    validator(spec, answer_schema(spec, path, "200")).validate(response.get_json())


@pytest.mark.parametrize("address", ERRORS)
def test_errors_have_the_error_shape(client: FlaskClient, spec: dict[str, Any], address: str) -> None:
    response = client.get(address)
    assert response.status_code in {400, 404}
    validator(spec, {"$ref": "#/components/schemas/Error"}).validate(response.get_json())


def test_a_schema_refuses_an_answer_without_what_it_requires(client: FlaskClient, spec: dict[str, Any]) -> None:
    record = client.get("/api/frameworks/flask").get_json()
    check = validator(spec, answer_schema(spec, "/api/frameworks/{slug}", "200"))
    assert check.is_valid(record)
    for required in ("id", "label", "iri"):
        broken = copy.deepcopy(record)
        del broken[required]
        assert not check.is_valid(broken), required
    wrong = copy.deepcopy(record)
    wrong["label"] = 42
    assert not check.is_valid(wrong)


def test_every_component_is_used_by_some_operation(spec: dict[str, Any]) -> None:
    components = set(spec["components"]["schemas"])
    text = repr(spec["paths"])
    used = {name for name in components if f"#/components/schemas/{name}'" in text}
    # Follow the references inside the components, until nothing new is reached.
    while True:
        reached = {
            name for name in components if any(f"/{name}'" in repr(spec["components"]["schemas"][u]) for u in used)
        }
        if reached <= used:
            break
        used |= reached
    assert used == components


def test_a_declared_shape_becomes_its_components_with_what_is_required_and_bounded() -> None:
    made = declared(GraphView=GraphView)
    assert set(made) == {"GraphView", "GraphNode", "GraphEdge"}
    required = {name: made[name]["required"] for name in made}
    assert required == {
        "GraphView": ["focus", "nodes", "edges", "total_neighbours", "truncated"],
        "GraphNode": ["id", "label", "type", "iri"],  # not "types": NotRequired
        "GraphEdge": ["id", "source", "target", "predicate", "label"],
    }
    view = made["GraphView"]["properties"]
    assert view["focus"] == {"type": "string", "nullable": True}  # OpenAPI 3.0's null
    assert view["total_neighbours"] == {"type": "integer", "minimum": 0}
    assert view["nodes"] == {"type": "array", "items": {"$ref": "#/components/schemas/GraphNode"}}
    assert made["GraphNode"]["properties"]["type"]["enum"] == list(get_args(NodeType))


def test_the_document_holds_the_declared_shapes_by_their_endpoints_names() -> None:
    every = components()
    assert every["GraphView"] == declared(GraphView=GraphView)["GraphView"]
    assert every["Overview"]["properties"]["by"] == {"type": "string", "enum": ["language"]}  # 3.0 has no const
    assert every["Overview"]["properties"]["groups"]["items"] == {"$ref": "#/components/schemas/OverviewGroup"}
    group = every["OverviewGroup"]
    assert group["properties"]["size"] == {"type": "integer", "minimum": 1}
    assert group["properties"]["id"] == {"type": "string", "nullable": True}
    assert every["OverviewMember"]["required"] == ["id", "label", "type", "iri", "degree"]


def test_bounds_and_optional_keys_of_the_similar_list_come_from_its_shape() -> None:
    every = components()
    assert every["SimilarMatch"]["properties"]["score"] == {"type": "number", "minimum": 0, "maximum": 1}
    assert every["SimilarList"]["required"] == ["id", "results"]  # "note" only when there are none
    assert every["Clusters"]["required"] == ["clusters", "unclustered"]
    assert every["UnclusteredShape"]["required"] == ["reason", "members"]


def test_a_component_that_may_be_null_takes_null_and_refuses_what_is_not_it(
    client: FlaskClient, spec: dict[str, Any]
) -> None:
    # OpenAPI 3.0.3's nullable beside a $ref (or allOf) is ignored: the generated form must take null for real.
    record = client.get("/api/frameworks/gin").get_json()
    assert record["popularity"] is None
    check = validator(spec, answer_schema(spec, "/api/frameworks/{slug}", "200"))
    assert check.is_valid(record)
    assert not check.is_valid({**record, "popularity": {"by_year": "no"}})
    assert not check.is_valid({**record, "popularity": 3})
