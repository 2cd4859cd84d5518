"""Typed helpers over pyoxigraph for the project's own queries on the union of all graphs."""

from __future__ import annotations

import pyoxigraph as ox


def _substitutions(
    iris: dict[str, str] | None,
) -> dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] | None:
    # Values reach a query as bound variables, never as text spliced into it.
    return {ox.Variable(name): ox.NamedNode(iri) for name, iri in iris.items()} if iris else None


def select(store: ox.Store, sparql: str, iris: dict[str, str] | None = None) -> ox.QuerySolutions:
    """Run a SELECT over the union of all graphs, with variables bound to IRIs, and return its solutions."""
    answer = store.query(sparql, use_default_graph_as_union=True, substitutions=_substitutions(iris))
    if not isinstance(answer, ox.QuerySolutions):
        raise TypeError("expected a SELECT query")
    return answer


def construct(store: ox.Store, sparql: str, iris: dict[str, str] | None = None) -> ox.QueryTriples:
    """Run a CONSTRUCT or DESCRIBE over the union of all graphs, with variables bound to IRIs."""
    answer = store.query(sparql, use_default_graph_as_union=True, substitutions=_substitutions(iris))
    if not isinstance(answer, ox.QueryTriples):
        raise TypeError("expected a CONSTRUCT or DESCRIBE query")
    return answer


def serialize(triples: object, rdf_format: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> bytes:
    """Serialise triples or quads to bytes in an RDF format."""
    content = ox.serialize(triples, format=rdf_format, prefixes=prefixes)  # type: ignore[arg-type]
    assert content is not None  # no output file was given, so pyoxigraph returns the bytes
    return content
