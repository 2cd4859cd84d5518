"""Cross-cutting HTTP behaviour: CORS, a Content-Security-Policy, ETags, and which answers may be kept."""

from __future__ import annotations

import hashlib

from flask import Flask, Response, request
from flask_cors import CORS

from service.web import limits, state
from service.web.answer_cache import CACHED_PREFIXES, KEEP, AnswerCache

# Everything the pages load comes from this origin. YASGUI sets inline styles, hence 'unsafe-inline' for styles.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
EXPOSED_HEADERS = ["ETag", "Retry-After", "X-StackAtlas-Truncated", "X-StackAtlas-Row-Limit", "X-StackAtlas-Byte-Limit"]
UNTAGGED = frozenset({"/healthz"})


def init_app(app: Flask) -> None:
    """Install CORS (simple and preflight requests), the CSP, and conditional GETs on the app."""
    origins = app.config["CORS_ORIGINS"].split()
    CORS(
        app,
        origins=origins if origins != ["*"] else "*",
        methods=["GET", "HEAD", "POST", "OPTIONS"],
        expose_headers=EXPOSED_HEADERS,
        max_age=86400,
    )
    limits.init_app(app)
    app.before_request(_answer_not_modified)
    app.after_request(_tag_response)
    app.after_request(_mark_keepable)
    # Half of CACHE_MB; /sparql's answers by query take the other half (web/sparql.py).
    store = app.extensions["stackatlas.store"]
    app.wsgi_app = AnswerCache(app.wsgi_app, lambda: store.version, app.config["CACHE_MB"] * 2**19)  # type: ignore[method-assign]


def request_etag() -> str:
    """Return the ETag of this GET: the dataset version and what the response depends on."""
    # Every GET answer is a function of the dataset version, the URL and the Accept header, so
    # the tag can be known, and a 304 given, before doing any work.
    varying = f"{request.full_path}\n{request.headers.get('Accept', '')}".encode()
    return f"{state.version()}-{hashlib.blake2b(varying, digest_size=8).hexdigest()}"


def _conditional() -> bool:
    return request.method in {"GET", "HEAD"} and request.path not in UNTAGGED


def _answer_not_modified() -> Response | None:
    if _conditional() and request.if_none_match and request.if_none_match.contains_weak(request_etag()):
        response = Response(status=304)
        response.set_etag(request_etag(), weak=True)
        return response
    return None


def _mark_keepable(response: Response) -> Response:
    # Only a whole 200 to a plain GET is kept; the answer cache (web/answer_cache.py) keys it on
    # exactly what it depends on.
    plain_get = request.method == "GET" and request.path.startswith(CACHED_PREFIXES)
    if plain_get and response.status_code == 200 and not response.is_streamed:
        request.environ[KEEP] = True
    return response


def _tag_response(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if _conditional() and response.status_code == 200 and "ETag" not in response.headers:
        response.set_etag(request_etag(), weak=True)
        response.vary.add("Accept")
        response.headers.setdefault("Cache-Control", "public, max-age=300")
    return response
