"""web/answer_cache.py: a GET answer kept per dataset version, URL, Accept and Origin is sent again unchanged;
errors, other methods, conditional requests and CACHE_MB=0 reach the app."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from service import create_app


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


def test_cache_mb_zero_sends_every_request_to_the_app() -> None:
    app = create_app({"TESTING": True, "CACHE_MB": 0})
    calls: list[str] = []
    behind = app.wsgi_app.app

    def counted(environ, start_response):
        calls.append(environ["PATH_INFO"])
        return behind(environ, start_response)

    app.wsgi_app.app = counted
    client = app.test_client()
    first, second = (client.get("/api/frameworks/flask") for _ in range(2))
    assert calls == ["/api/frameworks/flask"] * 2
    assert first.data == second.data
