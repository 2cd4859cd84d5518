"""Cross-cutting HTTP: ETags from the dataset version with 304, CORS, and the security headers."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from service.web import http


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


def kept_answer(app, url: str, headers: dict[str, str] | None = None):
    """What the response cache holds for a GET of url with these headers, or None."""
    with app.test_request_context(url, headers=headers or {}):
        return app.extensions["stackatlas.responses"].get(http._cache_key())


def test_answers_are_kept_and_served_again(app, client: FlaskClient) -> None:
    url = "/api/ask?q=secure%20frameworks"
    first = client.get(url)
    assert kept_answer(app, url)[0] == first.data
    again = client.get(url, headers={"Origin": "https://example.org"})
    assert again.data == first.data
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Access-Control-Allow-Origin"] in {"*", "https://example.org"}


def test_errors_are_not_kept(app, client: FlaskClient) -> None:
    client.get("/api/frameworks/not-there")
    assert kept_answer(app, "/api/frameworks/not-there") is None


@pytest.mark.parametrize(
    ("url", "first", "second"),
    (
        ("/api/frameworks/flask", "application/json", "application/json, text/plain;q=0.1, x-junk/y;q=0.2"),
        ("/id/flask", "text/turtle", "text/turtle;q=0.9, image/png;q=0.5"),
    ),
)
def test_accept_spellings_that_negotiate_alike_share_one_kept_answer(app, client: FlaskClient, url, first, second):
    answer = client.get(url, headers={"Accept": first})
    assert answer.status_code == 200
    assert kept_answer(app, url, {"Accept": second})[0] == answer.data


def test_accept_headers_that_negotiate_differently_do_not_share(app, client: FlaskClient) -> None:
    # Same quality for both, but the more specific range wins: Turtle for one, the page for the other.
    client.get("/id/flask", headers={"Accept": "text/*;q=0.5, text/turtle;q=0.5"})
    assert kept_answer(app, "/id/flask", {"Accept": "text/*;q=0.5"}) is None


def test_parameter_order_does_not_make_another_answer(app, client: FlaskClient) -> None:
    answer = client.get("/api/frameworks?language=python&use_case=apis")
    assert kept_answer(app, "/api/frameworks?use_case=apis&language=python")[0] == answer.data
