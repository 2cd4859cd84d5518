"""The one way to the store: every query a request causes is read by the guard, then run within the limits.

As datasette's `Database.execute(..., truncate=True)` is the one place that owns time limits and
truncation, a view never reaches the engine: /sparql's client query (`check`, `job`, `run`) and the
knowledge's own queries for a request (`source`) both pass the guard and run in the query processes
(or on the remote store) within the time limit, the memory limit and the row limit.

One kind of query takes another lane of the same gateway (`lookups`): the knowledge's fixed lookups of one
named resource (a framework's record, its set-ups), whose cost the data bounds, not the client. They pass
the guard too, and run where the data is (in the serving process for an embedded store), because a record
must answer while every query process is busy with a client's slow queries
(tests/attack/test_endpoint.py::test_healthz_and_cheap_routes_answer_while_every_query_process_is_busy).
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass

import pyoxigraph as ox

from service.query import guard
from service.query.bounded import BoundedQueries, RequestSource
from service.query.engine import Source, run
from service.query.jobs import Answer, Job, QueryTimeout

READ_ONLY = "This endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) is refused."
NO_SERVICE = (
    "SERVICE is refused: this endpoint never sends requests to other services on a client's behalf. "
    "Query the other endpoint yourself."
)


@dataclass(frozen=True)
class Limits:
    """What one request's queries may use: seconds (reading included), seconds waiting for a process, rows, bytes."""

    timeout: float
    wait: float
    max_rows: int | None
    max_bytes: int | None = None


class QueryRefused(Exception):
    """A query the guard refuses before it runs: `forbidden` for an update or SERVICE, else too deeply nested."""

    def __init__(self, message: str, *, forbidden: bool):
        super().__init__(message)
        self.message, self.forbidden = message, forbidden


@dataclass(frozen=True)
class Checked:
    """A query the guard let through: its text, its form, and when its time runs out (a time.monotonic() value)."""

    sparql: str
    form: str | None
    deadline: float


class Gateway:
    """Where every query of a request goes: the guard, then the query processes or the remote store, within limits."""

    def __init__(self, queries: BoundedQueries, limits: Limits, data: Source):
        self.queries, self.limits, self.data = queries, limits, data

    def check(self, sparql: str) -> Checked:
        """Read a query with the guard, its reading counted in the time limit; QueryRefused if it must not run."""
        deadline = time.monotonic() + self.limits.timeout
        shape = guard.inspect(sparql, deadline=deadline)
        if time.monotonic() > deadline:  # the guard looks at the clock every so many tokens; once more at the end
            raise QueryTimeout(guard.READ_TOO_LONG)
        return Checked(sparql, refused_or_form(shape), deadline)

    def check_own(self, sparql: str) -> str | None:
        """Read one of the knowledge's queries with the guard (once per text: they repeat); return its form."""
        return refused_or_form(_own_shape(sparql))

    def job(
        self,
        checked: Checked,
        format_name: str,
        default_graphs: tuple[str, ...] = (),
        named_graphs: tuple[str, ...] = (),
    ) -> Job:
        """Make the job for a checked query, with the row and byte limits."""
        return Job(
            checked.sparql,
            format_name,
            self.limits.max_rows,
            default_graphs,
            named_graphs,
            max_bytes=self.limits.max_bytes,
        )

    def run(self, job: Job, checked: Checked) -> Answer:
        """Answer a job by its checked query's deadline (QueryTimeout past it, QueryBusy if no process frees up)."""
        try:
            return self.queries.run(job, max(0.0, checked.deadline - time.monotonic()), self.limits.wait)
        except QueryTimeout:
            # What was left of the time when the job started is what stopped it; the client is told the limit.
            raise QueryTimeout(f"the query ran longer than {self.limits.timeout:g} s and was stopped") from None

    def source(self, cut: bool = False) -> GuardedSource:
        """Lend one request a source for the knowledge's queries: each checked, all within the time and memory
        limits, and, when `cut`, each answer cut at the row limit (a document of the graph's statements, as /id/'s)."""
        rows = self.limits.max_rows if cut else None  # a list the knowledge computes (every framework) is not cut
        return GuardedSource(self, self.queries.source(self.limits.timeout, self.limits.wait, rows))

    def lookups(self) -> Lookups:
        """Lend a request a source for the knowledge's fixed lookups of one resource (see the module's docstring)."""
        return Lookups(self)


def refused_or_form(shape: guard.RequestShape) -> str | None:
    """Raise QueryRefused for a query the guard's reading says must not run; else return its form."""
    if shape.operation == "update":
        raise QueryRefused(READ_ONLY, forbidden=True)
    if shape.uses_service:
        raise QueryRefused(NO_SERVICE, forbidden=True)
    if shape.depth > guard.MAX_DEPTH:
        message = f"The query nests brackets or negations {shape.depth} deep; at most {guard.MAX_DEPTH}."
        raise QueryRefused(message, forbidden=False)
    return shape.form


@functools.lru_cache(maxsize=512)
def _own_shape(sparql: str) -> guard.RequestShape:
    # The knowledge's queries are the project's texts, a few hundred distinct at most, each sent again and again
    # (a neighbourhood sends one per neighbour): the guard's reading of each is kept.
    return guard.inspect(sparql)


class GuardedSource:
    """A request's source of queries: each read by the guard, then run where the gateway runs them."""

    def __init__(self, gateway: Gateway, inner: RequestSource):
        self.gateway, self.inner = gateway, inner

    @property
    def truncated(self) -> bool:
        """Say whether an answer of this request was cut at the row limit."""
        return self.inner.truncated

    def query(
        self, sparql: str, iris: dict[str, str] | None = None
    ) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        """Run a query with the named variables bound to IRIs (by the engine, never in the text)."""
        return self.inner.query(sparql, iris, self.gateway.check_own(sparql))

    def close(self) -> None:
        """Give back what the request held (its query process)."""
        self.inner.close()


class Lookups:
    """The knowledge's fixed lookups of one named resource: each read by the guard, then run where the data is."""

    def __init__(self, gateway: Gateway):
        self.gateway = gateway

    def query(
        self, sparql: str, iris: dict[str, str] | None = None
    ) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        """Run a lookup with the named variables bound to IRIs (by the engine, never in the text)."""
        self.gateway.check_own(sparql)
        answer = run(self.gateway.data, sparql, iris)
        return list(answer) if isinstance(answer, ox.QueryTriples) else answer
