"""One error type, one handler, one JSON shape: {"error": {"status": N, "message": "..."}}."""

from __future__ import annotations

import logging
import uuid

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException

from service.graph.executor import QueryBusy, QueryFailed, QueryTooLarge, QueryUnavailable
from service.graph.remote import EndpointError, EndpointTimeout
from service.graph.store import QueryTimeout

log = logging.getLogger("stackatlas")


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


def _retry_later(response: Response) -> Response:
    response.headers["Retry-After"] = "1"
    return response


def register(app: Flask) -> None:
    """Install the handlers that turn every error into the JSON shape, never a traceback."""

    @app.errorhandler(ApiError)
    def _api_error(error: ApiError) -> Response:
        response = error_response(error.status, error.message, **error.extra)
        response.headers.update(error.headers)
        return response

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        if error.code == 413:
            return error_response(413, body_too_large(app.config["MAX_BODY_BYTES"]))
        response = error_response(error.code or 500, error.description or error.name)
        # Keep headers such as Allow (405) that the exception carries, but not its HTML type.
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    # The limits on queries, for /sparql and for the /api routes whose queries a client shapes.
    @app.errorhandler(QueryTimeout)
    def _query_timeout(error: QueryTimeout) -> Response:
        message = f"Query stopped: {error}. Narrow it (LIMIT, more specific patterns) and try again."
        return _retry_later(error_response(503, message))

    @app.errorhandler(QueryBusy)
    def _query_busy(error: QueryBusy) -> Response:
        return _retry_later(error_response(503, f"Every query process is busy: {error}. Try again."))

    @app.errorhandler(QueryTooLarge)
    def _query_too_large(error: QueryTooLarge) -> Response:
        message = f"Query stopped at its memory limit: {error}. Narrow it (LIMIT, fewer joins, shorter strings)."
        return error_response(507, message)

    @app.errorhandler(QueryFailed)
    def _query_failed(error: QueryFailed) -> Response:
        log.error("query process failed: %s", error)
        if isinstance(error, QueryUnavailable):
            return _retry_later(error_response(503, "Queries cannot be answered now: no query process may run."))
        return error_response(500, f"The query could not be answered: {error}.")

    @app.errorhandler(EndpointError)
    def _store_failed(error: EndpointError) -> Response:
        # Two-tier mode: the graph store is another service; its failure is a bad gateway.
        log.warning("graph store failed: %s", error)
        status = 504 if isinstance(error, EndpointTimeout) else 502
        return error_response(status, f"The graph store did not answer: {error}.")

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        request_id = uuid.uuid4().hex[:12]
        log.exception("internal error, request id %s", request_id)
        return error_response(500, f"Internal error (request id {request_id}).", request_id=request_id)
