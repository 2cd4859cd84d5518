"""web/health.py: GET /healthz reports liveness and the dataset version."""

from __future__ import annotations

from flask.testing import FlaskClient


def test_healthz_reports_status_and_version(client: FlaskClient, dataset) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "version": dataset.version}
