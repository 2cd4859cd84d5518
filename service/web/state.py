"""What the running app holds for its dataset, for the view modules to reach."""

from __future__ import annotations

from flask import current_app

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
    config = current_app.config
    return PooledSource(pool, float(config["QUERY_TIMEOUT"]), float(config["QUERY_WAIT"]))
