"""Explainable similarity between frameworks; clusters of them are found in similarity_clusters.py (networkx).

Each framework is described by typed attributes read from the graph: its languages, the platform
it is built on or runs on (a runtime counts as its own platform, so Express and Node.js share
Node.js), its use cases and their broader use cases, the aspects it is praised or criticised for,
the audiences it is recommended to, its features and its style; and, from the public benchmark
datasets, TechEmpower's class of it, the platforms, ORM classes, databases and web servers its
benchmark set-ups use. Two frameworks are as similar as
the weighted Jaccard index of their attributes: the weight of what they share over the weight of
what either has. Every point of the score is an attribute a person can read ("both Python").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from service import vocab
from service.knowledge.answers import ClusterShape, SimilarMatch, UnclusteredShape
from service.knowledge.similarity_scores import Scores, all_neighbours, best_rows
from service.query.engine import Source, select

# How much sharing each kind of attribute counts. The one place to tune similarity.
# What matters to a choice counts most: the language, the platform it is built on or runs on, its kind
# (framework, library, server, runtime), style, use cases and features. The public datasets' set-ups
# describe how a benchmark was run more than the framework: TechEmpower's class and the set-up's platform
# say a little, the ORM class, database and web server almost nothing, so they only break ties.
WEIGHTS: dict[str, float] = {
    "language": 3.0,
    "platform": 3.0,
    "kind": 2.0,
    "style": 2.0,
    "use_case": 2.0,
    "feature": 1.5,
    "audience": 1.5,
    "broader_use_case": 1.0,
    "pro": 1.0,
    "con": 1.0,
    "benchmark_class": 0.5,
    "benchmark_platform": 0.5,
    "benchmark_orm": 0.25,
    "benchmark_database": 0.1,
    "benchmark_server": 0.1,
}
# The kinds that describe a framework as a person would (not its language, nor a benchmark set-up): a
# framework with fewer than DESCRIBED_BY of these is known too little to name alternatives to or to
# propose as one, and is left out of the clusters.
DESCRIPTIVE_KINDS = frozenset({"style", "use_case", "feature", "audience", "pro", "con"})
DESCRIBED_BY = 2
# How a shared attribute reads, by kind.
PHRASES: dict[str, str] = {
    "language": "both {label}",
    "kind": "both a {label}",
    "platform": "both on the {label} platform",
    "style": "both {label}",
    "benchmark_class": "both in TechEmpower's {label} class",
    "use_case": "both suited to {label}",
    "audience": "both recommended for {label}",
    "benchmark_platform": "both benchmarked on {label}",
    "broader_use_case": "both suited to {label} (in general)",
    "pro": "both praised for {label}",
    "con": "both criticised for {label}",
    "feature": "both have {label}",
    "benchmark_orm": "both benchmarked with {label}",
    "benchmark_database": "both benchmarked with {label}",
    "benchmark_server": "both benchmarked on the {label} server",
}
# How an attribute one framework has and the other lacks reads ("only Flask: has Routing"), where
# dropping "both " from its phrase would not be English.
ONLY_PHRASES: dict[str, str] = {"feature": "has {label}", "kind": "a {label}"}
# How an attribute reads in a cluster's label, where a bare label would be ambiguous.
CLUSTER_NAMES: dict[str, str] = {
    "audience": "for {label}",
    "benchmark_class": "{label} (TechEmpower)",
    "pro": "praised for {label}",
    "con": "criticised for {label}",
}
CLUSTER_SHARE = 0.8  # a cluster's label names only attributes that at least this share of its members hold
# The SPARQL path from a framework to an attribute of each kind: used to read attributes, and
# by anyone who wants to check a reason against the graph.
PATHS: dict[str, str] = {
    "language": "sa:language",
    "kind": "sa:kind",
    "platform": "sa:builtOn|sa:runsOn",
    "style": "sa:style",
    "benchmark_class": "sa:benchmarkClassification",
    "use_case": "sa:suitedFor",
    "audience": "sa:recommendedFor",
    "benchmark_platform": "sa:benchmarkedPlatform",
    "broader_use_case": "sa:suitedFor/skos:broaderTransitive",
    "pro": "sa:hasPro/sa:aspect",
    "con": "sa:hasCon/sa:aspect",
    "feature": "sa:hasFeature",
    "benchmark_orm": "sa:benchmarkedOrm",
    "benchmark_database": "sa:benchmarkedWith",
    "benchmark_server": "sa:benchmarkedOn",
}
# What makes each reason true of a framework: as PATHS, except that a runtime is on its own platform.
EVIDENCE_PATHS: dict[str, str] = {**PATHS, "platform": "(sa:builtOn|sa:runsOn)?"}
TOP_K_AS_DATA = 5  # similar frameworks per framework written into the graph
MAX_FRAMEWORKS_AS_DATA = 5000  # beyond this, similarity stays in the API and is not materialised
CLUSTER_NEIGHBOURS = 5  # edges per framework in the graph that clusters are found in
CROSS_LANGUAGE = 0.1  # how much an edge between frameworks of no common language counts when clustering
CLUSTER_RESOLUTION = 1.6  # Louvain resolution: above 1 favours smaller communities, which more attributes describe
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

    def as_json(self) -> SimilarMatch:
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
    """Frameworks that belong together, labelled by what most of them share (or, failing that, by name)."""

    id: str
    label: str
    members: tuple[str, ...]
    named: tuple[Attribute, ...] = ()  # the attributes the label names; empty when it names members

    def as_json(self) -> ClusterShape:
        """Describe the cluster for the API."""
        return {"id": self.id, "label": self.label, "members": list(self.members)}


@dataclass(frozen=True)
class Unclustered:
    """The frameworks no cluster holds, and why."""

    reason: str
    members: tuple[str, ...]

    def as_json(self) -> UnclusteredShape:
        """Describe them for the API."""
        return {"reason": self.reason, "members": list(self.members)}


class SimilarityIndex:
    """Attributes of every framework, indexed by attribute so that neighbours are found without all pairs."""

    def __init__(
        self,
        attributes: dict[str, set[Attribute]],
        labels: dict[str, str],
        related: frozenset[frozenset[str]] = frozenset(),
        not_frameworks: frozenset[str] = frozenset(),
    ):
        self.attributes = attributes
        self.labels = labels
        self.frameworks = sorted(attributes, key=self._by_label)
        self.row = {framework: number for number, framework in enumerate(self.frameworks)}
        # Per row, the rows it is built on, runs on or hosts: an extension or a host, never an alternative.
        # Indexed once, so excluding them costs a row its own few, not a pass over every pair.
        self.related_rows: dict[int, list[int]] = defaultdict(list)
        for pair in related:
            for framework in pair:
                self.related_rows[self.row[framework]] += [self.row[other] for other in pair - {framework}]
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
        self.matrix_t = self.matrix.T.tocsr()
        self.described = frozenset(f for f in self.frameworks if _described(attributes[f]))
        # Who may be proposed as an alternative to a described framework: the described frameworks that are
        # not a runtime or server (Node.js is what Express runs on, not a choice beside it).
        self.eligible = np.array([f in self.described and f not in not_frameworks for f in self.frameworks])
        self._neighbours: dict[int, list[tuple[list[int], Scores]]] = {}

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
        runtimes = frozenset(row["f"].value for row in select(source, _RUNTIMES))
        for runtime in runtimes:
            attributes[runtime].add(("platform", runtime))
        related = frozenset(frozenset((row["a"].value, row["b"].value)) for row in select(source, _RELATED))
        return cls(dict(attributes), labels, related, runtimes)

    def score(self, a: str, b: str) -> float:
        """Return the weighted Jaccard similarity of two frameworks (0 to 1)."""
        shared = sum(WEIGHTS[kind] for kind, _ in self.attributes[a] & self.attributes[b])
        union = self.mass[self.row[a]] + self.mass[self.row[b]] - shared
        return float(shared / union) if union else 0.0

    def scores(self, iri: str) -> Scores:
        """Return the similarity of one framework to every framework (itself set to -1)."""
        here = self.row[iri]
        overlap = np.asarray(self.weighted @ self.matrix[here].T.toarray()).ravel()
        union = self.mass[here] + self.mass - overlap
        scores = np.divide(overlap, union, out=np.zeros_like(overlap), where=union > 0)
        scores[here] = -1.0
        self.exclude(here, scores)
        return np.asarray(scores, dtype=float)

    def exclude(self, row: int, scores: Scores) -> None:
        """Score -1 what is no alternative to a row's framework: what it is built on or hosts, the unknown."""
        scores[self.related_rows.get(row, [])] = -1.0
        if self.frameworks[row] in self.described:
            scores[~self.eligible] = -1.0

    def too_little_known(self, slug: str) -> str | None:
        """Say why no alternatives are named for a framework the graph knows too little about, or None."""
        iri = vocab.iri_for(slug)
        if iri not in self.row:
            raise KeyError(slug)
        if iri in self.described:
            return None
        label = self.labels.get(iri, slug)
        return (
            f"The graph knows too little about {label} to name alternatives: fewer than {DESCRIBED_BY} of its "
            "style, use cases, features, audiences, pros and cons are recorded (it may be known only from a "
            "benchmark's configuration)."
        )

    def neighbours(self, k: int) -> list[tuple[list[int], Scores]]:
        """Return, for every row, the rows of its k best (as `similar` orders them) and all its scores.

        Computed for blocks of rows at once (one sparse product a block), and kept.
        """
        if k not in self._neighbours:
            found = all_neighbours(self.weighted, self.matrix_t, self.mass, k, self.exclude)
            self._neighbours[k] = found
        return self._neighbours[k]

    def similar(self, slug: str, k: int = 5) -> list[Match]:
        """Return the k frameworks most similar to one, best first, each with its reasons."""
        if self.too_little_known(slug):
            return []
        iri = vocab.iri_for(slug)
        scores = self.scores(iri)
        return [self.match(iri, self.frameworks[n], float(scores[n])) for n in best_rows(scores, k)]

    def match(self, iri: str, other: str, score: float) -> Match:
        """Describe `other` as a match of `iri` with this score: what they share and where they differ."""
        mine, theirs = self.attributes[iri], self.attributes[other]
        shared = sorted(mine & theirs, key=self.attribute_order)
        only_mine = sorted(mine - theirs, key=self.attribute_order)[:4]
        only_theirs = sorted(theirs - mine, key=self.attribute_order)[:4]
        me, them = self.labels.get(iri, iri), self.labels.get(other, other)
        return Match(
            iri=other,
            slug=vocab.slug_or_iri(other),
            label=them,
            score=round(score, 4),
            shared=tuple(self.phrase(attribute) for attribute in shared),
            different=tuple(
                [f"only {them}: {self._bare(a)}" for a in only_theirs]
                + [f"only {me}: {self._bare(a)}" for a in only_mine]
            ),
            shared_attributes=tuple(shared),
        )

    def attribute_order(self, attribute: Attribute) -> tuple[float, int, str]:
        """Order attributes for reading: heaviest kind first, then by kind, then by label."""
        kind, iri = attribute
        return (-WEIGHTS[kind], _KIND_ORDER[kind], self.labels.get(iri, iri).casefold())

    def phrase(self, attribute: Attribute) -> str:
        """Say a shared attribute in words ("both suited to APIs")."""
        kind, iri = attribute
        return PHRASES[kind].format(label=self.labels.get(iri, vocab.compact(iri)))

    def _bare(self, attribute: Attribute) -> str:
        kind, iri = attribute
        if kind in ONLY_PHRASES:
            return ONLY_PHRASES[kind].format(label=self.labels.get(iri, vocab.compact(iri)))
        return self.phrase(attribute).removeprefix("both ")

    def unclustered(self) -> Unclustered:
        """Return the frameworks left out of the clusters, and why."""
        members = tuple(
            vocab.slug_or_iri(f) for f, eligible in zip(self.frameworks, self.eligible, strict=True) if not eligible
        )
        reason = (
            f"Not clustered: runtimes and servers, and frameworks with fewer than {DESCRIBED_BY} recorded styles, use "
            "cases, features, audiences, pros or cons (most are known only from a benchmark's configuration)."
        )
        return Unclustered(reason, members)

    def cluster_name(self, attribute: Attribute) -> str:
        """Say an attribute in a cluster's label ("Python", "praised for Performance")."""
        kind, iri = attribute
        return CLUSTER_NAMES.get(kind, "{label}").format(label=self.labels.get(iri, vocab.compact(iri)))

    def markdown_table(self, k: int = 3) -> str:
        """Return a Markdown table: each described framework and its k most similar, with scores."""
        lines = ["| framework | most similar (score) |", "|---|---|"]
        for framework in (f for f in self.frameworks if f in self.described):
            slug = vocab.slug_or_iri(framework)
            best = ", ".join(f"{m.label} ({m.score:.2f})" for m in self.similar(slug, k))
            lines.append(f"| {self.labels.get(framework, slug)} | {best} |")
        return "\n".join(lines)


_KIND_ORDER = {kind: n for n, kind in enumerate(WEIGHTS)}
_LABELS = (
    vocab.sparql_prefixes(("sa", "rdfs"))
    + """
SELECT ?x (SAMPLE(?l) AS ?label) (SAMPLE(?f) AS ?framework) WHERE {
  ?x rdfs:label ?l .
  OPTIONAL { ?x a sa:Framework BIND(?x AS ?f) }
} GROUP BY ?x"""
)
# Full IRIs, not `id:kind\/runtime`: not every SPARQL store reads an escaped slash in a prefixed name (Virtuoso).
_RUNTIMES = vocab.sparql_prefixes(("sa",)) + (
    "SELECT DISTINCT ?f WHERE { ?f a sa:Framework . { ?f a sa:Runtime } UNION { ?f sa:kind ?kind "
    f"VALUES ?kind {{ <{vocab.iri_for('kind/runtime')}> <{vocab.iri_for('kind/server')}> }} }} }}"
)
_RELATED = vocab.sparql_prefixes(("sa",)) + (
    "SELECT DISTINCT ?a ?b WHERE { ?a a sa:Framework ; sa:builtOn|sa:runsOn ?b . ?b a sa:Framework }"
)


def _described(attributes: set[Attribute]) -> bool:
    """Whether the graph says enough of a framework, beyond its language and benchmarks, to compare it."""
    return sum(kind in DESCRIPTIVE_KINDS for kind, _ in attributes) >= DESCRIBED_BY
