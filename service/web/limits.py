"""Limits on what one request may bring, checked before any view runs: URL, headers, and the body.

The URL and the headers are read by granian (Rust) before Python sees them; past its buffer it answers
431/414 itself. Under that, requests with a URL or headers bigger than anything a client needs are
refused here, in the one error shape.

The body is read whole here. It arrives at the client's pace, and the thread reading it waits as long
as the client likes: granian reads request lines and headers without Python, but not bodies. So at most
`BODY_READERS_SHARE` of a worker's threads may wait for bodies at once; a body that finds none free
gets 503 at once, and the other threads stay free for GETs and /healthz. A chunked body (no
Content-Length) is read up to MAX_BODY_BYTES and refused with 413 past it.

The routes that compute their answer in the worker (/api/graph, /api/overview, pages, records) hold a
thread, and the GIL, for as long as they compute: sixteen at once took every thread, and /healthz waited
1.5 s. So at most `WORKER_ROUTES_SHARE` of the threads, and `MAX_WORKER_ROUTES`, may run them at once, and
all the others but one may wait up to `WORKER_ROUTE_WAIT` seconds for their turn (a browser opening the
explorer asks for several at once); past that, 503 at once (Retry-After: 1), and one thread stays free.
/healthz, /sparql (bounded by its query processes) and static files are not counted, nor are answers sent
again from the cache, which never reach the app.
"""

from __future__ import annotations

import io
import threading
from typing import Any

from flask import Flask, current_app, g, request

from service.web.errors import ApiError, body_too_large

# Of a worker's THREADS, this share may wait for request bodies at the same time (at least one).
BODY_READERS_SHARE = 0.5
# Of a worker's THREADS, this share may run routes that compute in the worker at the same time (at least one)...
WORKER_ROUTES_SHARE = 0.5
# ... and no more than this many: they take turns at the GIL, so more at once only make /healthz wait longer for
# it (docs/security-round-three.md measured 16 threads, so 8 such routes, a worker).
MAX_WORKER_ROUTES = 8
WORKER_ROUTE_WAIT = 2.0
_NOT_WORKER_ROUTES = ("/healthz", "/sparql", "/static/")
# A GET query longer than this should be POSTed (the SPARQL Protocol allows both).
MAX_URL_BYTES = 32_768
MAX_HEADER_BYTES = 32_768


def init_app(app: Flask) -> None:
    """Check the URL and headers, and read every request body whole within the limits, before the view runs."""
    readers = max(1, int(app.config["THREADS"] * BODY_READERS_SHARE))
    app.extensions["stackatlas.body_readers"] = threading.BoundedSemaphore(readers)
    routes = max(1, min(int(app.config["THREADS"] * WORKER_ROUTES_SHARE), MAX_WORKER_ROUTES))
    app.extensions["stackatlas.worker_routes"] = threading.BoundedSemaphore(routes)
    # The rest may wait for a turn, but one: refusing at once makes a client that retries at once (wrk
    # does) spin, and costs the answers in progress their CPU (-34 % of uncached /api/ask at 16 connections).
    waiting = max(1, app.config["THREADS"] - routes - 1)
    app.extensions["stackatlas.worker_route_waiters"] = threading.BoundedSemaphore(waiting)
    app.before_request(check_head)
    app.before_request(read_body)
    app.before_request(take_a_worker_slot)
    app.teardown_request(give_back_the_worker_slot)


def take_a_worker_slot() -> None:
    """Let a route that computes in the worker run when one of its share of threads is free (or soon); else 503."""
    if request.path.startswith(_NOT_WORKER_ROUTES):
        return
    slots: threading.BoundedSemaphore = current_app.extensions["stackatlas.worker_routes"]
    waiters: threading.BoundedSemaphore = current_app.extensions["stackatlas.worker_route_waiters"]
    taken = slots.acquire(blocking=False)
    if not taken and waiters.acquire(blocking=False):
        try:
            taken = slots.acquire(timeout=WORKER_ROUTE_WAIT)
        finally:
            waiters.release()
    if not taken:
        raise ApiError(503, "The service is busy computing other answers; try again.", headers={"Retry-After": "1"})
    g.stackatlas_worker_slot = True


def give_back_the_worker_slot(_: BaseException | None = None) -> None:
    """Give back the slot this request took, if it took one."""
    if g.pop("stackatlas_worker_slot", False):
        current_app.extensions["stackatlas.worker_routes"].release()


def check_head() -> None:
    """Refuse a URL or headers over the limits: 414 or 431."""
    if _url_bytes(request.environ) > MAX_URL_BYTES:
        raise ApiError(414, f"The URL is longer than {MAX_URL_BYTES} bytes; POST a long query instead.")
    if _header_bytes(request.environ) > MAX_HEADER_BYTES:
        raise ApiError(431, f"The request headers are larger than {MAX_HEADER_BYTES} bytes.")


def head_over_limits(environ: dict[str, Any]) -> bool:
    """Tell whether check_head would refuse this request's URL or headers."""
    return _url_bytes(environ) > MAX_URL_BYTES or _header_bytes(environ) > MAX_HEADER_BYTES


def _url_bytes(environ: dict[str, Any]) -> int:
    return len(environ.get("PATH_INFO", "")) + len(environ.get("QUERY_STRING", ""))


def _header_bytes(environ: dict[str, Any]) -> int:
    # Names as sent ("HTTP_USER_AGENT" is "User-Agent": 5 characters fewer) and values; WSGI keeps
    # Content-Type and Content-Length apart from the HTTP_ keys.
    size = sum(len(key) - 5 + len(value) for key, value in environ.items() if key.startswith("HTTP_"))
    for key, name in (("CONTENT_TYPE", "Content-Type"), ("CONTENT_LENGTH", "Content-Length")):
        if environ.get(key):
            size += len(name) + len(environ[key])
    return size


def read_body() -> None:
    """Replace the request's input with its whole body, read here under the limits."""
    environ = request.environ
    length = request.content_length
    chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
    if not chunked and not length:
        return
    limit = int(current_app.config["MAX_BODY_BYTES"])
    if length is not None and length > limit:
        raise ApiError(413, body_too_large(limit))
    readers: threading.BoundedSemaphore = current_app.extensions["stackatlas.body_readers"]
    if not readers.acquire(blocking=False):
        raise ApiError(503, "Too many request bodies are arriving at once; try again.", headers={"Retry-After": "1"})
    try:
        body = _read(environ["wsgi.input"], length, limit)
    finally:
        readers.release()
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    environ.pop("HTTP_TRANSFER_ENCODING", None)


def _read(stream: io.RawIOBase, length: int | None, limit: int) -> bytes:
    # With a Content-Length, read exactly that; a chunked body is read one byte past the limit,
    # which tells a body at the limit from one over it.
    wanted = length if length is not None else limit + 1
    parts, size = [], 0
    while size < wanted:
        part = stream.read(min(65536, wanted - size))
        if not part:
            break
        parts.append(part)
        size += len(part)
    if size > limit:
        raise ApiError(413, body_too_large(limit))
    if length is not None and size < length:  # cut short: what came is not the query that was sent
        raise ApiError(400, f"The request body ended after {size} of its {length} bytes.")
    return b"".join(parts)
