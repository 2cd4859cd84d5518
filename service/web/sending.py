"""Bound what a worker holds for clients that do not read their answers (a WSGI layer, outermost).

granian sends an answer given as a list from Rust, on its own: the Python thread is free at once, and
nothing tells Python when the bytes have left. An answer given as an iterator is pulled a piece at a
time into a channel of four pieces; when that is full, the thread waits for the client, and the
iterator's close() is called once its last piece is in the channel (granian 2.8, src/wsgi/io.rs,
`response_iter`). So a small answer goes out as a list, and a big one (over `HEAVY_ANSWER_BYTES`) goes
out in pieces, counted against the worker's `UNSENT_ANSWER_MB` from the moment it is ready until
close(): at most that many bytes of big answers wait for clients at once, in at most
`SENDERS_SHARE` of the threads. Past either, a new big answer gets 503 with Retry-After at once, and
its bytes are freed; answers of 2 MB or less (/healthz, pages, most cached answers) are never held back.

A client that reads nothing is cut off by the kernel after SEND_TIMEOUT (service/server.py); its
answer's thread and bytes come back then. SEND_TIMEOUT is a time without progress, not a minimum rate: a
client that takes a few bytes now and then keeps its connection, held only by the bounds above.
"""

from __future__ import annotations

import json
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

# An answer over this many bytes is counted while it is sent (the largest static file, the SPARQL editor, is 1 MB).
HEAVY_ANSWER_BYTES = 2_000_000
# A counted answer is handed to granian in pieces of this size (its channel holds four).
PIECE_BYTES = 262_144
# Of a worker's THREADS, this share may be held by big answers their clients have not read yet (at least one).
SENDERS_SHARE = 0.25
BUSY = "The service is sending too many big answers at once; try again."


class UnsentAnswers:
    """Wrap a WSGI app: count each big answer against a worker's bytes of unsent answers until it is sent."""

    def __init__(self, app: WSGIApplication, max_bytes: int, threads: int):
        self.app = app
        self.max_bytes = max_bytes
        self.held = 0
        self.lock = threading.Lock()
        self.senders = threading.BoundedSemaphore(max(1, int(threads * SENDERS_SHARE)))

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Answer as the app does; a big answer goes out in counted pieces, or is refused when too much is unsent."""
        started: list[Any] = []

        def record(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], object]:
            started[:] = [status, headers, exc_info]
            return _no_write

        answer = self.app(environ, record)
        try:
            body = answer[0] if type(answer) is list and len(answer) == 1 else b"".join(answer)
        finally:
            close = getattr(answer, "close", None)
            if close is not None:
                close()
        status, headers, exc_info = started
        if len(body) <= HEAVY_ANSWER_BYTES:
            start_response(status, headers, exc_info)
            return [body]
        if not self._hold(len(body)):
            # Headers that let a browser read the refusal (CORS) are kept; the answer's own are not.
            kept = [(name, value) for name, value in headers if name.lower().startswith("access-control-")]
            refusal = json.dumps({"error": {"status": 503, "message": BUSY}}).encode()
            kept += [("Content-Type", "application/json"), ("Retry-After", "1"), ("Content-Length", str(len(refusal)))]
            start_response("503 Service Unavailable", kept)
            return [refusal]
        start_response(status, headers, exc_info)
        size = len(body)  # the release below must not keep the body itself alive
        return _Pieces(body, lambda: self._let_go(size))

    def _hold(self, size: int) -> bool:
        if not self.senders.acquire(blocking=False):
            return False
        with self.lock:
            if self.held + size <= self.max_bytes:
                self.held += size
                return True
        self.senders.release()
        return False

    def _let_go(self, size: int) -> None:
        with self.lock:
            self.held -= size
        self.senders.release()


class _Pieces:
    """A body handed over a piece at a time; close() gives back what it held, once."""

    def __init__(self, body: bytes, let_go: Callable[[], None]):
        self.body = body
        self.offset = 0
        # Run by close(), or by the collector if the server drops the body without closing it (granian 2.8
        # calls close() on every exit of its sending loop, but not when the answer fails before that loop).
        self.release = weakref.finalize(self, let_go)

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        if self.offset >= len(self.body):
            raise StopIteration
        piece = self.body[self.offset : self.offset + PIECE_BYTES]
        self.offset += PIECE_BYTES
        return piece

    def close(self) -> None:
        """Free the body and give back its share of the bound (granian calls this once the last piece is queued)."""
        self.body = b""
        self.release()  # a finalizer runs once, whoever calls it first


def _no_write(_: bytes) -> object:
    # The app answers with an iterable; the legacy write() callable is not used by Flask.
    raise RuntimeError("write() is not supported; return the body instead")
