"""Typed helpers to run the project's own queries on the union of all graphs, wherever the graph is."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeAlias

import pyoxigraph as ox

from service.graph.remote import RemoteEndpoint

# Where queries go: the embedded pyoxigraph store, or a remote SPARQL endpoint.
Source: TypeAlias = ox.Store | RemoteEndpoint
Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def _substitutions(iris: dict[str, str] | None) -> dict[ox.Variable, Term] | None:
    # Values reach a query as bound variables, never as text spliced into it.
    return {ox.Variable(name): ox.NamedNode(iri) for name, iri in iris.items()} if iris else None


def run(
    source: Source, sparql: str, iris: dict[str, str] | None = None
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list[ox.Triple]:
    """Run a query over the union of all graphs, with the named variables bound to IRIs."""
    if isinstance(source, ox.Store):
        return source.query(sparql, use_default_graph_as_union=True, substitutions=_substitutions(iris))
    return source.query(sparql, iris)


def select(source: Source, sparql: str, iris: dict[str, str] | None = None) -> ox.QuerySolutions:
    """Run a SELECT and return its solutions."""
    answer = run(source, sparql, iris)
    if not isinstance(answer, ox.QuerySolutions):
        raise TypeError("expected a SELECT query")
    return answer


def construct(source: Source, sparql: str, iris: dict[str, str] | None = None) -> Iterable[ox.Triple]:
    """Run a CONSTRUCT or DESCRIBE and return its triples."""
    answer = run(source, sparql, iris)
    if isinstance(answer, ox.QuerySolutions | ox.QueryBoolean):
        raise TypeError("expected a CONSTRUCT or DESCRIBE query")
    return answer


def serialize(triples: object, rdf_format: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> bytes:
    """Serialise triples or quads to bytes in an RDF format."""
    content = ox.serialize(triples, format=rdf_format, prefixes=prefixes)  # type: ignore[arg-type]
    assert content is not None  # no output file was given, so pyoxigraph returns the bytes
    return content
