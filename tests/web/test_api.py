"""web/api.py: /api/openapi.json covers every /api route, and /api/docs shows it to people."""

from __future__ import annotations

from flask.testing import FlaskClient


def test_openapi_covers_every_api_route(app, client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    routes = {
        rule.rule.replace("<slug>", "{slug}")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") and rule.rule not in {"/api/", "/api/docs", "/api/openapi.json"}
    }
    assert routes == set(spec["paths"])


def test_docs_page_lists_operations(client: FlaskClient) -> None:
    page = client.get("/api/docs").get_data(as_text=True)
    assert "GET /api/frameworks/{slug}" in page
    assert "/api/openapi.json" in page
