"""Clusters of similar frameworks: Louvain communities of the nearest-neighbour graph, and their labels.

The numbers that tune them (CLUSTER_NEIGHBOURS, CLUSTER_RESOLUTION, CLUSTER_SHARE, SEED) live with
the weights in similarity.py; `clusters_of(index)` finds them once per index.
"""

from __future__ import annotations

from collections import Counter
from weakref import WeakKeyDictionary

import networkx as nx

from service import vocab
from service.knowledge.similarity import (
    CLUSTER_NEIGHBOURS,
    CLUSTER_RESOLUTION,
    CLUSTER_SHARE,
    CROSS_LANGUAGE,
    SEED,
    WEIGHTS,
    Attribute,
    Cluster,
    SimilarityIndex,
)

# Each index's clusters, found once: the index is built once per dataset version, and Louvain takes a while.
_FOUND: WeakKeyDictionary[SimilarityIndex, list[Cluster]] = WeakKeyDictionary()


def clusters_of(index: SimilarityIndex) -> list[Cluster]:
    """Return the index's communities of frameworks (Louvain, fixed seed), found once; every framework in one."""
    found = _FOUND.get(index)
    if found is None:
        found = _FOUND[index] = find_clusters(index)
    return found


def find_clusters(index: SimilarityIndex) -> list[Cluster]:
    """Return communities of frameworks (Louvain, fixed seed): every framework in exactly one."""
    # Only what the graph describes is clustered: a cluster of frameworks known by a benchmark's set-up alone
    # would be named after how they were benchmarked, not what they are.
    clustered = [f for f, eligible in zip(index.frameworks, index.eligible, strict=True) if eligible]
    graph = nx.Graph()
    graph.add_nodes_from(clustered)
    for framework, (best, scores) in zip(index.frameworks, index.neighbours(CLUSTER_NEIGHBOURS), strict=True):
        if framework not in graph:
            continue
        for n in best:
            other = index.frameworks[n]
            # Alternatives across languages are real, but a group a person reads as one is of one language.
            same = _languages(index, framework) & _languages(index, other)
            graph.add_edge(framework, other, weight=float(scores[n]) * (1.0 if same else CROSS_LANGUAGE))
    communities = nx.community.louvain_communities(graph, weight="weight", resolution=CLUSTER_RESOLUTION, seed=SEED)
    ordered = sorted((sorted(c, key=index.row.__getitem__) for c in communities), key=lambda c: index.row[c[0]])
    # What most clustered frameworks hold ("a framework") tells a cluster apart from nothing: it names none.
    everywhere = Counter(a for f in clustered for a in index.attributes[f])
    common = frozenset(a for a, n in everywhere.items() if n > len(clustered) / 2)
    clusters = []
    for number, members in enumerate(ordered, 1):
        named = cluster_attributes(index, members, common)
        clusters.append(
            Cluster(
                id=f"cluster-{number}",
                label=" · ".join(index.cluster_name(a) for a in named) or name_by_members(index, members, graph),
                members=tuple(vocab.slug_or_iri(m) for m in members),
                named=named,
            )
        )
    return clusters


def _languages(index: SimilarityIndex, framework: str) -> set[Attribute]:
    return {a for a in index.attributes[framework] if a[0] == "language"}


def cluster_attributes(
    index: SimilarityIndex, members: list[str], common: frozenset[Attribute] = frozenset()
) -> tuple[Attribute, ...]:
    """Return the (at most two) attributes a cluster is named by: held by at least CLUSTER_SHARE of it.

    Heaviest kinds and most held first; two attributes that read the same are named once.
    """
    counts = Counter(attribute for member in members for attribute in index.attributes[member])
    # A benchmark's set-up ("Full ORM", "PostgreSQL") says how a framework was measured, not what it is.
    held = [
        a
        for a, n in counts.items()
        if n >= 2 and n >= CLUSTER_SHARE * len(members) - 1e-9 and not a[0].startswith("benchmark_") and a not in common
    ]
    held.sort(key=lambda a: (-counts[a] * WEIGHTS[a[0]], index.attribute_order(a)))
    named: dict[str, Attribute] = {}
    for attribute in held:
        named.setdefault(index.cluster_name(attribute), attribute)
    return tuple(named.values())[:2]


def name_by_members(index: SimilarityIndex, members: list[str], graph: nx.Graph) -> str:
    """Name a cluster no attribute describes by its most connected members ("Flask, Bottle and 3 others")."""
    inside = set(members)
    degree = {m: sum(d["weight"] for n, d in graph[m].items() if n in inside) for m in members}
    hubs = sorted(members, key=lambda m: (-degree[m], index.row[m]))
    names = [index.labels.get(m, vocab.slug_or_iri(m)) for m in hubs[:2]]
    rest = len(members) - len(names)
    if rest == 0:
        return " and ".join(names)
    return f"{', '.join(names)} and {rest} other{'s' if rest > 1 else ''}"
