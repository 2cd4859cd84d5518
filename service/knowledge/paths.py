"""Connections between two resources: the k shortest paths through the knowledge network."""

from __future__ import annotations

import itertools

import networkx as nx

from service import vocab
from service.knowledge.answers import PathStep
from service.knowledge.catalog import ref
from service.knowledge.network import knowledge_network
from service.query.engine import Source, select

# The statements a path may follow, most telling first (when two resources are linked by several,
# the first one here names the step). Derived shortcuts such as sa:hasAssessment, provenance links
# and similarity are left out: a path should read as facts about the frameworks.
_PATH_PROPERTIES = (
    "language",
    "builtOn",
    "runsOn",
    "partOf",
    "suitedFor",
    "style",
    "hasFeature",
    "recommendedFor",
    "hasPro",
    "hasCon",
    "aspect",
)
PATH_PREDICATES: tuple[str, ...] = (
    *(vocab.ONTOLOGY + name for name in _PATH_PROPERTIES),
    vocab.PREFIXES["skos"] + "broader",
)
_RANK = {predicate: rank for rank, predicate in enumerate(PATH_PREDICATES)}
MAX_PATHS = 10
MAX_CANDIDATES = 500  # paths of the shortest lengths ranked before k are chosen


class PathFinder:
    """The network of facts between resources, built once per dataset, and paths through it."""

    def __init__(self, store: Source):
        full = knowledge_network(store, PATH_PREDICATES)
        self.labels: dict[str, str] = {node: data["label"] for node, data in full.nodes(data=True)}
        self.predicate_labels = _predicate_labels(store)
        self.graph = nx.Graph()
        for subject, obj, predicate in full.edges(keys=True):
            if predicate not in _RANK or subject == obj:
                continue
            current = self.graph.get_edge_data(subject, obj)
            if current is None or _RANK[predicate] < _RANK[current["predicate"]]:
                self.graph.add_edge(subject, obj, predicate=predicate, subject=subject)

    def __contains__(self, iri: str) -> bool:
        return iri in self.graph

    def paths(self, source: str, target: str, k: int = 3) -> list[list[PathStep]]:
        """Return up to k shortest paths as [node, edge, node, ...], each edge with its direction."""
        if source not in self.graph or target not in self.graph or source == target:
            return []
        wanted = min(k, MAX_PATHS)
        # Among paths of equal length, prefer those through the most telling statements
        # (Flask → Python → Django before Flask → Beginners → Django): so every path as short as the k-th
        # is a candidate, not only the first few networkx happens to yield (up to MAX_CANDIDATES).
        candidates: list[list[str]] = []
        try:
            for path in nx.shortest_simple_paths(self.graph, source, target):
                if len(candidates) >= wanted and len(path) > len(candidates[wanted - 1]):
                    break
                candidates.append(path)
                if len(candidates) >= MAX_CANDIDATES:
                    break
        except nx.NetworkXNoPath:
            return []
        candidates.sort(key=lambda path: (len(path), sorted(self._ranks(path)), path))
        return [self._describe(path) for path in candidates[:wanted]]

    def _ranks(self, path: list[str]) -> list[int]:
        return [_RANK[self.graph.edges[a, b]["predicate"]] for a, b in itertools.pairwise(path)]

    def _describe(self, path: list[str]) -> list[PathStep]:
        steps: list[PathStep] = [self._node(path[0])]
        for here, there in itertools.pairwise(path):
            edge = self.graph.edges[here, there]
            predicate = edge["predicate"]
            steps.append(
                {
                    "predicate": vocab.compact(predicate),
                    "label": self.predicate_labels.get(predicate, vocab.compact(predicate)),
                    "direction": "forward" if edge["subject"] == here else "backward",
                }
            )
            steps.append(self._node(there))
        return steps

    def _node(self, iri: str) -> PathStep:
        named = ref(iri, self.labels.get(iri))
        return {"id": named["id"], "label": named["label"], "iri": named["iri"]}


def _predicate_labels(store: Source) -> dict[str, str]:
    values = " ".join(f"<{p}>" for p in PATH_PREDICATES)
    query = vocab.sparql_prefixes(("rdfs",)) + (
        f"SELECT ?p ?label WHERE {{ VALUES ?p {{ {values} }} ?p rdfs:label ?label }}"
    )
    labels = {row["p"].value: row["label"].value for row in select(store, query)}
    labels.setdefault(vocab.PREFIXES["skos"] + "broader", "has broader")
    return labels
