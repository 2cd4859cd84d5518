"""Explainable similarity between frameworks, and clusters of them (networkx).

Each framework is described by typed attributes read from the graph: its languages, the platform
it is built on or runs on (a runtime counts as its own platform, so Express and Node.js share
Node.js), its use cases and their broader use cases, the aspects it is praised or criticised for,
the audiences it is recommended to, its features and its style. Two frameworks are as similar as
the weighted Jaccard index of their attributes: the weight of what they share over the weight of
what either has. Every point of the score is an attribute a person can read ("both Python").
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import networkx as nx
import numpy as np
import pyoxigraph as ox
from scipy import sparse

from service.graph import vocab
from service.graph.engine import Source, select

# How much sharing each kind of attribute counts. The one place to tune similarity.
WEIGHTS: dict[str, float] = {
    "language": 3.0,
    "platform": 3.0,
    "style": 2.0,
    "use_case": 2.0,
    "broader_use_case": 1.0,
    "audience": 1.5,
    "pro": 1.0,
    "con": 1.0,
    "feature": 1.0,
}
# How a shared attribute reads, by kind.
PHRASES: dict[str, str] = {
    "language": "both {label}",
    "platform": "both on the {label} platform",
    "style": "both {label}",
    "use_case": "both suited to {label}",
    "broader_use_case": "both suited to {label} (in general)",
    "audience": "both recommended for {label}",
    "pro": "both praised for {label}",
    "con": "both criticised for {label}",
    "feature": "both have {label}",
}
# The SPARQL path from a framework to an attribute of each kind: used to read attributes, and
# by anyone who wants to check a reason against the graph.
PATHS: dict[str, str] = {
    "language": "sa:language",
    "platform": "sa:builtOn|sa:runsOn",
    "style": "sa:style",
    "use_case": "sa:suitedFor",
    "broader_use_case": "sa:suitedFor/skos:broaderTransitive",
    "audience": "sa:recommendedFor",
    "pro": "sa:hasPro/sa:aspect",
    "con": "sa:hasCon/sa:aspect",
    "feature": "sa:hasFeature",
}
# What makes each reason true of a framework: as PATHS, except that a runtime is on its own platform.
EVIDENCE_PATHS: dict[str, str] = {**PATHS, "platform": "(sa:builtOn|sa:runsOn)?"}
TOP_K_AS_DATA = 5  # similar frameworks per framework written into the graph
MAX_FRAMEWORKS_AS_DATA = 5000  # beyond this, similarity stays in the API and is not materialised
CLUSTER_NEIGHBOURS = 5  # edges per framework in the graph that clusters are found in
SEED = 42

Attribute = tuple[str, str]  # (kind, IRI)


@dataclass(frozen=True)
class Match:
    """A framework similar to another: the score and, in words, what they share and where they differ."""

    iri: str
    slug: str
    label: str
    score: float
    shared: tuple[str, ...]
    different: tuple[str, ...]
    shared_attributes: tuple[Attribute, ...]

    def as_json(self) -> dict[str, object]:
        """Describe the match for the API."""
        return {
            "id": self.slug,
            "label": self.label,
            "iri": self.iri,
            "score": self.score,
            "shared": list(self.shared),
            "different": list(self.different),
        }


@dataclass(frozen=True)
class Cluster:
    """Frameworks that belong together, labelled by what most of them share."""

    id: str
    label: str
    members: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        """Describe the cluster for the API."""
        return {"id": self.id, "label": self.label, "members": list(self.members)}


class SimilarityIndex:
    """Attributes of every framework, indexed by attribute so that neighbours are found without all pairs."""

    def __init__(self, attributes: dict[str, set[Attribute]], labels: dict[str, str]):
        self.attributes = attributes
        self.labels = labels
        self.frameworks = sorted(attributes, key=self._by_label)
        self.row = {framework: number for number, framework in enumerate(self.frameworks)}
        columns = {
            attribute: n for n, attribute in enumerate(sorted({a for attrs in attributes.values() for a in attrs}))
        }
        # A frameworks-by-attributes matrix, 1 where a framework has an attribute; the weighted overlap of
        # one framework with all others is then one sparse matrix-vector product.
        rows, cols = [], []
        for framework in self.frameworks:
            for attribute in attributes[framework]:
                rows.append(self.row[framework])
                cols.append(columns[attribute])
        shape = (len(self.frameworks), len(columns))
        self.matrix = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
        weights = np.array([WEIGHTS[kind] for kind, _ in sorted(columns, key=columns.__getitem__)], dtype=float)
        self.weighted = self.matrix.multiply(weights).tocsr() if len(columns) else self.matrix
        self.mass = np.asarray(self.weighted.sum(axis=1)).ravel()
        self._clusters: list[Cluster] | None = None

    def _by_label(self, iri: str) -> tuple[str, str]:
        return (self.labels.get(iri, iri).casefold(), iri)

    @classmethod
    def build(cls, source: Source) -> SimilarityIndex:
        """Read every framework's attributes from the graph."""
        attributes: dict[str, set[Attribute]] = defaultdict(set)
        labels: dict[str, str] = {}
        for row in select(source, _LABELS):
            labels[row["x"].value] = row["label"].value
            if row["framework"] is not None:
                attributes[row["x"].value]  # every framework is present, even with no attribute
        for kind, path in PATHS.items():
            query = vocab.sparql_prefixes(("sa", "skos")) + (
                f"SELECT DISTINCT ?f ?a WHERE {{ ?f a sa:Framework ; {path} ?a . FILTER(isIRI(?a)) }}"
            )
            for row in select(source, query):
                attributes[row["f"].value].add((kind, row["a"].value))
        # A runtime is its own platform: what is built on Node.js shares that with Node.js.
        for row in select(source, _RUNTIMES):
            attributes[row["f"].value].add(("platform", row["f"].value))
        return cls(dict(attributes), labels)

    def score(self, a: str, b: str) -> float:
        """Return the weighted Jaccard similarity of two frameworks (0 to 1)."""
        shared = sum(WEIGHTS[kind] for kind, _ in self.attributes[a] & self.attributes[b])
        union = self.mass[self.row[a]] + self.mass[self.row[b]] - shared
        return float(shared / union) if union else 0.0

    def scores(self, iri: str) -> np.ndarray[Any, np.dtype[np.float64]]:
        """Return the similarity of one framework to every framework (itself set to -1)."""
        here = self.row[iri]
        overlap = np.asarray(self.weighted @ self.matrix[here].T.toarray()).ravel()
        union = self.mass[here] + self.mass - overlap
        scores = np.divide(overlap, union, out=np.zeros_like(overlap), where=union > 0)
        scores[here] = -1.0
        return np.asarray(scores, dtype=float)

    def similar(self, slug: str, k: int = 5) -> list[Match]:
        """Return the k frameworks most similar to one, best first, each with its reasons."""
        iri = vocab.iri_for(slug)
        if iri not in self.row:
            raise KeyError(slug)
        scores = self.scores(iri)
        return [self._match(iri, self.frameworks[n], float(scores[n])) for n in _best(scores, k)]

    def _match(self, iri: str, other: str, score: float) -> Match:
        mine, theirs = self.attributes[iri], self.attributes[other]
        shared = sorted(mine & theirs, key=self._order)
        only_mine = sorted(mine - theirs, key=self._order)[:4]
        only_theirs = sorted(theirs - mine, key=self._order)[:4]
        me, them = self.labels.get(iri, iri), self.labels.get(other, other)
        return Match(
            iri=other,
            slug=vocab.slug_of(other) or other,
            label=them,
            score=round(score, 4),
            shared=tuple(self.phrase(attribute) for attribute in shared),
            different=tuple(
                [f"only {them}: {self._bare(a)}" for a in only_theirs]
                + [f"only {me}: {self._bare(a)}" for a in only_mine]
            ),
            shared_attributes=tuple(shared),
        )

    def _order(self, attribute: Attribute) -> tuple[float, str, str]:
        kind, iri = attribute
        return (-WEIGHTS[kind], str(list(WEIGHTS).index(kind)), self.labels.get(iri, iri).casefold())

    def phrase(self, attribute: Attribute) -> str:
        """Say a shared attribute in words ("both suited to APIs")."""
        kind, iri = attribute
        return PHRASES[kind].format(label=self.labels.get(iri, vocab.compact(iri)))

    def _bare(self, attribute: Attribute) -> str:
        return self.phrase(attribute).removeprefix("both ")

    def clusters(self) -> list[Cluster]:
        """Return communities of frameworks (Louvain, fixed seed): every framework in exactly one."""
        if self._clusters is None:
            self._clusters = self._find_clusters()
        return self._clusters

    def _find_clusters(self) -> list[Cluster]:
        graph = nx.Graph()
        graph.add_nodes_from(self.frameworks)
        for framework in self.frameworks:
            scores = self.scores(framework)
            for n in _best(scores, CLUSTER_NEIGHBOURS):
                graph.add_edge(framework, self.frameworks[n], weight=float(scores[n]))
        communities = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
        ordered = sorted(
            (sorted(c, key=self.frameworks.index) for c in communities), key=lambda c: self.frameworks.index(c[0])
        )
        return [
            Cluster(
                id=f"cluster-{number}",
                label=self._cluster_label(members),
                members=tuple(vocab.slug_of(m) or m for m in members),
            )
            for number, members in enumerate(ordered, 1)
        ]

    def _cluster_label(self, members: list[str]) -> str:
        # The two attributes held by most members (at least half), heaviest kinds first.
        counts = Counter(attribute for member in members for attribute in self.attributes[member])
        common = [a for a, n in counts.items() if n >= max(2, math.ceil(len(members) / 2))]
        common.sort(key=lambda a: (-counts[a] * WEIGHTS[a[0]], self._order(a)))
        names = list(dict.fromkeys(self.labels.get(iri, vocab.compact(iri)) for _, iri in common))[:2]
        if not names:
            return " · ".join(self.labels.get(m, m) for m in members[:2])
        return " · ".join(names)

    def quads(self, graph: str, k: int = TOP_K_AS_DATA) -> list[ox.Quad]:
        """Return similarity as triples: each framework's top k with sa:similarTo, and a scored node per pair."""
        if len(self.frameworks) > MAX_FRAMEWORKS_AS_DATA:
            return []
        target = ox.NamedNode(graph)
        sa = vocab.ONTOLOGY
        similar_to, between = ox.NamedNode(sa + "similarTo"), ox.NamedNode(sa + "between")
        score_of, shares = ox.NamedNode(sa + "score"), ox.NamedNode(sa + "sharedAttribute")
        quads: list[ox.Quad] = []
        pairs: set[tuple[str, str]] = set()
        for framework in self.frameworks:
            for match in self.similar(vocab.slug_of(framework) or framework, k):
                quads.append(ox.Quad(ox.NamedNode(framework), similar_to, ox.NamedNode(match.iri), target))
                pair = tuple(sorted((framework, match.iri)))
                if pair in pairs:
                    continue
                pairs.add(pair)  # type: ignore[arg-type]
                node = ox.NamedNode(vocab.iri_for("similarity/" + "--".join(vocab.slug_of(p) or p for p in pair)))
                quads += [
                    ox.Quad(node, ox.NamedNode(vocab.RDF_TYPE), ox.NamedNode(sa + "Similarity"), target),
                    ox.Quad(node, between, ox.NamedNode(pair[0]), target),
                    ox.Quad(node, between, ox.NamedNode(pair[1]), target),
                    ox.Quad(node, score_of, ox.Literal(str(Decimal(str(match.score))), datatype=_DECIMAL), target),
                ]
                quads += [ox.Quad(node, shares, ox.NamedNode(iri), target) for _, iri in match.shared_attributes]
        return quads

    def markdown_table(self, k: int = 3) -> str:
        """Return a Markdown table: each framework and its k most similar, with scores."""
        lines = ["| framework | most similar (score) |", "|---|---|"]
        for framework in self.frameworks:
            slug = vocab.slug_of(framework) or framework
            best = ", ".join(f"{m.label} ({m.score:.2f})" for m in self.similar(slug, k))
            lines.append(f"| {self.labels.get(framework, slug)} | {best} |")
        return "\n".join(lines)


def _best(scores: np.ndarray[Any, np.dtype[np.float64]], k: int) -> list[int]:
    """Return the rows of the k highest positive scores, ties broken by row (label) order so answers are stable."""
    k = min(k, len(scores) - 1)
    if k <= 0:
        return []
    pool = k * 4 + 8  # enough candidates around the k-th score to order ties by label
    candidates = np.argpartition(-scores, pool - 1)[:pool] if len(scores) > pool else np.arange(len(scores))
    ranked = sorted(candidates.tolist(), key=lambda n: (-round(float(scores[n]), 12), n))
    return [n for n in ranked[:k] if scores[n] > 0]


_DECIMAL = ox.NamedNode(vocab.PREFIXES["xsd"] + "decimal")
_LABELS = (
    vocab.sparql_prefixes(("sa", "rdfs"))
    + """
SELECT ?x (SAMPLE(?l) AS ?label) (SAMPLE(?f) AS ?framework) WHERE {
  ?x rdfs:label ?l .
  OPTIONAL { ?x a sa:Framework BIND(?x AS ?f) }
} GROUP BY ?x"""
)
_RUNTIMES = vocab.sparql_prefixes(("sa",)) + "SELECT ?f WHERE { ?f a sa:Framework , sa:Runtime }"
