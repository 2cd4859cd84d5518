"""Cross-cutting HTTP behaviour: CORS, a Content-Security-Policy, and ETags from the dataset version."""

from __future__ import annotations

import hashlib

from flask import Flask, Response, current_app, request
from flask_cors import CORS

# Everything the pages load comes from this origin. YASGUI sets inline styles, hence 'unsafe-inline' for styles.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
EXPOSED_HEADERS = ["ETag", "Retry-After", "X-StackAtlas-Truncated", "X-StackAtlas-Row-Limit"]
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
    app.before_request(_answer_not_modified)
    app.after_request(_tag_response)


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


def _tag_response(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if _conditional() and response.status_code == 200 and "ETag" not in response.headers:
        response.set_etag(request_etag(), weak=True)
        response.vary.add("Accept")
        response.headers.setdefault("Cache-Control", "public, max-age=300")
    return response
