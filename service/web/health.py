"""GET /healthz: liveness and the dataset version, answered without touching the engine."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from service.web.state import version

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    """Report that the service is up and which dataset version it serves."""
    return jsonify({"status": "ok", "version": version()})
