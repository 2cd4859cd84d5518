"""The knowledge graph as a networkx graph: resources are nodes, object properties are edges."""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx

from service import vocab
from service.query.engine import Source, select

_EDGES = (
    vocab.sparql_prefixes(("rdf", "rdfs", "skos", "sa"))
    + """
SELECT DISTINCT ?s ?p ?o WHERE {
  ?s ?p ?o .
  FILTER(isIRI(?o) && ?p != rdf:type && ?p != skos:inScheme && ?p != skos:topConceptOf)
}
ORDER BY ?s ?p ?o"""
)
_NODES = (
    vocab.sparql_prefixes(("rdfs", "sa"))
    + """
SELECT ?node (MIN(?label) AS ?name) (GROUP_CONCAT(DISTINCT STR(?type); separator=" ") AS ?types)
WHERE { ?node rdfs:label ?label . OPTIONAL { ?node a ?type } }
GROUP BY ?node
ORDER BY ?node"""
)


def knowledge_network(store: Source, predicates: Sequence[str] | None = None) -> nx.MultiDiGraph:
    """Build a directed multigraph of the IRI-to-IRI statements (all, or some predicates'), with labels and types."""
    # Ordered, so that an embedded and a remote store build the same graph (and ties between
    # equally short paths fall the same way).
    network = nx.MultiDiGraph()
    for row in select(store, _NODES):
        node = row["node"].value
        types = row["types"].value.split() if row["types"] is not None else []
        network.add_node(node, label=row["name"].value, types=" ".join(sorted(types)))
    edges = _EDGES
    if predicates is not None:
        # Only what the caller keeps: a remote store sends a fraction of the rows (the path finder's
        # predicates are about a tenth of the graph's IRI-to-IRI statements).
        values = " ".join(f"<{predicate}>" for predicate in predicates)
        edges = _EDGES.replace("WHERE {\n", f"WHERE {{\n  VALUES ?p {{ {values} }}\n", 1)
    for row in select(store, edges):
        subject, predicate, obj = row["s"].value, row["p"].value, row["o"].value
        for node in (subject, obj):
            if node not in network:
                network.add_node(node, label=vocab.compact(node), types="")
        network.add_edge(subject, obj, key=predicate, predicate=vocab.compact(predicate))
    return network
