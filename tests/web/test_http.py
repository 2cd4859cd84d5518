"""Cross-cutting HTTP: ETags from the dataset version with 304, CORS, and the security headers."""

from __future__ import annotations

import pytest
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


@pytest.fixture
def app_calls(app, monkeypatch) -> list[str]:
    """The paths of the requests that reach the Flask app behind the answer cache (in this test)."""
    calls: list[str] = []
    behind = app.wsgi_app.app

    def counted(environ, start_response):
        calls.append(environ["PATH_INFO"])
        return behind(environ, start_response)

    monkeypatch.setattr(app.wsgi_app, "app", counted)
    return calls


def test_answers_are_kept_and_sent_again_unchanged(client: FlaskClient, app_calls) -> None:
    url = "/api/ask?q=secure%20frameworks%20kept"
    first = client.get(url)
    again = client.get(url)
    assert app_calls == ["/api/ask"]
    assert again.data == first.data
    assert again.headers == first.headers
    assert again.headers["ETag"].startswith('W/"')


def test_an_origin_gets_its_own_cors_headers_from_a_kept_answer(client: FlaskClient, app_calls) -> None:
    url = "/api/frameworks/flask?kept=origin"
    plain = client.get(url)
    with_origin = [client.get(url, headers={"Origin": "https://example.org"}) for _ in range(2)]
    assert app_calls == ["/api/frameworks/flask"] * 2  # the plain answer, then the one for that origin
    assert with_origin[1].data == plain.data
    assert with_origin[1].headers["Access-Control-Allow-Origin"] in {"*", "https://example.org"}
    assert with_origin[1].headers == with_origin[0].headers


def test_errors_are_not_kept(client: FlaskClient, app_calls) -> None:
    for _ in range(2):
        assert client.get("/api/frameworks/not-there").status_code == 404
    assert app_calls == ["/api/frameworks/not-there"] * 2


def test_accept_headers_that_negotiate_differently_get_their_own_answers(client: FlaskClient) -> None:
    for _ in range(2):  # the second round comes from the cache
        turtle = client.get("/id/flask", headers={"Accept": "text/turtle"})
        page = client.get("/id/flask", headers={"Accept": "text/html"})
        assert turtle.mimetype == "text/turtle"
        assert page.mimetype == "text/html"


def test_a_kept_answer_still_refuses_headers_over_the_limit(client: FlaskClient) -> None:
    assert client.get("/api/languages").status_code == 200
    refused = client.get("/api/languages", headers={"X-Padding": "x" * 40_000})
    assert refused.status_code == 431


def test_other_methods_and_conditional_requests_reach_the_app(client: FlaskClient, app_calls) -> None:
    url = "/api/frameworks/django?kept=methods"
    etag = client.get(url).headers["ETag"]
    assert client.head(url).status_code == 200
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.post("/sparql", data={"query": "ASK {}"}).status_code == 200
    assert app_calls == ["/api/frameworks/django"] * 3 + ["/sparql"]
