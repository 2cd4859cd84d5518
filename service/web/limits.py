"""Limits on what one request may bring, checked before any view runs: URL, headers, and the body.

The URL and the headers are read by granian (Rust) before Python sees them; past its buffer it answers
431/414 itself. Under that, requests with a URL or headers bigger than anything a client needs are
refused here, in the one error shape.

The body is read whole here. It arrives at the client's pace, and the thread reading it waits as long
as the client likes: granian reads request lines and headers without Python, but not bodies. So at most
`BODY_READERS_SHARE` of a worker's threads may wait for bodies at once; a body that finds none free
gets 503 at once, and the other threads stay free for GETs and /healthz. A chunked body (no
Content-Length) is read up to MAX_BODY_BYTES and refused with 413 past it, never cut and run.
"""

from __future__ import annotations

import io
import threading
from typing import Any

from flask import Flask, current_app, request

from service.web.errors import ApiError, body_too_large

# Of a worker's THREADS, this share may wait for request bodies at the same time (at least one).
BODY_READERS_SHARE = 0.5
# A GET query longer than this should be POSTed (the SPARQL Protocol allows both).
MAX_URL_BYTES = 32_768
MAX_HEADER_BYTES = 32_768


def init_app(app: Flask) -> None:
    """Check the URL and headers, and read every request body whole within the limits, before the view runs."""
    readers = max(1, int(app.config["THREADS"] * BODY_READERS_SHARE))
    app.extensions["stackatlas.body_readers"] = threading.BoundedSemaphore(readers)
    app.before_request(check_head)
    app.before_request(read_body)


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
