"""What the running app holds for its dataset, for the view modules to reach."""

from __future__ import annotations

from flask import current_app

from service.graph.knowledge import Knowledge


def knowledge() -> Knowledge:
    """Return what the app knows about its dataset."""
    found: Knowledge = current_app.extensions["stackatlas.knowledge"]
    return found
