"""Clusters of similar frameworks: every described framework in one, named by what most members share."""

from __future__ import annotations

import networkx as nx
import pyoxigraph as ox

from service import vocab
from service.knowledge.similarity import Attribute, SimilarityIndex
from service.knowledge.similarity_clusters import cluster_attributes, clusters_of, find_clusters, name_by_members

RDF_TYPE, FRAMEWORK = ox.NamedNode(vocab.RDF_TYPE), ox.NamedNode(vocab.FRAMEWORK)
PY, JS = ("language", vocab.iri_for("py")), ("language", vocab.iri_for("js"))
MICRO, FULL = ("style", vocab.iri_for("micro")), ("style", vocab.iri_for("full"))
APIS, SITES = ("use_case", vocab.iri_for("apis")), ("use_case", vocab.iri_for("sites"))
ROUTING = ("feature", vocab.iri_for("routing"))
POSTGRES = ("benchmark_database", vocab.iri_for("postgres"))
LABELS = {
    vocab.iri_for(slug): label
    for slug, label in (
        ("py", "Py"),
        ("js", "JS"),
        ("micro", "Micro"),
        ("full", "Full"),
        ("apis", "APIs"),
        ("sites", "Sites"),
        ("routing", "Routing"),
        ("postgres", "PostgreSQL"),
    )
}


def index(frameworks: dict[str, set[Attribute]]) -> SimilarityIndex:
    """An index of frameworks by slug, each labelled by its slug in capitals."""
    labels = LABELS | {vocab.iri_for(slug): slug.upper() for slug in frameworks}
    return SimilarityIndex({vocab.iri_for(slug): attrs for slug, attrs in frameworks.items()}, labels)


def two_families() -> SimilarityIndex:
    """Three Python micro API frameworks, three JavaScript full-stack site frameworks; all route; X is barely known."""
    return index(
        {
            **{slug: {PY, MICRO, APIS, ROUTING, POSTGRES} for slug in ("p1", "p2", "p3")},
            **{slug: {JS, FULL, SITES, ROUTING, POSTGRES} for slug in ("j1", "j2", "j3")},
            "x": {PY, MICRO},
        }
    )


def test_two_families_are_two_clusters_named_by_what_they_share() -> None:
    found = find_clusters(two_families())
    assert [(c.id, c.label, c.members) for c in found] == [
        ("cluster-1", "JS · Full", ("j1", "j2", "j3")),
        ("cluster-2", "Py · Micro", ("p1", "p2", "p3")),
    ]


def test_what_every_framework_holds_or_a_benchmark_set_up_never_names_a_cluster() -> None:
    for cluster in find_clusters(two_families()):
        assert ROUTING not in cluster.named and POSTGRES not in cluster.named
        assert "Routing" not in cluster.label and "PostgreSQL" not in cluster.label


def test_a_framework_known_too_little_is_in_no_cluster_and_said_unclustered() -> None:
    families = two_families()
    assert "x" not in [m for c in find_clusters(families) for m in c.members]
    assert families.unclustered().members == ("x",)


def test_the_clusters_of_an_index_are_found_once() -> None:
    families = two_families()
    assert clusters_of(families) is clusters_of(families)
    assert clusters_of(families) == find_clusters(families)


def test_a_cluster_is_named_by_at_most_two_attributes_most_held_and_heaviest_first() -> None:
    families = two_families()
    members = [vocab.iri_for(slug) for slug in ("p1", "p2", "p3")]
    assert cluster_attributes(families, members) == (PY, MICRO)
    assert cluster_attributes(families, members, frozenset({PY})) == (MICRO, APIS)
    # JavaScript and Full held by two of three: under the share (CLUSTER_SHARE) a label needs.
    mixed = [vocab.iri_for(slug) for slug in ("p1", "j1", "j2")]
    assert cluster_attributes(families, mixed, frozenset({ROUTING})) == ()
    assert cluster_attributes(families, mixed[1:], frozenset({ROUTING})) == (JS, FULL)


def test_a_cluster_no_attribute_describes_is_named_by_its_most_connected_members() -> None:
    families = two_families()
    p1, p2, p3 = (vocab.iri_for(slug) for slug in ("p1", "p2", "p3"))
    graph = nx.Graph()
    graph.add_edge(p1, p2, weight=1.0)
    graph.add_edge(p2, p3, weight=1.0)
    assert name_by_members(families, [p1, p2, p3], graph) == "P2, P1 and 1 other"
    assert name_by_members(families, [p1, p2], graph) == "P1 and P2"


def test_clusters_hold_every_described_framework_once_and_are_stable(dataset) -> None:
    first = SimilarityIndex.build(dataset.store)
    second = SimilarityIndex.build(dataset.store)
    assert clusters_of(first) == clusters_of(second)
    members = [member for cluster in clusters_of(first) for member in cluster.members]
    left_out = list(first.unclustered().members)
    frameworks = {quad.subject.value for quad in dataset.store.quads_for_pattern(None, RDF_TYPE, FRAMEWORK)}
    assert sorted(members + left_out) == sorted(vocab.slug_of(iri) for iri in frameworks)
    assert len(members) == len(set(members))
    assert all(vocab.iri_for(m) in first.described for m in members)
    assert "nodejs" in left_out and "fastpysgi" in left_out
    assert all(cluster.label for cluster in clusters_of(first))


def test_a_cluster_label_is_true_of_most_members_and_never_a_benchmark_set_up(dataset) -> None:
    index = SimilarityIndex.build(dataset.store)
    for cluster in clusters_of(index):
        for attribute in cluster.named:
            assert not attribute[0].startswith("benchmark_"), cluster.label
            holding = [m for m in cluster.members if attribute in index.attributes[vocab.iri_for(m)]]
            assert len(holding) >= 0.8 * len(cluster.members), (cluster.label, cluster.members)
