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

from service.query import guard, ordering, written
from service.query.engine import Source, Term, as_substitutions, reads_union, select
from service.query.guard import QUERY_FORMS
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
    # instead (see `evaluate`).
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


def evaluate(
    store: ox.Store,
    sparql: str,
    *,
    default_graphs: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
    substitutions: dict[ox.Variable, Term] | None = None,
    merge: ox.Store | None = None,
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run a query on a store over the dataset SPARQL 1.1 says: the protocol's graphs, else the query's FROM, else all.

    Graphs given by the protocol (default-graph-uri, named-graph-uri: either may be empty) replace the
    query's FROM and FROM NAMED (Protocol §2.1.4); otherwise the query's own, if it has any, make the
    dataset (Query §13.2: FROM NAMED alone leaves the default graph empty, FROM alone names no graph);
    otherwise the default graph is the RDF merge of the named graphs (load_dataset copies it, or the
    store reads its union: engine.reads_union), and every named graph can be queried with GRAPH.
    `substitutions` bind variables before evaluation (the engine's own binding, never text). `merge`, the
    store's default graph alone, answers a query over the default dataset that names no graph.
    """
    if default_graphs is None and named_graphs is None:
        clauses = dataset_clauses(sparql)
        if clauses is None and merge is not None and not names_graphs(sparql):
            # Without GRAPH the named graphs are out of reach: the merge alone gives the same answer, faster, since
            # the in-memory store finds a triple of the default graph among the copies of it in every graph
            # (docs/performance.md, "The merge in a store of its own").
            return merge.query(sparql, substitutions=substitutions)
        if clauses is None:  # the default dataset: every graph, and their merge as the default graph
            return store.query(sparql, use_default_graph_as_union=reads_union(store), substitutions=substitutions)
        if len(set(clauses[0])) <= 1:
            # pyoxigraph honours a query's own FROM and FROM NAMED (and would ignore them under the union flag)
            return store.query(sparql, substitutions=substitutions)
        default, named = clauses
    else:
        default, named = tuple(default_graphs or ()), tuple(named_graphs or ())
    default, named = tuple(dict.fromkeys(default)), tuple(dict.fromkeys(named))
    available: list[ox.NamedNode | ox.BlankNode] = [ox.NamedNode(graph) for graph in named]
    if len(default) <= 1:
        return store.query(
            sparql,
            default_graph=[ox.NamedNode(graph) for graph in default],
            named_graphs=available,
            substitutions=substitutions,
        )
    # pyoxigraph 0.5.13 counts a triple once per graph of a default graph made of several graphs
    # (oxigraph issue 1919): their merge is made in a scratch store, with the named graphs asked
    # for, rather than in the shared store, which other threads may be reading.
    scratch = ox.Store()
    scratch.extend(
        ox.Quad(quad.subject, quad.predicate, quad.object)
        for graph in default
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
    )
    scratch.extend(quad for graph in available for quad in store.quads_for_pattern(None, None, None, graph))
    return scratch.query(sparql, default_graph=ox.DefaultGraph(), named_graphs=available, substitutions=substitutions)


_EMPTY = ox.Store()


def names_graphs(sparql: str) -> bool:
    """Say whether a query may reach named graphs: by GRAPH, its only way to once the dataset is the default one."""
    if "graph" not in sparql.lower():  # no keyword without its letters: the lexer, costly, need not run
        return False
    # The engine reads a keyword glued to what comes before it (`trueGRAPH ?g {`, `1GRAPH ?g {`): any token but
    # a string, an IRI or a variable that holds the letters counts, at worst a query is answered the slower way.
    return any(token.kind not in _NEVER_A_KEYWORD and "GRAPH" in token.text.upper() for token in guard.scan(sparql)[0])


# What the engine never reads as a keyword, whatever it holds (the lexer reads each as the engine does).
_NEVER_A_KEYWORD = frozenset({"string", "long_string", "iri", "variable", "comment", "space"})


def dataset_clauses(sparql: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """Return the IRIs a query's FROM and FROM NAMED clauses name, or None when it has neither."""
    # The clauses are found with the lexer `guard` reads queries with (FROM is a keyword nowhere
    # else), and their IRIs resolved by pyoxigraph itself, against the query's PREFIX and BASE.
    if "from" not in sparql.lower():  # no FROM keyword without its letters: the lexer, costly, need not run
        return None
    read = ordering.tokens(sparql)
    clauses: list[tuple[bool, str]] = []
    form_at = None
    for index, token in enumerate(read):
        if form_at is None and token.word() in QUERY_FORMS:
            form_at = token.start
        if token.word() != "FROM":
            continue
        named = index + 1 < len(read) and read[index + 1].word() == "NAMED"
        target = index + 2 if named else index + 1
        if target < len(read):
            clauses.append((named, read[target].text))
    if not clauses:
        return None
    prologue = sparql[:form_at] if form_at is not None else ""
    probe = prologue + " SELECT ?g WHERE { VALUES ?g { " + " ".join(term for _, term in clauses) + " } }"
    try:
        answer = _EMPTY.query(probe)
    except SyntaxError:
        return None  # not a dataset clause after all; the query itself will say what is wrong
    assert isinstance(answer, ox.QuerySolutions)
    iris = [row["g"] for row in answer]
    if len(iris) != len(clauses) or not all(isinstance(iri, ox.NamedNode) for iri in iris):
        return None
    default = tuple(iri.value for (named, _), iri in zip(clauses, iris, strict=True) if not named)
    named_graphs = tuple(iri.value for (named, _), iri in zip(clauses, iris, strict=True) if named)
    return default, named_graphs


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
