"""GET /healthz and the one JSON error shape."""

from __future__ import annotations

from flask.testing import FlaskClient


def test_healthz_reports_status_and_version(client: FlaskClient, dataset) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "version": dataset.version}


def test_unknown_route_is_a_json_404(client: FlaskClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    body = response.get_json()
    assert body["error"]["status"] == 404
    assert isinstance(body["error"]["message"], str)


def test_wrong_method_is_a_json_405_with_allow(client: FlaskClient) -> None:
    response = client.delete("/healthz")
    assert response.status_code == 405
    assert response.get_json()["error"]["status"] == 405
    assert "GET" in response.headers["Allow"]
