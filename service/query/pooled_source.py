"""The query processes as a source for the project's own queries, one request at a time."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pyoxigraph as ox

from service.query import guard
from service.query.jobs import Job, QueryFailed, QueryTimeout, read_answer

if TYPE_CHECKING:
    from service.query.executor import QueryPool
    from service.query.process_pool import Worker


class PooledSource:
    """The query processes as a source for the project's own queries, when a client shapes them.

    One source serves one request: it takes a query process at its first query and keeps it until
    `close()`, so a request of several queries (a comparison reads two records) waits for a process
    once, not once per query, and cannot be refused half-way by its own earlier queries' neighbours.
    All its queries share one time limit, counted from the first, and each the memory limit; an answer
    longer than `max_rows` is cut there, and `truncated` says so.
    """

    def __init__(self, pool: QueryPool, timeout: float, wait: float, max_rows: int | None = None):
        self.pool, self.timeout, self.wait, self.max_rows = pool, timeout, wait, max_rows
        self.truncated = False
        self._worker: Worker | None = None
        self._deadline: float | None = None

    def query(
        self, sparql: str, iris: dict[str, str] | None = None, form: str | None = None
    ) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        """Run a query in this request's query process, variables bound to IRIs by the engine's substitution."""
        graph = (form or guard.inspect(sparql).form) in {"CONSTRUCT", "DESCRIBE"}
        job = Job(sparql, "nt" if graph else "json", self.max_rows, bindings=tuple((iris or {}).items()))
        if self._deadline is None:
            self._deadline = time.monotonic() + self.timeout
            self._worker = self.pool.take(self.wait, self.timeout)
        if self._worker is None:
            raise QueryFailed("the query process died and no other could be started")
        if time.monotonic() > self._deadline:  # no time left: not started, rather than raced against the clock
            raise QueryTimeout(f"the request's queries ran longer than {self.timeout:g} s")
        reply, self._worker = self.pool.run_on(self._worker, job, self._deadline, self.timeout)
        answer = self.pool.result(reply, job)
        self.truncated = self.truncated or answer.truncated
        return read_answer(answer, graph)

    def close(self) -> None:
        """Give the query process back to the pool."""
        self.pool.give_back(self._worker)
        self._worker = None
