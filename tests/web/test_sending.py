"""The bound on big answers not yet sent (web/sending.py), called as granian calls a WSGI app."""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable
from typing import Any

from service.web.sending import HEAVY_ANSWER_BYTES, PIECE_BYTES, UnsentAnswers

BIG = b"x" * (HEAVY_ANSWER_BYTES + 1)
CORS = ("Access-Control-Allow-Origin", "*")


def app_answering(body: bytes, closed: list[bool] | None = None) -> Callable[..., Iterable[bytes]]:
    """A WSGI app that answers every request with body, as Flask does (an iterator with close())."""

    class Answer:
        def __iter__(self) -> Any:
            return iter([body])

        def close(self) -> None:
            if closed is not None:
                closed.append(True)

    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        start_response("200 OK", [CORS, ("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
        return Answer()

    return app


def call(app: UnsentAnswers) -> tuple[str, dict[str, str], Iterable[bytes]]:
    """Call the app; return the status, headers and body iterable it hands the server."""
    started: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        started.extend([status, headers])

    answer = app({"REQUEST_METHOD": "GET", "PATH_INFO": "/sparql"}, start_response)  # type: ignore[arg-type]
    return started[0], dict(started[1]), answer


def test_a_small_answer_goes_out_whole_as_a_list() -> None:
    status, headers, answer = call(UnsentAnswers(app_answering(b"ok"), 2**20, 8))
    assert (status, headers["Content-Type"], answer) == ("200 OK", "text/plain", [b"ok"])


def test_a_big_answer_goes_out_in_pieces() -> None:
    status, _, answer = call(UnsentAnswers(app_answering(BIG), 10 * len(BIG), 8))
    pieces = list(answer)
    assert status == "200 OK"
    assert b"".join(pieces) == BIG
    assert max(map(len, pieces)) == PIECE_BYTES


def test_past_the_bytes_a_new_big_answer_is_503_until_one_is_sent() -> None:
    app = UnsentAnswers(app_answering(BIG), len(BIG) + 1, 8)
    _, _, first = call(app)
    status, headers, refusal = call(app)
    assert status.startswith("503")
    assert headers["Retry-After"] == "1"
    assert headers["Access-Control-Allow-Origin"] == "*"  # a browser may read why
    assert json.loads(b"".join(refusal))["error"]["status"] == 503
    assert call(UnsentAnswers(app_answering(b"small"), len(BIG) + 1, 8))[0] == "200 OK"
    first.close()  # type: ignore[attr-defined]  # granian calls close() once the last piece is taken
    assert call(app)[0] == "200 OK"


def test_past_a_quarter_of_the_threads_a_new_big_answer_is_503() -> None:
    app = UnsentAnswers(app_answering(BIG), 100 * len(BIG), 8)
    held = [call(app) for _ in range(2)]
    assert [status for status, _, _ in held] == ["200 OK", "200 OK"]
    assert call(app)[0].startswith("503")
    held[0][2].close()  # type: ignore[attr-defined]
    assert call(app)[0] == "200 OK"


def test_the_apps_own_answer_is_closed_once_read() -> None:
    closed: list[bool] = []
    call(UnsentAnswers(app_answering(BIG, closed), 10 * len(BIG), 8))
    assert closed == [True]


def test_a_big_answer_the_server_drops_unclosed_gives_back_its_bytes() -> None:
    # Were the server to drop an answer without calling close() (it fails before sending), the bound
    # would shrink for the worker's lifetime; the answer gives its bytes back once it is collected.
    app = UnsentAnswers(app_answering(BIG), len(BIG) + 1, 8)
    status, _, dropped = call(app)
    assert status == "200 OK"
    assert call(app)[0].startswith("503")
    del dropped
    gc.collect()
    assert call(app)[0] == "200 OK"


def test_closing_twice_gives_back_once() -> None:
    app = UnsentAnswers(app_answering(BIG), 2 * len(BIG), 8)
    _, _, first = call(app)
    first.close()  # type: ignore[attr-defined]
    first.close()  # type: ignore[attr-defined]
    _, _, second = call(app)
    _, _, third = call(app)
    assert call(app)[0].startswith("503")  # two held, as the bound allows: the double close freed one share only
    second.close()  # type: ignore[attr-defined]
    third.close()  # type: ignore[attr-defined]
