"""The graph explorer: / and /compare, and the /api/graph data they draw (issue 5, in progress)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from service.web.state import knowledge

bp = Blueprint("explore", __name__)


@bp.get("/")
def index() -> str:
    """Show the start page (until the explorer replaces it)."""
    from flask import render_template

    return render_template(
        "index.html", frameworks=knowledge().catalog.of_facet("framework"), examples=knowledge().lexicon.examples()
    )


def openapi_paths() -> dict[str, Any]:
    """Return the OpenAPI path items of the /api routes this module adds."""
    return {}
