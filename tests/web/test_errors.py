"""Errors: an HTML page for a person's browser on a page, the one JSON shape for everything else."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from markupsafe import escape
from werkzeug.test import TestResponse

from service.knowledge import resources
from service.query.jobs import QueryBusy

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
PAGES = [
    ("/id/nosuch", 404, "The graph says nothing about https://w3id.org/stackatlas/id/nosuch."),
    ("/no/such/page", 404, "The requested URL was not found on the server."),
    ("/compare?ids=flask", 400, "Compare two or three frameworks, e.g. /compare?ids=flask,fastapi (got 1)."),
    ("/compare?ids=flask,nosuch", 404, "No framework 'nosuch'."),
]


def _json_error(response: TestResponse) -> dict[str, Any]:
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}
    error: dict[str, Any] = body["error"]
    assert isinstance(error["status"], int) and isinstance(error["message"], str)
    assert error["status"] == response.status_code
    return error


@pytest.mark.parametrize(("url", "status", "message"), PAGES)
def test_browser_gets_a_page(client: FlaskClient, url: str, status: int, message: str) -> None:
    response = client.get(url, headers={"Accept": BROWSER})
    assert response.status_code == status
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert escape(message) in page
    assert f"<h1>{status} {'Not Found' if status == 404 else 'Bad Request'}</h1>" in page
    assert 'href="/"' in page and 'href="/api/docs"' in page  # a way back
    assert "Accept" in response.headers.get("Vary", "")
    assert "Traceback" not in page


@pytest.mark.parametrize("accept", ["application/json", "*/*", None, "text/html, application/json"])
@pytest.mark.parametrize(("url", "status", "message"), PAGES)
def test_programs_get_the_json_shape(
    client: FlaskClient, url: str, status: int, message: str, accept: str | None
) -> None:
    response = client.get(url, headers={"Accept": accept} if accept else {})
    if url.startswith("/id/") and accept == "application/json":  # /id/ answers HTML or RDF, not JSON: 406
        status, message = 406, "/id/ answers as text/html"
    assert response.status_code == status
    assert _json_error(response)["message"].startswith(message)


def test_page_and_json_say_the_same(client: FlaskClient) -> None:
    url = "/compare?ids=flask,flsk"
    error = _json_error(client.get(url, headers={"Accept": "application/json"}))
    page = client.get(url, headers={"Accept": BROWSER})
    assert page.status_code == error["status"] == 404
    assert escape(str(error["message"])) in page.get_data(as_text=True)


@pytest.mark.parametrize(
    ("accept", "mimetype"),
    [
        ("text/html", "text/html"),
        ("text/html, application/json;q=0.9", "text/html"),
        ("application/json, text/html;q=0.9", "application/json"),
        ("text/html;q=0.5, */*", "application/json"),
        ("text/turtle", "application/json"),
    ],
)
def test_html_only_when_the_client_ranks_it_higher(client: FlaskClient, accept: str, mimetype: str) -> None:
    assert client.get("/no/such/page", headers={"Accept": accept}).mimetype == mimetype


@pytest.mark.parametrize(
    ("url", "status"),
    [("/api/frameworks/nosuch", 404), ("/api/no/such", 404), ("/api/path?from=flask", 400), ("/sparql?query=x", 400)],
)
def test_api_and_sparql_answer_json_even_to_a_browser(client: FlaskClient, url: str, status: int) -> None:
    response = client.get(url, headers={"Accept": BROWSER})
    assert response.status_code == status
    _json_error(response)
    assert "Accept" not in response.headers.get("Vary", "")


def test_message_is_escaped(client: FlaskClient) -> None:
    response = client.get("/id/<script>alert(1)</script>", headers={"Accept": BROWSER})
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page  # nor any script of the page's own: the CSP forbids inline ones


@pytest.mark.parametrize("accept", [BROWSER, "*/*"])
def test_unexpected_error_shows_no_traceback(client: FlaskClient, monkeypatch: pytest.MonkeyPatch, accept: str) -> None:
    def broken(*_: Any) -> None:
        raise RuntimeError("secret detail of the failure")

    monkeypatch.setattr(resources, "statements", broken)
    response = client.get("/id/flask", headers={"Accept": accept})
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert "Internal error (request id " in text
    assert "Traceback" not in text and "secret detail" not in text and "RuntimeError" not in text


@pytest.mark.parametrize("accept", [BROWSER, "*/*"])
def test_headers_the_error_carries_are_kept(client: FlaskClient, monkeypatch: pytest.MonkeyPatch, accept: str) -> None:
    wrong_method = client.post("/compare", headers={"Accept": accept})
    assert wrong_method.status_code == 405
    assert "GET" in wrong_method.headers["Allow"]

    def busy(*_: Any) -> None:
        raise QueryBusy("all 2 taken")

    monkeypatch.setattr(resources, "statements", busy)
    response = client.get("/id/flask", headers={"Accept": accept})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert "Every query process is busy" in response.get_data(as_text=True)
    assert response.mimetype == ("text/html" if accept == BROWSER else "application/json")


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
