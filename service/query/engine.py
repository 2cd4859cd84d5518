"""Typed helpers to run the project's own queries on the default graph (the merge of all graphs), wherever it is."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol, TypeAlias

import pyoxigraph as ox

Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

# The datatypes of a plain and of a language-tagged literal, as the engine names them: this package runs any
# query and knows no vocabulary (service/vocab.py spells the project's IRIs), so the two W3C namespaces it
# needs, to compare and encode terms, are read from the engine rather than spelled again.
XSD_STRING: ox.NamedNode = ox.Literal("").datatype
RDF_LANG_STRING: ox.NamedNode = ox.Literal("", language="en").datatype
XSD: str = XSD_STRING.value.removesuffix("string")


class QueryService(Protocol):
    """Something that answers SPARQL elsewhere: a remote endpoint, or the killable query processes."""

    def query(
        self, sparql: str, iris: dict[str, str] | None = None
    ) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        """Run a query with the named variables bound to IRIs."""
        ...


# Where queries go: the embedded pyoxigraph store, a remote SPARQL endpoint, or the query processes.
Source: TypeAlias = ox.Store | QueryService


def as_substitutions(iris: Mapping[str, str] | None) -> dict[ox.Variable, Term] | None:
    """Return variables bound to IRIs as the engine's substitutions: values never spliced into a query's text."""
    return {ox.Variable(name): ox.NamedNode(iri) for name, iri in iris.items()} if iris else None


def reads_union(store: ox.Store) -> bool:
    """Say whether the store's default graph is read as the union of its named graphs: when it holds nothing.

    load_dataset either copies the named graphs into the default graph (their RDF merge, each triple
    once) or, when no triple sits in two graphs, leaves it empty: then pyoxigraph's union default graph
    is that merge exactly, without the copy (oxigraph issue 1919: the union counts a triple once per
    graph that holds it, so it is exact only for graphs that share no triple).
    """
    return next(store.quads_for_pattern(None, None, None, ox.DefaultGraph()), None) is None


def run(
    source: Source, sparql: str, iris: dict[str, str] | None = None
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list[ox.Triple]:
    """Run a query over the default graph (the RDF merge of all graphs), with the named variables bound to IRIs."""
    if isinstance(source, ox.Store):
        union = reads_union(source)
        return source.query(sparql, substitutions=as_substitutions(iris), use_default_graph_as_union=union)
    return source.query(sparql, iris)


def is_true(value: str | None) -> bool:
    """Read a boolean as SPARQL stores write it: "true" (or "1": Virtuoso writes EXISTS and comparisons as 1 or 0)."""
    return value in ("true", "1")


def select(source: Source, sparql: str, iris: dict[str, str] | None = None) -> ox.QuerySolutions:
    """Run a SELECT and return its solutions."""
    answer = run(source, sparql, iris)
    if not isinstance(answer, ox.QuerySolutions):
        raise TypeError("expected a SELECT query")
    return answer


def records(source: Source, sparql: str) -> list[dict[str, str]]:
    """Run a SELECT and return its rows as plain dicts of the bound variables' values."""
    solutions = select(source, sparql)
    names = [variable.value for variable in solutions.variables]
    return [{name: row[name].value for name in names if row[name] is not None} for row in solutions]


def construct(source: Source, sparql: str, iris: dict[str, str] | None = None) -> Iterable[ox.Triple]:
    """Run a CONSTRUCT or DESCRIBE and return its triples."""
    answer = run(source, sparql, iris)
    if isinstance(answer, ox.QuerySolutions | ox.QueryBoolean):
        raise TypeError("expected a CONSTRUCT or DESCRIBE query")
    return answer


def serialize(triples: object, rdf_format: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> bytes:
    """Serialise triples or quads to bytes in an RDF format; a store is written as its named graphs."""
    if isinstance(triples, ox.Store):
        # A store's default graph is the merge of its named graphs, derived at load: writing it too
        # would hand every claim twice to whoever loads the quads (and a union default graph over
        # them would count it once more).
        store = triples
        triples = (quad for graph in store.named_graphs() for quad in store.quads_for_pattern(None, None, None, graph))
    content = ox.serialize(triples, format=rdf_format, prefixes=prefixes)  # type: ignore[arg-type]
    assert content is not None  # no output file was given, so pyoxigraph returns the bytes
    return content
