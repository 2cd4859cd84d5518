"""Cross-cutting HTTP behaviour: CORS and ETags from the dataset version (issue 3)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Install the CORS and conditional-request hooks on the app."""
