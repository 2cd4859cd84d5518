"""Queries a client shapes, answered within the service's limits: by the query processes, or by the remote store.

The gateway (gateway.py) asks one object for both kinds of work and never looks at which store is behind
it: `run` answers a /sparql job in its wire format, `source` lends a request a place for the project's own
queries (a question's, a framework page's), given back by `close`.
"""

from __future__ import annotations

import time
from typing import Protocol

import pyoxigraph as ox

from service.query.engine import QueryService
from service.query.executor import QueryPool
from service.query.guard import inspect
from service.query.jobs import Answer, Job, QueryTimeout, read_answer
from service.query.pooled_source import PooledSource
from service.query.store import EmbeddedStore, RemoteStore, Store


class RequestSource(QueryService, Protocol):
    """A source of queries lent to one request, given back when the request ends; `truncated` once an answer was cut."""

    truncated: bool

    def query(
        self, sparql: str, iris: dict[str, str] | None = None, form: str | None = None
    ) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        """Run a query (of the form given, else read) with the named variables bound to IRIs."""
        ...

    def close(self) -> None:
        """Give back what the request held."""
        ...


class BoundedQueries(Protocol):
    """Where client-shaped queries run, within the time limit (and, in process, the memory limit)."""

    def run(self, job: Job, timeout: float, wait: float) -> Answer:
        """Answer a job within `timeout` seconds, waiting at most `wait` seconds to start."""
        ...

    def source(self, timeout: float, wait: float, max_rows: int | None) -> RequestSource:
        """Lend one request a source whose queries share the time limit, each cut at `max_rows`."""
        ...


class PooledQueries:
    """The query processes of an embedded store: killable, with a memory limit each."""

    def __init__(self, pool: QueryPool):
        self.pool = pool

    def run(self, job: Job, timeout: float, wait: float) -> Answer:
        """Answer a job in a query process (see executor.QueryPool.run)."""
        return self.pool.run(job, timeout, wait=wait)

    def source(self, timeout: float, wait: float, max_rows: int | None) -> RequestSource:
        """Lend a request one query process, taken at its first query."""
        return PooledSource(self.pool, timeout, wait, max_rows)


class RemoteSource:
    """The remote endpoint as a request's source: its queries share the time limit, each cut at `max_rows`."""

    def __init__(self, queries: RemoteQueries, timeout: float, max_rows: int | None):
        self.queries, self.timeout, self.max_rows = queries, timeout, max_rows
        self.truncated = False
        self._deadline: float | None = None

    def query(
        self, sparql: str, iris: dict[str, str] | None = None, form: str | None = None
    ) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        """Send a query to the endpoint with what is left of the request's time; IRIs bound by a VALUES clause."""
        graph = (form or inspect(sparql).form) in {"CONSTRUCT", "DESCRIBE"}
        job = Job(sparql, "nt" if graph else "json", self.max_rows, bindings=tuple((iris or {}).items()))
        if self._deadline is None:
            self._deadline = time.monotonic() + self.timeout
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise QueryTimeout(f"the request's queries ran longer than {self.timeout:g} s")
        answer = self.queries.run(job, left, 0.0)
        self.truncated = self.truncated or answer.truncated
        return read_answer(answer, graph)

    def close(self) -> None:
        """Nothing is held between a request's queries."""


class RemoteQueries:
    """A remote store's endpoint, which enforces its own limits; the service's time limit goes with each query."""

    def __init__(self, store: RemoteStore):
        self.store = store

    def run(self, job: Job, timeout: float, wait: float) -> Answer:
        """Send a job to the endpoint and write its answer in the job's format."""
        result = self.store.query(
            job.sparql,
            max_rows=job.max_rows,
            default_graphs=job.default_graphs or None,
            named_graphs=job.named_graphs or None,
            timeout=timeout,
            bindings=dict(job.bindings),
        )
        body, rows = result.serialize_within(job.format, job.max_bytes)
        return Answer(body, result.formats()[job.format], result.truncated or rows < len(result), rows)

    def source(self, timeout: float, wait: float, max_rows: int | None) -> RequestSource:
        """The endpoint, with the service's time limit and row limit on each query."""
        return RemoteSource(self, timeout, max_rows)


def bounded_queries(
    store: Store,
    *,
    processes: int,
    retire_after_mb: float,
    memory_mb: float,
    threads: int | None = None,
    lanes: int = 0,
) -> BoundedQueries:
    """Where a store's client-shaped queries run: query processes for the data in memory, else the endpoint.

    With `threads` (a worker's request threads), as many queries may wait for a process as there are threads
    left but one, which stays free for /healthz and cached routes; past those, 503 at once. A query whose
    expected wait is past QUERY_WAIT gets 503 at once too, so threads are held only by queries about to run.
    With `lanes`, a worker runs that many short /sparql queries at once (see lanes.py; 0: no lanes).
    """
    if isinstance(store, RemoteStore):
        return RemoteQueries(store)
    assert isinstance(store, EmbeddedStore), f"no bounded queries for {type(store).__name__}"
    waiting = None if threads is None else max(1, threads - processes - 1)
    pool = QueryPool(
        store, size=processes, retire_after_mb=retire_after_mb, memory_mb=memory_mb, max_waiting=waiting, lanes=lanes
    )
    return PooledQueries(pool)
