"""web/declare.py: one declaration parses a request's parameters, and the same declaration is the OpenAPI."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Blueprint, Flask
from flask.testing import FlaskClient

from service.web import declare, errors
from service.web.declare import Endpoint, Param
from service.web.openapi import operation

SEARCH = Endpoint(
    "Search things.",
    "Things",
    (
        Param("q", "Words to look for.", required=True, strip=True, max_length=20, missing="Say what to look for."),
        Param("k", "How many.", kind=int, default=5, low=1, high=10),
        Param("order", "Order.", choices=("name", "score"), default="name"),
        Param("tag", "Tags, all required.", many=True),
        Param("from", "Where to start.", argument="start"),
    ),
    (400,),
)


@pytest.fixture
def client() -> Iterator[FlaskClient]:
    """A bare app with one declared route that echoes the values its view receives."""
    app = Flask(__name__)
    errors.register(app)
    bp = Blueprint("things", __name__)

    @declare.get(bp, "/things/<slug>", SEARCH)
    def things(slug: str, **values: Any) -> dict[str, Any]:
        return {"slug": slug, **values}

    app.register_blueprint(bp, url_prefix="/api")
    with app.test_client() as test_client:
        yield test_client


def test_the_view_gets_typed_values_and_defaults(client: FlaskClient) -> None:
    got = client.get("/api/things/flask?q=%20fast%20&k=3&tag=a&tag=b&from=x").get_json()
    assert got == {"slug": "flask", "q": "fast", "k": 3, "order": "name", "tag": ["a", "b"], "start": "x"}
    got = client.get("/api/things/flask?q=fast").get_json()
    assert (got["k"], got["order"], got["tag"], got["start"]) == (5, "name", [], None)


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("", "q", "Say what to look for."),
        ("q=%20%20", "q", "Say what to look for."),
        ("q=" + "x" * 21, "q", "Parameter 'q' is at most 20 characters."),
        ("q=" + "x" * 19 + "%20%20", "q", "Parameter 'q' is at most 20 characters."),  # as sent, spaces too
        ("q=a&k=ten", "k", "Parameter 'k' must be an integer, not 'ten'."),
        ("q=a&k=11", "k", "Parameter 'k' must be between 1 and 10."),
        ("q=a&k=0", "k", "Parameter 'k' must be between 1 and 10."),
        ("q=a&order=size", "order", "Parameter 'order' must be one of name, score, not 'size'."),
    ],
)
def test_a_bad_value_is_a_400_naming_the_parameter(
    client: FlaskClient, query: str, parameter: str, message: str
) -> None:
    response = client.get(f"/api/things/flask?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"] == {"status": 400, "message": message, "parameter": parameter}


def test_the_openapi_operation_is_the_same_declaration() -> None:
    described = operation(SEARCH)
    assert described["summary"] == "Search things."
    by_name = {p["name"]: p for p in described["parameters"]}
    assert list(by_name) == ["q", "k", "order", "tag", "from"]
    assert by_name["q"]["required"] is True
    assert by_name["q"]["schema"] == {"type": "string", "maxLength": 20, "minLength": 1}
    assert by_name["k"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 10, "default": 5}
    assert by_name["order"]["schema"]["enum"] == ["name", "score"]
    assert by_name["tag"]["schema"]["type"] == "array"
    assert by_name["tag"]["explode"] is True
    assert set(described["responses"]) == {"200", "304", "400"}
