"""One interface to query the graph, whatever engine holds it, and its result values."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, TypeVar

import pyoxigraph as ox

from service.graph import ordering, vocab
from service.graph.engine import Source, select, serialize
from service.graph.guard import QUERY_FORMS
from service.graph.load import Dataset
from service.graph.remote import EndpointRejected, EndpointTimeout, RemoteEndpoint

ResultKind = Literal["select", "ask", "graph"]
_Item = TypeVar("_Item")

# Serialisation names: (media type, pyoxigraph format). "xml" and "json" mean the SPARQL results
# formats for SELECT/ASK and RDF/XML and JSON-LD for CONSTRUCT/DESCRIBE.
SOLUTION_FORMATS: dict[str, tuple[str, ox.QueryResultsFormat]] = {
    "json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    "xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    "csv": ("text/csv", ox.QueryResultsFormat.CSV),
    "tsv": ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
}
GRAPH_FORMATS: dict[str, tuple[str, ox.RdfFormat]] = {
    "ttl": ("text/turtle", ox.RdfFormat.TURTLE),
    "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "json": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "xml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    "rdfxml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
}


class QuerySyntaxError(ValueError):
    """A query the engine cannot parse; carries the position the parser reports."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.message, self.line, self.column = message, line, column
        super().__init__(message)


class UnsupportedFormatError(ValueError):
    """A serialisation that does not exist for this kind of result."""


@dataclass
class QueryResult:
    """A finished query: solutions, a boolean or triples, cut at a row limit if one was set."""

    kind: ResultKind
    variables: tuple[str, ...] = ()
    rows: list[ox.QuerySolution] = field(default_factory=list)
    boolean: bool = False
    triples: list[ox.Triple] = field(default_factory=list)
    truncated: bool = False

    def __len__(self) -> int:
        return len(self.triples) if self.kind == "graph" else len(self.rows)

    def formats(self) -> dict[str, str]:
        """Return the serialisation names this result supports, with their media types."""
        table = GRAPH_FORMATS if self.kind == "graph" else SOLUTION_FORMATS
        return {name: media for name, (media, _) in table.items()}

    def serialize(self, name: str) -> bytes:
        """Serialise the result in a named format (see SOLUTION_FORMATS and GRAPH_FORMATS)."""
        if self.kind == "graph":
            if name not in GRAPH_FORMATS:
                raise UnsupportedFormatError(f"{name!r} is not a format for graph results")
            return serialize(self.triples, GRAPH_FORMATS[name][1], vocab.PREFIXES)
        if name not in SOLUTION_FORMATS:
            raise UnsupportedFormatError(f"{name!r} is not a format for SELECT or ASK results")
        document = json.dumps(self._json_document(), ensure_ascii=False).encode()
        if name == "json":
            return document
        # pyoxigraph writes the other formats natively; it reads them from the JSON document
        # because it cannot serialise a list of solutions we cut at the row limit.
        reparsed = ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON)
        content = reparsed.serialize(format=SOLUTION_FORMATS[name][1])
        assert content is not None  # no output file was given, so pyoxigraph returns the bytes
        return content

    def _json_document(self) -> dict[str, object]:
        if self.kind == "ask":
            return {"head": {}, "boolean": self.boolean}
        bindings = [{var: term_json(row[var]) for var in self.variables if row[var] is not None} for row in self.rows]
        return {"head": {"vars": list(self.variables)}, "results": {"bindings": bindings}}

    def records(self) -> list[dict[str, str]]:
        """Return SELECT rows as plain dicts of variable to value (IRIs and lexical forms)."""
        return [{var: row[var].value for var in self.variables if row[var] is not None} for row in self.rows]


def term_json(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict[str, object]:
    """Encode one RDF term as in the SPARQL 1.1 JSON results format."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": term_json(term.subject),
                "predicate": term_json(term.predicate),
                "object": term_json(term.object),
            },
        }
    encoded: dict[str, object] = {"type": "literal", "value": term.value}
    if term.language:
        encoded["xml:lang"] = term.language
    elif term.datatype.value != vocab.PREFIXES["xsd"] + "string":
        encoded["datatype"] = term.datatype.value
    return encoded


class QueryTimeout(Exception):
    """A query that ran out of its time."""


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
    ) -> QueryResult:
        """Run a SPARQL query over the dataset SPARQL 1.1 says (see `evaluate`), keeping at most max_rows."""
        # With order_outside, a SELECT's top-level ORDER BY, LIMIT and OFFSET are applied in Python: the
        # retry for a query whose process the engine's sort aborted (see ordering.py).
        order_plan = ordering.plan(sparql) if order_outside else None
        text = order_plan.sparql if order_plan is not None else sparql
        try:
            answer = evaluate(self.dataset.store, text, default_graphs=default_graphs, named_graphs=named_graphs)
        except SyntaxError as error:
            raise syntax_error(error) from None
        if order_plan is None:
            return collect(answer, max_rows)
        assert isinstance(answer, ox.QuerySolutions)  # a plan is made for SELECT queries only
        variables = [variable.value for variable in answer.variables]
        rows = ordering.apply(order_plan, answer, variables)
        kept, truncated = _take(iter(rows), max_rows)
        shown = tuple(variable for variable in variables if variable not in order_plan.added)
        return QueryResult(kind="select", variables=shown, rows=kept, truncated=truncated)

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
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run a query on a store over the dataset SPARQL 1.1 says: the protocol's graphs, else the query's FROM, else all.

    Graphs given by the protocol (default-graph-uri, named-graph-uri: either may be empty) replace the
    query's FROM and FROM NAMED (Protocol §2.1.4); otherwise the query's own, if it has any, make the
    dataset (Query §13.2: FROM NAMED alone leaves the default graph empty, FROM alone names no graph);
    otherwise the default graph is the store's, which load_dataset makes the RDF merge of the named
    graphs, and every named graph can be queried with GRAPH.
    """
    if default_graphs is None and named_graphs is None:
        clauses = dataset_clauses(sparql)
        if clauses is None or len(set(clauses[0])) <= 1:
            return store.query(sparql)  # pyoxigraph honours a query's own FROM and FROM NAMED
        default, named = clauses
    else:
        default, named = tuple(default_graphs or ()), tuple(named_graphs or ())
    default, named = tuple(dict.fromkeys(default)), tuple(dict.fromkeys(named))
    available: list[ox.NamedNode | ox.BlankNode] = [ox.NamedNode(graph) for graph in named]
    if len(default) <= 1:
        return store.query(sparql, default_graph=[ox.NamedNode(graph) for graph in default], named_graphs=available)
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
    return scratch.query(sparql, default_graph=ox.DefaultGraph(), named_graphs=available)


_EMPTY = ox.Store()


def dataset_clauses(sparql: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """Return the IRIs a query's FROM and FROM NAMED clauses name, or None when it has neither."""
    # The clauses are found with the lexer `guard` reads queries with (FROM is a keyword nowhere
    # else), and their IRIs resolved by pyoxigraph itself, against the query's PREFIX and BASE.
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
    of several (oxigraph issue 1919). tests/graph/test_dataset.py pins both.
    """

    def __init__(self, url: str, timeout: float):
        self.url = url
        self.source: Source = RemoteEndpoint(url, timeout)
        self.version = self._version()

    def query(
        self,
        sparql: str,
        *,
        max_rows: int | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        timeout: float | None = None,
    ) -> QueryResult:
        """Run a SPARQL query on the endpoint (its default graph should be the RDF merge of all graphs)."""
        assert isinstance(self.source, RemoteEndpoint)
        try:
            answer = self.source.query(
                sparql, timeout=timeout, default_graphs=default_graphs, named_graphs=named_graphs
            )
        except EndpointRejected as error:
            raise positioned(str(error)) from None
        except EndpointTimeout as error:
            raise QueryTimeout(str(error)) from None
        return collect(answer, max_rows)

    def _version(self) -> str:
        # `stackatlas export` writes the dataset version into the data; a graph loaded some
        # other way is identified by its size.
        rows = select(self.source, _VERSION)
        for row in rows:
            return str(row["v"].value)
        count = next(iter(select(self.source, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"]
        return "remote-" + hashlib.sha256(f"{self.url} {count.value}".encode()).hexdigest()[:12]


_VERSION = f"SELECT ?v WHERE {{ <{vocab.DATASET}> <{vocab.PREFIXES['dct']}hasVersion> ?v }} LIMIT 1"


def collect(
    answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list[ox.Triple], max_rows: int | None
) -> QueryResult:
    """Turn a pyoxigraph answer into a QueryResult, stopping after max_rows items."""
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(kind="ask", boolean=bool(answer))
    if not isinstance(answer, ox.QuerySolutions):
        triples, truncated = _take(iter(answer), max_rows)
        return QueryResult(kind="graph", triples=triples, truncated=truncated)
    rows, truncated = _take(answer, max_rows)
    variables = tuple(variable.value for variable in answer.variables)
    return QueryResult(kind="select", variables=variables, rows=rows, truncated=truncated)


def _take(items: Iterator[_Item], limit: int | None) -> tuple[list[_Item], bool]:
    # Read at most `limit` items (all when None); say whether more were left unread.
    if limit is None:
        return list(items), False
    taken = list(itertools.islice(items, limit))
    return taken, next(items, None) is not None


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
