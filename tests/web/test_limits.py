"""web/limits.py: what one request may bring (URL, headers, body) and how many threads slow bodies and routes
that compute in the worker may hold; each refusal in the one error shape, before any view runs."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service import create_app
from service.web.limits import MAX_WORKER_ROUTES

FORM = "application/x-www-form-urlencoded"
ASK = b"query=ASK%20%7B%7D"


def refusal(response: Any, status: int) -> str:
    """Check a refusal's status and JSON shape; return its message."""
    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["status"] == status
    return str(error["message"])


@pytest.fixture(scope="module")
def small_app() -> Flask:
    """An app of two threads (one for routes that compute, one for bodies), bodies up to 1,000 bytes, no cache."""
    return create_app({"TESTING": True, "THREADS": 2, "MAX_BODY_BYTES": 1000, "CACHE_MB": 0})


def test_a_url_over_the_limit_is_414(client: FlaskClient) -> None:
    message = refusal(client.get("/api/search", query_string={"q": "x" * 40_000}), 414)
    assert "POST a long query instead" in message


def test_headers_over_the_limit_are_431(client: FlaskClient) -> None:
    response = client.get("/api/frameworks/flask?limits=headers", headers={"X-Padding": "x" * 40_000})
    assert "headers are larger than 32768 bytes" in refusal(response, 431)
    assert client.get("/api/frameworks/flask?limits=headers", headers={"X-Padding": "x" * 1000}).status_code == 200


def test_a_body_over_the_limit_is_413_naming_it(small_app: Flask) -> None:
    client = small_app.test_client()
    response = client.post("/sparql", data=b"query=" + b"x" * 1200, content_type=FORM)
    assert "1000" in refusal(response, 413)
    assert client.post("/sparql", data=ASK, content_type=FORM).status_code == 200


def test_a_chunked_body_is_read_up_to_the_limit(small_app: Flask) -> None:
    client = small_app.test_client()

    def chunked(body: bytes) -> Any:
        # The body as the server hands it over: no Content-Length, to be read until it ends.
        sent = {"wsgi.input": io.BytesIO(body), "HTTP_TRANSFER_ENCODING": "chunked"}
        return client.post("/sparql", content_type=FORM, environ_overrides=sent)

    answered = chunked(ASK)
    assert answered.status_code == 200
    assert answered.get_json()["boolean"] is True
    assert "1000" in refusal(chunked(b"query=" + b"x" * 1200), 413)


def test_a_body_cut_short_is_400_not_a_query(small_app: Flask) -> None:
    sent = {"wsgi.input": io.BytesIO(ASK), "CONTENT_LENGTH": "100"}
    response = small_app.test_client().post("/sparql", content_type=FORM, environ_overrides=sent)
    assert f"ended after {len(ASK)} of its 100 bytes" in refusal(response, 400)


class HeldBody(io.RawIOBase):
    """A request body that arrives only once `arrive` is set (a slow client); `reading` is set when it is waited for."""

    def __init__(self, body: bytes) -> None:
        self.body = io.BytesIO(body)
        self.reading = threading.Event()
        self.arrive = threading.Event()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        self.reading.set()
        assert self.arrive.wait(timeout=60)
        return self.body.read(size)


def test_a_slow_body_holds_its_share_of_threads_and_no_more(small_app: Flask) -> None:
    slow = HeldBody(ASK)
    answers: list[Any] = []
    sent = {"wsgi.input": slow, "CONTENT_LENGTH": str(len(ASK))}

    def send_slowly() -> None:
        answers.append(small_app.test_client().post("/sparql", content_type=FORM, environ_overrides=sent))

    sender = threading.Thread(target=send_slowly)
    sender.start()
    try:
        assert slow.reading.wait(timeout=30)
        client = small_app.test_client()
        response = client.post("/sparql", data=ASK, content_type=FORM)
        assert "Too many request bodies" in refusal(response, 503)
        assert response.headers["Retry-After"] == "1"
        assert client.get("/healthz").status_code == 200  # a GET needs no body reader
        assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
    finally:
        slow.arrive.set()
        sender.join(timeout=60)
    assert [answer.status_code for answer in answers] == [200]
    assert small_app.test_client().post("/sparql", data=ASK, content_type=FORM).status_code == 200  # given back


@pytest.fixture(scope="module")
def held_route() -> Iterator[tuple[Flask, threading.Event, threading.Event]]:
    """A two-thread app with one more route that computes in the worker: it waits (holding its slot) until released."""
    app = create_app({"TESTING": True, "THREADS": 2, "CACHE_MB": 0})
    entered, release = threading.Event(), threading.Event()

    def held() -> str:
        entered.set()
        assert release.wait(timeout=60)
        return "done"

    app.add_url_rule("/held", "held", held)
    yield app, entered, release
    release.set()


def test_routes_that_compute_in_the_worker_get_their_share_of_threads_and_503_past_it(
    held_route: tuple[Flask, threading.Event, threading.Event],
) -> None:
    app, entered, release = held_route
    answers: list[Any] = []
    holder = threading.Thread(target=lambda: answers.append(app.test_client().get("/held")))
    holder.start()
    try:
        assert entered.wait(timeout=30)
        client = app.test_client()
        busy = client.get("/api/languages")  # waits its turn (WORKER_ROUTE_WAIT), then gives up
        assert "busy computing other answers" in refusal(busy, 503)
        assert busy.headers["Retry-After"] == "1"
        assert client.get("/healthz").status_code == 200  # not counted: always answered
        assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
    finally:
        release.set()
        holder.join(timeout=60)
    assert [(answer.status_code, answer.get_data(as_text=True)) for answer in answers] == [(200, "done")]
    assert app.test_client().get("/api/languages").status_code == 200  # the slot was given back


def test_however_many_threads_a_worker_runs_at_most_eight_computing_routes_at_once() -> None:
    # They take turns at the GIL: more at once would only make /healthz wait longer for it.
    app = create_app({"TESTING": True, "THREADS": 64, "CACHE_MB": 0})
    entered, release = threading.Semaphore(0), threading.Event()

    def held() -> str:
        entered.release()
        assert release.wait(timeout=60)
        return "done"

    app.add_url_rule("/held", "held", held)
    answers: list[Any] = []
    holders = [
        threading.Thread(target=lambda: answers.append(app.test_client().get("/held")))
        for _ in range(MAX_WORKER_ROUTES)
    ]
    for holder in holders:
        holder.start()
    try:
        for _ in holders:
            assert entered.acquire(timeout=30)
        busy = app.test_client().get("/api/languages")  # the ninth waits its turn, then gives up
        assert "busy computing other answers" in refusal(busy, 503)
        assert app.test_client().get("/healthz").status_code == 200
    finally:
        release.set()
        for holder in holders:
            holder.join(timeout=60)
    assert [answer.status_code for answer in answers] == [200] * MAX_WORKER_ROUTES
