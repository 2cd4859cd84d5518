"""The knowledge graph as a networkx graph: resources are nodes, object properties are edges."""

from __future__ import annotations

import networkx as nx

from service.graph import vocab
from service.graph.engine import Source, select

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


def knowledge_network(store: Source) -> nx.MultiDiGraph:
    """Build a directed multigraph of every IRI-to-IRI statement, with labels and types on nodes."""
    # Ordered, so that an embedded and a remote store build the same graph (and ties between
    # equally short paths fall the same way).
    network = nx.MultiDiGraph()
    for row in select(store, _NODES):
        node = row["node"].value
        types = row["types"].value.split() if row["types"] is not None else []
        network.add_node(node, label=row["name"].value, types=" ".join(sorted(types)))
    for row in select(store, _EDGES):
        subject, predicate, obj = row["s"].value, row["p"].value, row["o"].value
        for node in (subject, obj):
            if node not in network:
                network.add_node(node, label=vocab.compact(node), types="")
        network.add_edge(subject, obj, key=predicate, predicate=vocab.compact(predicate))
    return network
