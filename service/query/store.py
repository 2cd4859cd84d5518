"""One interface to query the graph, whatever engine holds it, and its result values."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from service.query import ordering, written
from service.query.engine import Source, as_substitutions, select
from service.query.graphs import evaluate
from service.query.jobs import QueryTimeout
from service.query.remote import EndpointRejected, EndpointTimeout, RemoteEndpoint
from service.query.results import QueryResult, collect, take


@dataclass(frozen=True)
class Dataset:
    """The loaded graph: a store (in memory, or kept on disk at `path`) plus the version that identifies its content."""

    store: ox.Store
    version: str
    files: tuple[Path, ...]
    prefixes: Mapping[str, str] = field(default_factory=dict)  # what its graphs are written with (Turtle)
    path: Path | None = None  # the on-disk store's folder, which other processes may open too (loading/kept.py)
    # The default graph alone, when `store` holds it as a copy in memory: queries that name no graph read it
    # instead (graphs.py, `evaluate`).
    merge: ox.Store | None = None


class QuerySyntaxError(ValueError):
    """A query the engine cannot parse; carries the position the parser reports."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.message, self.line, self.column = message, line, column
        super().__init__(message)


class Store(Protocol):
    """What the service needs from a graph store: a version, read-only queries, and a query source."""

    version: str
    source: Source

    def query(
        self,
        sparql: str,
        *,
        max_rows: int | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> QueryResult:
        """Run a SPARQL query over the default dataset (default graph: the RDF merge of all graphs) or the one asked."""
        ...


class EmbeddedStore:
    """The dataset held in memory by pyoxigraph, queried in this process."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self.version = dataset.version
        self.source: Source = dataset.store

    def query(
        self,
        sparql: str,
        *,
        max_rows: int | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        order_outside: bool = False,
        bindings: Mapping[str, str] | None = None,
    ) -> QueryResult:
        """Run a SPARQL query over the dataset SPARQL 1.1 says (see `evaluate`), keeping at most max_rows.

        `bindings` binds variables to IRIs through the engine's substitutions.
        """
        # With order_outside, a SELECT's top-level ORDER BY, LIMIT and OFFSET are applied in Python: the
        # retry for a query whose process the engine's sort aborted (see ordering.py).
        order_plan = ordering.plan(sparql) if order_outside else None
        text = order_plan.sparql if order_plan is not None else sparql
        answer = self._evaluate(text, default_graphs, named_graphs, bindings)
        if order_plan is None:
            return collect(answer, max_rows, self.dataset.prefixes)
        assert isinstance(answer, ox.QuerySolutions)  # a plan is made for SELECT queries only
        variables = [variable.value for variable in answer.variables]
        rows = ordering.apply(order_plan, answer, variables)
        kept, truncated = take(iter(rows), max_rows)
        shown = tuple(variable for variable in variables if variable not in order_plan.added)
        return QueryResult(kind="select", variables=shown, rows=kept, truncated=truncated)

    def for_this_process(self) -> EmbeddedStore:
        """Return this store for a freshly forked process: an on-disk store opened again, read-only; else itself.

        A database handle forked from a threaded process may carry a lock another thread held at the fork.
        """
        if self.dataset.path is None:
            return self
        reopened = ox.Store.read_only(str(self.dataset.path))
        return EmbeddedStore(dataclasses.replace(self.dataset, store=reopened))

    def write_json(
        self,
        sparql: str,
        *,
        max_rows: int | None,
        max_bytes: int | None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        bindings: Mapping[str, str] | None = None,
    ) -> written.Written | None:
        """Answer a SELECT or ASK as SPARQL JSON results written by the engine, cut at a row past a limit.

        None when the engine's writing cannot be used (not solutions, rows it cannot count): `query` then answers
        it, cut (see written.py).
        `bindings` binds variables to IRIs through the engine's substitutions, as in `query`.
        """
        answer = self._evaluate(sparql, default_graphs, named_graphs, bindings)
        if not isinstance(answer, ox.QuerySolutions | ox.QueryBoolean):
            return None
        return written.json_answer(answer, max_rows, max_bytes)

    def _evaluate(
        self,
        sparql: str,
        default_graphs: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
        bindings: Mapping[str, str] | None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        # Both ways of answering read the same dataset with the same bindings, and report a syntax error alike.
        try:
            return evaluate(
                self.dataset.store,
                sparql,
                default_graphs=default_graphs,
                named_graphs=named_graphs,
                substitutions=as_substitutions(bindings),
                merge=self.dataset.merge,
            )
        except SyntaxError as error:
            raise syntax_error(error) from None

    def triple_count(self) -> int:
        """Return the number of quads in the named graphs (each claim once per graph that holds it)."""
        # The default graph, their merge, is derived and not counted (an N-Quads export omits it too).
        count = next(select(self.dataset.store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
        return int(count["n"].value)


class RemoteStore:
    """A graph held by a SPARQL endpoint the service does not own; the service itself stays stateless.

    The endpoint must answer as EmbeddedStore does: its default graph the RDF merge of the named
    graphs (each triple once), a query's FROM and FROM NAMED honoured, the protocol's graphs over
    them. Oxigraph's server (0.5) with --union-default-graph does neither: it counts a triple once per
    graph that holds it and ignores FROM. Without the flag, holding the merge as its real default graph
    (the N-Quads export and the N-Triples export loaded into one database), it answers the default
    dataset and a one-graph FROM right, and still counts a triple once per graph of a dataset made
    of several (oxigraph issue 1919). tests/loading/test_dataset.py pins both.
    """

    def __init__(
        self,
        url: str,
        timeout: float,
        *,
        version_query: str | None = None,
        prefixes: Mapping[str, str] | None = None,
    ):
        self.url = url
        self.source: Source = RemoteEndpoint(url, timeout)
        self.prefixes = prefixes or {}
        self.version = self._version(version_query)

    def query(
        self,
        sparql: str,
        *,
        max_rows: int | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        timeout: float | None = None,
        bindings: Mapping[str, str] | None = None,
    ) -> QueryResult:
        """Run a SPARQL query on the endpoint (its default graph should be the RDF merge of all graphs)."""
        assert isinstance(self.source, RemoteEndpoint)
        try:
            answer = self.source.query(
                sparql,
                dict(bindings) if bindings else None,
                timeout=timeout,
                default_graphs=default_graphs,
                named_graphs=named_graphs,
            )
        except EndpointRejected as error:
            raise positioned(str(error)) from None
        except EndpointTimeout as error:
            raise QueryTimeout(str(error)) from None
        return collect(answer, max_rows, self.prefixes)

    def _version(self, version_query: str | None) -> str:
        # `stackatlas export` writes the dataset version into the data (version_query, a ?v, reads it); a graph
        # loaded some other way is identified by its size.
        for row in select(self.source, version_query) if version_query else ():
            return str(row["v"].value)
        count = next(iter(select(self.source, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"]
        return "remote-" + hashlib.sha256(f"{self.url} {count.value}".encode()).hexdigest()[:12]


_POSITION = re.compile(r"error at (\d+):(\d+): ")


def syntax_error(error: SyntaxError) -> QuerySyntaxError:
    """Turn pyoxigraph's SyntaxError into a QuerySyntaxError with a line and column."""
    return positioned(str(error.msg))


def positioned(message: str) -> QuerySyntaxError:
    """Read Oxigraph's "error at 1:25: expected ..." (from pyoxigraph or the server) into message, line, column."""
    match = _POSITION.search(message)
    if match is None:
        return QuerySyntaxError(message)
    return QuerySyntaxError(message[match.end() :], int(match[1]), int(match[2]))
