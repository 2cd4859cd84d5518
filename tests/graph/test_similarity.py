"""Similarity and clusters: sensible neighbours, symmetric scores, true reasons, stable clusters."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyoxigraph as ox
import pytest

from service.graph import vocab
from service.graph.similarity import EVIDENCE_PATHS, WEIGHTS, SimilarityIndex, _best

TINY = """@prefix sa: <https://w3id.org/stackatlas/ontology#> .
@prefix id: <https://w3id.org/stackatlas/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
id:a a sa:Framework ; rdfs:label "A" ; sa:language id:py ; sa:suitedFor id:apis .
id:b a sa:Framework ; rdfs:label "B" ; sa:language id:py .
id:c a sa:Framework ; rdfs:label "C" ; sa:language id:js ; sa:suitedFor id:apis .
id:py rdfs:label "Py" . id:js rdfs:label "JS" . id:apis rdfs:label "APIs" .
"""
RDF_TYPE, FRAMEWORK = ox.NamedNode(vocab.RDF_TYPE), ox.NamedNode(vocab.FRAMEWORK)
# The article's frameworks; the curated extension's families are checked in test_extension.py.
FRAMEWORKS = ("nodejs", "django", "rails", "laravel", "spring-boot", "flask", "aspnet-core", "express", "fastapi",
              "phoenix", "nestjs")  # fmt: skip
# Frameworks the public datasets brought, most known by their benchmark set-ups only.
IMPORTED = ("0http", "falcon", "cherrypy", "vertx-web", "fastpysgi", "beego")


@pytest.fixture(scope="module")
def index(dataset) -> SimilarityIndex:
    return SimilarityIndex.build(dataset.store)


@pytest.mark.parametrize(
    ("slug", "expected"),
    (("flask", "quart"), ("express", "koa"), ("spring-boot", "quarkus"), ("django", "rails"), ("fastapi", "litestar")),
)
def test_top_three_include(index: SimilarityIndex, slug: str, expected: str) -> None:
    assert expected in [match.slug for match in index.similar(slug, 3)]


@pytest.mark.parametrize("slug", FRAMEWORKS + IMPORTED)
def test_nothing_is_similar_to_itself_and_scores_are_symmetric(index: SimilarityIndex, slug: str) -> None:
    matches = index.similar(slug, 10)
    assert slug not in [match.slug for match in matches]
    scores = [match.score for match in matches]
    assert scores == sorted(scores, reverse=True)
    for match in matches:
        assert 0 <= match.score <= 1
        back = index.score(vocab.iri_for(match.slug), vocab.iri_for(slug))
        assert back == pytest.approx(match.score, abs=1e-4)


@pytest.mark.parametrize("slug", FRAMEWORKS + IMPORTED)
def test_every_shared_reason_is_true_of_both(index: SimilarityIndex, select, slug: str) -> None:
    for match in index.similar(slug, 5):
        assert len(match.shared) == len(match.shared_attributes)
        for kind, value in match.shared_attributes:
            pair = f"id:{slug} id:{match.slug}"
            query = f"SELECT ?f WHERE {{ VALUES ?f {{ {pair} }} ?f {EVIDENCE_PATHS[kind]} <{value}> }}"
            assert len({row["f"] for row in select(query)}) == 2, (slug, match.slug, kind, value)


@pytest.mark.parametrize(
    ("slug", "other", "reasons"),
    (
        ("falcon", "fastpysgi", {"both in TechEmpower's Micro class", "both benchmarked on WSGI",
                                 "both benchmarked with PostgreSQL", "both benchmarked on the FastPySGI server"}),
        ("django", "rails", {"both in TechEmpower's Full-stack class", "both benchmarked with Full ORM"}),
        ("0http", "restana", {"both benchmarked on Node.js", "both benchmarked with Raw queries"}),
    ),
)  # fmt: skip
def test_benchmark_attributes_are_explained(index: SimilarityIndex, slug: str, other: str, reasons: set[str]) -> None:
    (match,) = [m for m in index.similar(slug, 5) if m.slug == other]
    assert reasons <= set(match.shared), match.shared


def test_what_only_one_has_reads_as_english(index: SimilarityIndex) -> None:
    (match,) = [m for m in index.similar("bottle", 5) if m.slug == "starlette"]
    assert "only Starlette: has ASGI" in match.different
    assert not [d for d in match.different if ": have " in d or ": both " in d]


def test_scoring_formula_on_a_tiny_graph(tmp_path: Path) -> None:
    from service.graph.load import load_dataset

    (tmp_path / "tiny.ttl").write_text(TINY)
    index = SimilarityIndex.build(load_dataset(tmp_path, check=False).store)
    language, use = WEIGHTS["language"], WEIGHTS["use_case"]
    # A = {py, apis}, B = {py}: shared py over union {py, apis}
    assert index.score(vocab.iri_for("a"), vocab.iri_for("b")) == pytest.approx(language / (language + use))
    assert index.score(vocab.iri_for("a"), vocab.iri_for("c")) == pytest.approx(use / (2 * language + use))
    assert index.score(vocab.iri_for("b"), vocab.iri_for("c")) == 0
    (best,) = index.similar("a", 1)
    assert (best.slug, best.shared) == ("b", ("both Py",))


def test_unknown_framework(index: SimilarityIndex) -> None:
    with pytest.raises(KeyError):
        index.similar("nope")


def test_clusters_cover_every_framework_once_and_are_stable(dataset) -> None:
    first = SimilarityIndex.build(dataset.store).clusters()
    second = SimilarityIndex.build(dataset.store).clusters()
    assert first == second
    members = [member for cluster in first for member in cluster.members]
    frameworks = {quad.subject.value for quad in dataset.store.quads_for_pattern(None, RDF_TYPE, FRAMEWORK)}
    assert sorted(members) == sorted(vocab.slug_of(iri) for iri in frameworks)
    assert all(cluster.label for cluster in first)


def test_similarity_is_queryable_with_sparql(index: SimilarityIndex, select) -> None:
    rows = select(
        """SELECT ?b ?score WHERE { id:flask sa:similarTo ?b .
             ?s a sa:Similarity ; sa:between id:flask , ?b ; sa:score ?score } ORDER BY DESC(?score)"""
    )
    api = [(m.slug, m.score) for m in index.similar("flask", 5)]
    assert [(vocab.slug_of(r["b"]), float(r["score"])) for r in rows] == api


def test_many_ties_are_ordered_by_label_whatever_k() -> None:
    # Forty frameworks as like the first as can be: the nearest are the first by label, for any k.
    scores = np.array([0.0] + [1.0] * 40 + [0.5] * 10)
    assert _best(scores, 3) == [1, 2, 3]
    assert _best(scores, 5) == [1, 2, 3, 4, 5]
    assert _best(scores, 45) == [*range(1, 41), 41, 42, 43, 44, 45]
