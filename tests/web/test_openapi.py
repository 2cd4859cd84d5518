"""web/openapi.py: /api/openapi.json is a valid OpenAPI 3.0 document made from what the app routes to."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openapi_spec_validator import validate

from service.web.declare import DECLARED


@pytest.fixture
def spec(client: FlaskClient) -> dict[str, Any]:
    """The document the app serves."""
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.get_json()
    return document


def test_the_document_validates_as_openapi_3_0(spec: dict[str, Any]) -> None:
    validate(spec)  # raises, naming the part that breaks the OpenAPI schema
    assert spec["openapi"] == "3.0.3"


def test_the_version_is_the_package_version(spec: dict[str, Any]) -> None:
    from importlib.metadata import version

    assert spec["info"]["version"] == version("stackatlas")


def test_every_declared_route_is_described_with_its_declared_parameters(app: Flask, spec: dict[str, Any]) -> None:
    declared_rules = [rule for rule in app.url_map.iter_rules() if app.view_functions[rule.endpoint] in DECLARED]
    assert len(declared_rules) >= 10
    for rule in declared_rules:
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)  # <path:slug> is {slug} in OpenAPI
        described = spec["paths"][path]["get"]
        endpoint = DECLARED[app.view_functions[rule.endpoint]]
        assert described["summary"] == endpoint.summary
        assert [p["name"] for p in described["parameters"]] == [p.name for p in endpoint.params]
        schema = described["responses"]["200"]["content"]["application/json"]["schema"]
        assert schema == {"$ref": f"#/components/schemas/{endpoint.response}"}
        assert endpoint.response in spec["components"]["schemas"]


def test_a_bound_in_the_document_is_the_bound_the_server_enforces(client: FlaskClient, spec: dict[str, Any]) -> None:
    similar = spec["paths"]["/api/frameworks/{slug}/similar"]["get"]
    k = next(p for p in similar["parameters"] if p["name"] == "k")["schema"]
    at_most = client.get(f"/api/frameworks/flask/similar?k={k['maximum']}")
    over = client.get(f"/api/frameworks/flask/similar?k={k['maximum'] + 1}")
    assert at_most.status_code == 200
    assert over.status_code == 400
    assert over.get_json()["error"]["parameter"] == "k"
