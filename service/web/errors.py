"""One error type, one handler path: each error becomes a status, a message and its headers once, then either the
JSON shape {"error": {"status": N, "message": "..."}} or, for a person's browser on a page, an HTML page."""

from __future__ import annotations

import io
import logging
import uuid
from collections.abc import Iterable

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from service.query.gateway import QueryRefused
from service.query.jobs import QueryBusy, QueryFailed, QueryTimeout, QueryTooLarge, QueryUnavailable
from service.query.remote import EndpointError, EndpointTimeout

log = logging.getLogger(__name__)

Headers = Iterable[tuple[str, str]]
RETRY_LATER: Headers = (("Retry-After", "1"),)

# Paths that programs call: /api/* and /sparql answer errors as JSON whatever the Accept, because a program there may
# send Accept: text/html (a SPARQL client asking for an HTML results table, say) and YASGUI and other clients read
# the JSON error. Every other path (/, /compare, /id/..., an unknown URL) is a page a person opens in a browser.
PROGRAM_PATHS = ("/api/", "/sparql")


class ApiError(Exception):
    """An error a client should see: a status, a message, and optional extra fields."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None, **extra: object):
        super().__init__(message)
        self.status, self.message, self.extra = status, message, extra
        self.headers = headers or {}


def error_response(status: int, message: str, **extra: object) -> Response:
    """Return the one JSON error shape with this status."""
    response = jsonify({"error": {"status": status, "message": message, **extra}})
    response.status_code = status
    return response


def body_too_large(limit: int) -> str:
    """Say that a request body is over the limit, in the words every 413 uses."""
    return f"The request body is larger than the {limit} bytes accepted."


def _what_was_too_large(app: Flask) -> str:
    # Werkzeug's form parser raises the same 413 for a body over MAX_CONTENT_LENGTH, a form of more parts
    # than MAX_FORM_PARTS and a field over MAX_FORM_MEMORY_SIZE: name the one this request passed. The body
    # is whole in memory by now (web/limits.py read it), so its parts can be counted.
    limit = app.config["MAX_BODY_BYTES"]
    if request.content_length is None or request.content_length > limit:
        return body_too_large(limit)
    parts, most = 0, app.config["MAX_FORM_PARTS"]
    boundary = request.mimetype_params.get("boundary")
    stream = request.environ.get("wsgi.input")
    if request.mimetype == "multipart/form-data" and boundary and isinstance(stream, io.BytesIO):
        parts = stream.getvalue().count(b"--" + boundary.encode("latin-1")) - 1
    if parts > most:
        return f"The form has more than the {most} parts accepted."
    return f"A field of the form is larger than the {app.config['MAX_FORM_MEMORY_SIZE']} bytes accepted."


def for_a_page() -> bool:
    """Say whether this request is a person's browser on a page: not /api or /sparql, and text/html ranked first.

    Of application/json and text/html, text/html wins only when the client ranks it higher, as a browser's
    Accept does; */* (curl, fetch), no Accept and a tie all get JSON.
    """
    path = request.path
    if path == "/api" or path.startswith(PROGRAM_PATHS):
        return False
    return request.accept_mimetypes.best_match(("application/json", "text/html")) == "text/html"


def answer(status: int, message: str, headers: Headers = (), **extra: object) -> Response:
    """Return the error as the page or the JSON shape, keeping the headers it carries (Retry-After, Allow)."""
    page = _page(status, message) if for_a_page() else None
    response = page if page is not None else error_response(status, message, **extra)
    for name, value in headers:
        if name.lower() != "content-type":  # an exception's own HTML type is not what is sent
            response.headers[name] = value
    if not request.path.startswith(PROGRAM_PATHS):
        response.vary.add("Accept")  # the same URL answers a browser and a program differently
    return response


def _page(status: int, message: str) -> Response | None:
    try:
        reason = HTTP_STATUS_CODES.get(status, "Error")
        body = render_template("error.html", status=status, reason=reason, message=message)
    except Exception:  # an error page that cannot be drawn must not hide the error: the JSON shape says it
        log.exception("the error page for %s could not be drawn", status)
        return None
    return Response(body, status=status, mimetype="text/html")


def register(app: Flask) -> None:
    """Install the handlers that turn every error into the page or the JSON shape, never a traceback."""

    @app.errorhandler(ApiError)
    def _api_error(error: ApiError) -> Response:
        return answer(error.status, error.message, error.headers.items(), **error.extra)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        if error.code == 413:
            return answer(413, _what_was_too_large(app))
        # Keep headers such as Allow (405) that the exception carries.
        return answer(error.code or 500, error.description or error.name, error.get_headers())

    # The guard and the limits on queries, for /sparql and for every route whose queries go through the gateway.
    @app.errorhandler(QueryRefused)
    def _query_refused(error: QueryRefused) -> Response:
        return answer(403 if error.forbidden else 400, error.message)

    @app.errorhandler(QueryTimeout)
    def _query_timeout(error: QueryTimeout) -> Response:
        message = f"Query stopped: {error}. Narrow it (LIMIT, more specific patterns) and try again."
        return answer(503, message, RETRY_LATER)

    @app.errorhandler(QueryBusy)
    def _query_busy(error: QueryBusy) -> Response:
        return answer(503, f"Every query process is busy: {error}. Try again.", RETRY_LATER)

    @app.errorhandler(QueryTooLarge)
    def _query_too_large(error: QueryTooLarge) -> Response:
        message = f"Query stopped at its memory limit: {error}. Narrow it (LIMIT, fewer joins, shorter strings)."
        return answer(507, message)

    @app.errorhandler(QueryFailed)
    def _query_failed(error: QueryFailed) -> Response:
        log.error("query process failed: %s", error)
        if isinstance(error, QueryUnavailable):
            return answer(503, "Queries cannot be answered now: no query process may run.", RETRY_LATER)
        return answer(500, f"The query could not be answered: {error}.")

    @app.errorhandler(EndpointError)
    def _store_failed(error: EndpointError) -> Response:
        # Two-tier mode: the graph store is another service; its failure is a bad gateway.
        log.warning("graph store failed: %s", error)
        status = 504 if isinstance(error, EndpointTimeout) else 502
        return answer(status, f"The graph store did not answer: {error}.")

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        request_id = uuid.uuid4().hex[:12]
        log.exception("internal error, request id %s", request_id)
        return answer(500, f"Internal error (request id {request_id}).", request_id=request_id)
