"""What the running app holds for its dataset, for the view modules to reach."""

from __future__ import annotations

from flask import current_app, g

from service.knowledge.facade import Knowledge
from service.query.bounded import BoundedQueries, RequestSource
from service.query.engine import Source


def knowledge() -> Knowledge:
    """Return what the app knows about its dataset."""
    found: Knowledge = current_app.extensions["stackatlas.knowledge"]
    return found


def bounded_source() -> Source:
    """Return where queries a client shapes go: the query processes (time and memory limits), or the remote store."""
    if "bounded_source" not in g:  # one per request, given back by release_bounded_source
        bounded: BoundedQueries = current_app.extensions["stackatlas.bounded"]
        config = current_app.config
        g.bounded_source = bounded.source(float(config["QUERY_TIMEOUT"]), float(config["QUERY_WAIT"]))
    source: RequestSource = g.bounded_source
    return source


def release_bounded_source(_: BaseException | None = None) -> None:
    """Give back the query process a request held for its queries (the request's teardown)."""
    source = g.pop("bounded_source", None)
    if source is not None:
        source.close()
