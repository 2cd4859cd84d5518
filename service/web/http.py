"""Cross-cutting HTTP behaviour: CORS, a Content-Security-Policy, ETags and a cache of finished answers."""

from __future__ import annotations

import hashlib

from flask import Flask, Response, current_app, g, request
from flask_cors import CORS

from service.web.cache import SharedLRU

# Everything the pages load comes from this origin. YASGUI sets inline styles, hence 'unsafe-inline' for styles.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
EXPOSED_HEADERS = ["ETag", "Retry-After", "X-StackAtlas-Truncated", "X-StackAtlas-Row-Limit"]
UNTAGGED = frozenset({"/healthz"})
# Answers under these paths depend only on the dataset version, the URL and Accept: safe to keep.
CACHED_PREFIXES = ("/api/", "/id/", "/sparql")


Kept = tuple[bytes, int, list[tuple[str, str]]]


def _keep(cache: SharedLRU[tuple[str, str, str], Kept], key: tuple[str, str, str], response: Response) -> None:
    if response.is_streamed:
        return
    headers = [(k, v) for k, v in response.headers.items() if k.lower() not in _PER_REQUEST_HEADERS]
    cache.put(key, (response.get_data(), response.status_code, headers))


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
    app.extensions["stackatlas.responses"] = SharedLRU[tuple[str, str, str], Kept](app.config["CACHE_SIZE"])
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


def _cache_key() -> tuple[str, str, str] | None:
    if request.method != "GET" or not request.path.startswith(CACHED_PREFIXES):
        return None
    version = current_app.extensions["stackatlas.store"].version
    return (version, request.full_path, request.headers.get("Accept", ""))


def _answer_from_cache() -> Response | None:
    key = _cache_key()
    if key is None:
        return None
    kept: Kept | None = current_app.extensions["stackatlas.responses"].get(key)
    g.from_cache = kept is not None
    if kept is None:
        return None
    body, status, headers = kept
    return Response(body, status=status, headers=headers)


def _keep_response(response: Response) -> Response:
    key = _cache_key()
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
