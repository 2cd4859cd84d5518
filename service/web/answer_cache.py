"""Finished answers kept per worker and sent again before Flask sees the request (a WSGI layer).

A GET under the cached prefixes is a function of the dataset version, the path, the query string and
two request headers: Accept (negotiation, and the ETag) and Origin (CORS). Keyed on exactly those, as
sent, a kept answer is the bytes and headers the app would send again, so sending it needs no Flask
request context, routing or hooks: on the bundled graph a cached GET went from ~270 to ~40 µs of
Python (README, "Speed").

The key is the raw text, not what it negotiates to: a client spelling Accept in new ways (or
reordering parameters) only adds entries to a cache bounded in bytes, as new questions do, and each
of those costs it less than one real question. Everything else reaches the app unchanged: other
methods, conditional requests (the app answers 304), requests with a body or headers over the limits
(the app refuses them), and every answer the app did not mark as one to keep.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from service.web import limits
from service.web.cache import SharedLRU

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

# The app sets this in the WSGI environ on an answer that may be kept (web/http.py decides which).
KEEP = "stackatlas.keep"
# Answers under these paths depend only on the dataset version, the path, the query and Accept/Origin.
CACHED_PREFIXES = ("/api/", "/id/", "/sparql")

Kept = tuple[str, list[tuple[str, str]], bytes]
Key = tuple[str, str, str, str, str]


class AnswerCache:
    """Wrap a WSGI app: send kept answers again, and keep the ones the app marks."""

    def __init__(self, app: WSGIApplication, version: Callable[[], str], max_bytes: int):
        self.app = app
        self.version = version
        self.kept = SharedLRU[Key, Kept](max_bytes, _weight)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Answer from the cache, or from the app (keeping its answer if it says so)."""
        key = self._key(environ) if self.kept.max_bytes else None
        if key is None:
            return self.app(environ, start_response)
        kept = self.kept.get(key)
        if kept is not None:
            status, headers, body = kept
            start_response(status, headers)
            return [body]
        return self._answer_and_keep(key, environ, start_response)

    def _key(self, environ: WSGIEnvironment) -> Key | None:
        path = environ.get("PATH_INFO", "")
        if (
            environ.get("REQUEST_METHOD") != "GET"
            or not path.startswith(CACHED_PREFIXES)
            or "HTTP_IF_NONE_MATCH" in environ
            or environ.get("CONTENT_LENGTH") not in (None, "", "0")
            or "HTTP_TRANSFER_ENCODING" in environ
            or limits.head_over_limits(environ)
        ):
            return None
        query = environ.get("QUERY_STRING", "")
        return (self.version(), path, query, environ.get("HTTP_ACCEPT", ""), environ.get("HTTP_ORIGIN", ""))

    def _answer_and_keep(self, key: Key, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        sent: list[Any] = []

        def record(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], object]:
            sent[:] = [status, headers]
            return start_response(status, headers, exc_info)

        answer = self.app(environ, record)
        if not environ.get(KEEP) or not sent:
            return answer
        try:
            body = b"".join(answer)
        finally:
            close = getattr(answer, "close", None)
            if close is not None:
                close()
        self.kept.put(key, (sent[0], list(sent[1]), body))
        return [body]


def _weight(key: Key, kept: Kept) -> int:
    # The body, the headers and the key's text, plus a little for the objects around them.
    status, headers, body = kept
    return len(body) + sum(len(k) + len(v) for k, v in headers) + sum(map(len, key)) + len(status) + 256
