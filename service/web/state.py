"""What the running app holds, for the view modules to reach: the knowledge, and the one way to the store."""

from __future__ import annotations

from flask import Flask, current_app, g

from service.knowledge.facade import Knowledge
from service.query.bounded import bounded_queries
from service.query.gateway import Gateway, GuardedSource, Limits, Lookups
from service.query.lanes import lanes_per_worker


def init_app(app: Flask) -> None:
    """Open the one way to the store (the query processes, or the remote store, within the limits)."""
    config, store = app.config, app.extensions["stackatlas.store"]
    queries = bounded_queries(
        store,
        processes=config["QUERY_PROCESSES"],
        retire_after_mb=float(config["QUERY_PROCESS_MB"]),
        memory_mb=float(config["QUERY_MEMORY_MB"]),
        threads=config["THREADS"],
        lanes=config["QUERY_LANES"] or lanes_per_worker(config["WORKERS"]),
    )
    limits = Limits(
        float(config["QUERY_TIMEOUT"]), float(config["QUERY_WAIT"]), config["MAX_ROWS"], config["MAX_ANSWER_BYTES"]
    )
    app.extensions["stackatlas.gateway"] = Gateway(queries, limits, store.source)
    # The query process a request's queries took goes back when the request ends, errors included.
    app.teardown_request(release_queries)


def knowledge() -> Knowledge:
    """Return what the app knows about its dataset (built once per dataset version)."""
    found: Knowledge = current_app.extensions["stackatlas.knowledge"]
    return found


def version() -> str:
    """Return the version of the dataset the app serves."""
    return knowledge().store.version


def gateway() -> Gateway:
    """Return the one way to the store: the guard, then the query processes or the remote store, within limits."""
    found: Gateway = current_app.extensions["stackatlas.gateway"]
    return found


def queries(*, cut: bool = False) -> GuardedSource:
    """Return this request's source for the knowledge's queries: guarded, within the time and memory limits, and
    with `cut`, each answer cut at the row limit (its `truncated` says so)."""
    held: dict[bool, GuardedSource] = g.setdefault("queries", {})  # given back by release_queries
    if cut not in held:
        held[cut] = gateway().source(cut)
    return held[cut]


def lookups() -> Lookups:
    """Return a source for the knowledge's fixed lookups of one resource (a record, its set-ups), guarded."""
    return gateway().lookups()


def release_queries(_: BaseException | None = None) -> None:
    """Give back the query process a request held for its queries (the request's teardown)."""
    for source in g.pop("queries", {}).values():
        source.close()
