"""One resource of the graph as linked data: what it says and what points to it, for /id/<slug>."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from service import vocab
from service.knowledge.catalog import Catalog, ref
from service.query.engine import Source, construct, select

# At most this many statements pointing to a resource are listed (a language is the object of hundreds).
MAX_INCOMING = 500

_OUT = (
    vocab.sparql_prefixes(("rdfs",))
    + """SELECT ?this ?p ?o ?g ?label WHERE {
  GRAPH ?g { ?this ?p ?o }
  OPTIONAL { ?o rdfs:label ?label }
} ORDER BY ?p ?o"""
)
_IN = (
    vocab.sparql_prefixes(("rdfs",))
    + f"""SELECT DISTINCT ?this ?s ?p ?label WHERE {{
  ?s ?p ?this . FILTER(isIRI(?s))
  OPTIONAL {{ ?s rdfs:label ?label }}
}} ORDER BY ?p ?s LIMIT {MAX_INCOMING}"""
)
_DESCRIBE = "CONSTRUCT { ?this ?p ?o . ?s ?q ?this } WHERE { { ?this ?p ?o } UNION { ?s ?q ?this } }"


@dataclass(frozen=True)
class Statements:
    """What the graph says about a resource, by compact predicate, each value with the source that says it."""

    label: str | None
    outgoing: dict[str, list[dict[str, Any]]]
    incoming: dict[str, list[dict[str, Any]]]

    @property
    def empty(self) -> bool:
        """Say whether the graph says nothing about the resource."""
        return not self.outgoing and not self.incoming


def description(source: Source, iri: str) -> list[ox.Triple]:
    """Return the triples about a resource and those pointing to it (its RDF document)."""
    return list(construct(source, _DESCRIBE, {"this": iri}))


def statements(source: Source, catalog: Catalog, iri: str) -> Statements:
    """Group what the graph says about a resource (and what points to it), sorted by predicate."""
    outgoing: dict[str, list[dict[str, Any]]] = defaultdict(list)
    incoming: dict[str, list[dict[str, Any]]] = defaultdict(list)
    label = None
    for row in select(source, _OUT, {"this": iri}):
        predicate, value, graph = row["p"].value, row["o"], row["g"].value
        if predicate == vocab.RDFS_LABEL and label is None:
            label = value.value
        outgoing[vocab.compact(predicate)].append(_value(value, row["label"], catalog.source_of(graph)))
    for row in select(source, _IN, {"this": iri}):
        incoming[vocab.compact(row["p"].value)].append(_value(row["s"], row["label"], None))
    return Statements(label, dict(sorted(outgoing.items())), dict(sorted(incoming.items())))


def _value(term: Any, label: Any, source: dict[str, Any] | None) -> dict[str, Any]:
    if isinstance(term, ox.Literal):
        return {"literal": term.value, "language": term.language, "source": source}
    entry: dict[str, Any] = {**ref(term.value, label.value if label is not None else None)}
    entry["local"] = vocab.slug_of(term.value) is not None
    entry["source"] = source
    return entry
