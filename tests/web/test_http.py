"""web/http.py: ETags from the dataset version with 304, CORS, and the security headers."""

from __future__ import annotations

from flask.testing import FlaskClient


def test_etag_and_304(client: FlaskClient, dataset) -> None:
    first = client.get("/api/frameworks/flask")
    etag = first.headers["ETag"]
    assert etag.startswith(f'W/"{dataset.version}-')
    again = client.get("/api/frameworks/flask", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    other = client.get("/api/frameworks/django", headers={"If-None-Match": etag})
    assert other.status_code == 200


def test_etag_varies_with_accept(client: FlaskClient) -> None:
    html = client.get("/id/flask", headers={"Accept": "text/html"})
    turtle = client.get("/id/flask", headers={"Accept": "text/turtle"})
    assert html.headers["ETag"] != turtle.headers["ETag"]
    assert "Accept" in turtle.headers["Vary"]


def test_errors_and_health_are_not_tagged(client: FlaskClient) -> None:
    assert "ETag" not in client.get("/api/frameworks/nope").headers
    assert "ETag" not in client.get("/healthz").headers


def test_cors_simple_request(client: FlaskClient) -> None:
    response = client.get("/api/languages", headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] in {"*", "https://example.org"}
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]


def test_cors_preflight(client: FlaskClient) -> None:
    response = client.options(
        "/api/frameworks",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        },
    )
    assert response.status_code == 200
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "content-type" in response.headers["Access-Control-Allow-Headers"].lower()


def test_content_security_policy_allows_only_this_origin(client: FlaskClient) -> None:
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "http" not in policy
