"""Cross-cutting HTTP behaviour: CORS, a Content-Security-Policy, ETags and a cache of finished answers."""

from __future__ import annotations

import hashlib

from flask import Flask, Response, current_app, g, request
from flask_cors import CORS

from service.web import limits, negotiation
from service.web.cache import SharedLRU

# Everything the pages load comes from this origin. YASGUI sets inline styles, hence 'unsafe-inline' for styles.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
EXPOSED_HEADERS = ["ETag", "Retry-After", "X-StackAtlas-Truncated", "X-StackAtlas-Row-Limit"]
UNTAGGED = frozenset({"/healthz"})
# Answers under these paths depend only on the dataset version, the path, the query parameters and
# what Accept negotiates to: safe to keep. (Host, cookies and the rest never change an answer.)
CACHED_PREFIXES = ("/api/", "/id/", "/sparql")


Kept = tuple[bytes, int, list[tuple[str, str]]]
CacheKey = tuple[object, ...]


def _keep(cache: SharedLRU[CacheKey, Kept], key: CacheKey, response: Response) -> None:
    if response.is_streamed:
        return
    headers = [(k, v) for k, v in response.headers.items() if k.lower() not in _PER_REQUEST_HEADERS]
    cache.put(key, (response.get_data(), response.status_code, headers))


def _kept_weight(key: CacheKey, kept: Kept) -> int:
    # The body, the headers and the URL in the key, plus a little for the objects around them.
    body, _, headers = kept
    return len(body) + sum(len(k) + len(v) for k, v in headers) + len(repr(key)) + 256


# CORS headers depend on the request's Origin and are added again on every answer.
_PER_REQUEST_HEADERS = frozenset(
    {"access-control-allow-origin", "access-control-expose-headers", "vary", "content-length"}
)


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
    # Half of CACHE_MB; /sparql's answers by query take the other half (web/sparql.py).
    app.extensions["stackatlas.responses"] = SharedLRU[CacheKey, Kept](app.config["CACHE_MB"] * 2**19, _kept_weight)
    limits.init_app(app)
    app.before_request(_answer_not_modified)
    app.before_request(_answer_from_cache)
    app.after_request(_tag_response)
    app.after_request(_keep_response)


def request_etag() -> str:
    """Return the ETag of this GET: the dataset version and what the response depends on."""
    # Every GET answer is a function of the dataset version, the URL and the Accept header, so
    # the tag can be known, and a 304 given, before doing any work.
    version = current_app.extensions["stackatlas.store"].version
    varying = f"{request.full_path}\n{request.headers.get('Accept', '')}".encode()
    return f"{version}-{hashlib.blake2b(varying, digest_size=8).hexdigest()}"


def _conditional() -> bool:
    return request.method in {"GET", "HEAD"} and request.path not in UNTAGGED


def _answer_not_modified() -> Response | None:
    if _conditional() and request.if_none_match and request.if_none_match.contains_weak(request_etag()):
        response = Response(status=304)
        response.set_etag(request_etag(), weak=True)
        return response
    return None


def _cache_key() -> CacheKey | None:
    if request.method != "GET" or not request.path.startswith(CACHED_PREFIXES):
        return None
    version = current_app.extensions["stackatlas.store"].version
    # Parameters in a stable order (a repeated one keeps its values' order, which the answer may show).
    parameters = tuple(sorted(request.args.items(multi=True), key=lambda item: item[0]))
    return (version, request.path, parameters, negotiation.accept_key())


def _answer_from_cache() -> Response | None:
    key = _cache_key()
    g.cache_key = key  # computed once a request: the negotiation it holds costs a few matches
    if key is None:
        return None
    kept: Kept | None = current_app.extensions["stackatlas.responses"].get(key)
    g.from_cache = kept is not None
    if kept is None:
        return None
    body, status, headers = kept
    return Response(body, status=status, headers=headers)


def _keep_response(response: Response) -> Response:
    key = g.get("cache_key")
    if key is not None and response.status_code == 200 and not g.get("from_cache"):
        _keep(current_app.extensions["stackatlas.responses"], key, response)
    return response


def _tag_response(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if _conditional() and response.status_code == 200 and "ETag" not in response.headers:
        response.set_etag(request_etag(), weak=True)
        response.vary.add("Accept")
        response.headers.setdefault("Cache-Control", "public, max-age=300")
    return response
