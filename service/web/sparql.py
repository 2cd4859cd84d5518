"""/sparql: the SPARQL 1.1 Protocol, read-only (work in progress: see issue 3)."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("sparql", __name__)


def init_app(app: Flask) -> None:
    """Prepare what /sparql needs for this app."""
