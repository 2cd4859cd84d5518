"""What the running app holds for its dataset, for the view modules to reach."""

from __future__ import annotations

from flask import current_app, g

from service.graph.engine import Source
from service.graph.executor import PooledSource
from service.graph.knowledge import Knowledge


def knowledge() -> Knowledge:
    """Return what the app knows about its dataset."""
    found: Knowledge = current_app.extensions["stackatlas.knowledge"]
    return found


def bounded_source() -> Source:
    """Return where queries a client shapes go: the query processes (time and memory limits), or the remote store."""
    pool = current_app.extensions.get("stackatlas.query_pool")
    if pool is None:  # two tiers: the remote store, with the service's time limit on every request
        return knowledge().store.source
    if "pooled_source" not in g:  # one per request, given back by release_bounded_source
        config = current_app.config
        g.pooled_source = PooledSource(pool, float(config["QUERY_TIMEOUT"]), float(config["QUERY_WAIT"]))
    source: PooledSource = g.pooled_source
    return source


def release_bounded_source(_: BaseException | None = None) -> None:
    """Give back the query process a request held for its queries (the request's teardown)."""
    source = g.pop("pooled_source", None)
    if source is not None:
        source.close()
