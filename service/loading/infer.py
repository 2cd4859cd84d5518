"""Materialise the inferences queries rely on, as SPARQL rules run to a fixpoint inside the store."""

from __future__ import annotations

import pyoxigraph as ox

from service import vocab

_P = vocab.sparql_prefixes(("rdf", "rdfs", "owl", "skos", "sa"))

# Rules that derive a triple from one claim write it into that claim's graph, so provenance
# survives inference; closures over the whole vocabulary go to the inferred graph.
#
# The rules are SPARQL updates, so a million-triple graph is inferred inside the engine without a
# row crossing into Python. An update's WHERE reads the store's real default graph, which is empty
# until load_dataset merges the named graphs into it (after inference), so each rule names its
# graphs; the vocabulary's hierarchies, which may span files, are first closed over the union (they
# are small) and handed to the rule as VALUES.
_CLOSURES: dict[str, str] = {
    "classes": _P
    + """SELECT DISTINCT ?sub ?super WHERE {
  ?sub (rdfs:subClassOf|owl:equivalentClass|^owl:equivalentClass)+ ?super .
  FILTER(isIRI(?sub) && isIRI(?super) && ?sub != ?super)
}""",
    "properties": _P
    + """SELECT DISTINCT ?sub ?super WHERE {
  ?sub rdfs:subPropertyOf+ ?super .
  FILTER(isIRI(?sub) && isIRI(?super) && ?sub != ?super)
}""",
    "broader": _P
    + """SELECT DISTINCT ?sub ?super WHERE {
  ?sub skos:broader+ ?super .
  FILTER(isIRI(?sub) && isIRI(?super) && ?sub != ?super)
}""",
}

# The rules, in the order one pass runs them: "skos:broaderTransitive closure", "sa:recommendedFor
# from each recommendation", "super-properties from rdfs:subPropertyOf", "types from rdfs:subClassOf
# and owl:equivalentClass". Closures are transitive, so each rule is complete in one run; only the
# super-property rule can feed a rule before it, and then the pass repeats (see `materialise`).
_RULES: dict[str, str] = {
    "broader": f"INSERT {{ GRAPH <{vocab.INFERRED_GRAPH}> {{ ?sub skos:broaderTransitive ?super }} }} "
    "WHERE { VALUES (?sub ?super) { %s } }",
    "recommended_for": "INSERT { GRAPH ?g { ?s sa:recommendedFor ?o } } "
    "WHERE { GRAPH ?g { ?r sa:recommends ?s ; sa:forAudience ?o } }",
    "properties": "INSERT { GRAPH ?g { ?s ?super ?o } } WHERE { VALUES (?sub ?super) { %s } GRAPH ?g { ?s ?sub ?o } }",
    "classes": "INSERT { GRAPH ?g { ?s a ?super } } WHERE { VALUES (?sub ?super) { %s } GRAPH ?g { ?s a ?sub } }",
}
# What the rules before "properties" read: if a super-property is one of these, the pass repeats.
_READ_BEFORE_PROPERTIES = frozenset(
    (vocab.PREFIXES["skos"] + "broader", vocab.ONTOLOGY + "recommends", vocab.ONTOLOGY + "forAudience")
)

MAX_ROUNDS = 10


def materialise(store: ox.Store) -> None:
    """Add the triples the rules infer until nothing new appears."""
    for _ in range(MAX_ROUNDS):
        pairs = {name: list(_union_select(store, query)) for name, query in _CLOSURES.items()}
        supers = {row["super"].value for row in pairs["properties"]}
        repeat = bool(supers & _READ_BEFORE_PROPERTIES)
        before = len(store) if repeat else 0  # counting a big store takes a while: only when it matters
        for name, rule in _RULES.items():
            if name not in pairs:
                store.update(_P + rule)
            elif pairs[name]:
                store.update(_P + rule % " ".join(f"({row['sub']} {row['super']})" for row in pairs[name]))
        if not repeat or len(store) == before:
            return


def _union_select(store: ox.Store, query: str) -> ox.QuerySolutions:
    # The closures read every graph. A union default graph counts a triple once per graph holding
    # it (and counts the merged default graph too, when materialise runs again after the merge), but
    # each closure is SELECT DISTINCT, so the pairs are the same.
    answer = store.query(query, use_default_graph_as_union=True)
    assert isinstance(answer, ox.QuerySolutions)
    return answer
