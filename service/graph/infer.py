"""Materialise the inferences queries rely on, as SPARQL rules run to a fixpoint."""

from __future__ import annotations

import pyoxigraph as ox

from service.graph import vocab
from service.graph.engine import select

_P = vocab.sparql_prefixes(("rdf", "rdfs", "owl", "skos", "sa"))

# Each rule selects quads (?g ?s ?p ?o) to add. Rules that derive a triple from one claim write
# it into that claim's graph, so provenance survives inference; closures over the whole
# vocabulary go to the inferred graph.
RULES: dict[str, str] = {
    "types from rdfs:subClassOf and owl:equivalentClass": _P
    + """SELECT DISTINCT ?g ?s (rdf:type AS ?p) ?o WHERE {
  GRAPH ?g { ?s a ?c }
  ?c (rdfs:subClassOf|owl:equivalentClass|^owl:equivalentClass)+ ?o .
  FILTER(isIRI(?o) && ?o != ?c)
  FILTER NOT EXISTS { GRAPH ?g { ?s a ?o } }
}""",
    "super-properties from rdfs:subPropertyOf": _P
    + """SELECT DISTINCT ?g ?s ?p ?o WHERE {
  ?q rdfs:subPropertyOf+ ?p .
  FILTER(isIRI(?p) && ?p != ?q)
  GRAPH ?g { ?s ?q ?o }
  FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } }
}""",
    "skos:broaderTransitive closure": _P
    + f"""SELECT DISTINCT (<{vocab.INFERRED_GRAPH}> AS ?g) ?s (skos:broaderTransitive AS ?p) ?o
WHERE {{
  ?s skos:broader+ ?o .
  FILTER NOT EXISTS {{ ?s skos:broaderTransitive ?o }}
}}""",
    "sa:recommendedFor from each recommendation": _P
    + """SELECT DISTINCT ?g ?s (sa:recommendedFor AS ?p) ?o WHERE {
  GRAPH ?g { ?r sa:recommends ?s ; sa:forAudience ?o }
  FILTER NOT EXISTS { GRAPH ?g { ?s sa:recommendedFor ?o } }
}""",
}

MAX_ROUNDS = 10


def materialise(store: ox.Store) -> int:
    """Add the triples the rules infer until nothing new appears; return how many were added."""
    added = 0
    for _ in range(MAX_ROUNDS):
        new: list[ox.Quad] = []
        for rule in RULES.values():
            for row in select(store, rule):
                new.append(ox.Quad(row["s"], row["p"], row["o"], row["g"]))
        if not new:
            return added
        store.extend(new)
        added += len(new)
    return added
