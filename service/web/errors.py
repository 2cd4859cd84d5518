"""One error type, one handler, one JSON shape: {"error": {"status": N, "message": "..."}}."""

from __future__ import annotations

import logging
import uuid

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException

from service.graph.remote import EndpointError, EndpointTimeout

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
