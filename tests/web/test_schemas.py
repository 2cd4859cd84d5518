"""web/schemas.py: every /api answer has the shape its OpenAPI schema declares, answers and errors alike, on the
bundled graph and on the fixture graph of release cycles and surveys (tests/data/issue24)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from issue24_support import fixture_app
from openapi_schema_validator import OAS30Validator

# A request that answers 200 for each operation of the document (its required parameters filled in). Not yet a
# record whose popularity is null (gin, most of them): `nullable` beside `allOf` has no effect in OpenAPI 3.0.3,
# so the Framework schema refuses null there.
EXAMPLES = {
    "/api/frameworks": ["language=python&use_case=apis", "sort=requests_per_second&level=512", ""],
    "/api/frameworks/{slug}": ["flask", "django", "express"],
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
