"""Similarity: sensible neighbours, symmetric scores, true reasons (clusters: test_similarity_clusters.py)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from service import vocab
from service.knowledge.derived import load_known_dataset
from service.knowledge.similarity import EVIDENCE_PATHS, WEIGHTS, SimilarityIndex

TINY = """@prefix sa: <https://w3id.org/stackatlas/ontology#> .
@prefix id: <https://w3id.org/stackatlas/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
id:a a sa:Framework ; rdfs:label "A" ; sa:language id:py ; sa:suitedFor id:apis ; sa:style id:micro .
id:b a sa:Framework ; rdfs:label "B" ; sa:language id:py ; sa:style id:micro ; sa:hasFeature id:orm .
id:c a sa:Framework ; rdfs:label "C" ; sa:language id:js ; sa:suitedFor id:apis .
id:d a sa:Framework ; rdfs:label "D" ; sa:language id:py ; sa:style id:micro ; sa:hasFeature id:orm ;
     sa:builtOn id:b .
id:py rdfs:label "Py" . id:js rdfs:label "JS" . id:apis rdfs:label "APIs" . id:micro rdfs:label "Micro" .
id:orm rdfs:label "ORM" .
"""
RDF_TYPE, FRAMEWORK = ox.NamedNode(vocab.RDF_TYPE), ox.NamedNode(vocab.FRAMEWORK)
# The article's frameworks; the curated extension's families are checked in test_extension.py.
FRAMEWORKS = (
    "nodejs",
    "django",
    "rails",
    "laravel",
    "spring-boot",
    "flask",
    "aspnet-core",
    "express",
    "fastapi",
    "phoenix",
    "nestjs",
)
# Frameworks the public datasets brought, most known by their benchmark set-ups only.
IMPORTED = ("0http", "falcon", "cherrypy", "vertx-web", "fastpysgi", "beego")


@pytest.fixture(scope="module")
def index(dataset) -> SimilarityIndex:
    return SimilarityIndex.build(dataset.store)


@pytest.mark.parametrize(
    ("slug", "expected"),
    (("flask", "bottle"), ("express", "koa"), ("spring-boot", "quarkus"), ("django", "rails"), ("fastapi", "litestar")),
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
        (
            "django",
            "rails",
            {"both Full-stack", "both in TechEmpower's Full-stack class", "both benchmarked with Full ORM"},
        ),
        ("express", "koa", {"both JavaScript", "both on the Node.js platform", "both benchmarked on Node.js"}),
    ),
)
def test_benchmark_attributes_are_explained(index: SimilarityIndex, slug: str, other: str, reasons: set[str]) -> None:
    (match,) = [m for m in index.similar(slug, 5) if m.slug == other]
    assert reasons <= set(match.shared), match.shared


def test_what_a_choice_rests_on_outweighs_how_a_benchmark_was_set_up() -> None:
    benchmark = [weight for kind, weight in WEIGHTS.items() if kind.startswith("benchmark_")]
    chosen = [WEIGHTS[kind] for kind in ("language", "platform", "kind", "style", "use_case", "feature")]
    assert max(benchmark) < min(chosen)


@pytest.mark.parametrize("slug", FRAMEWORKS)
def test_what_is_built_on_or_hosts_a_framework_is_not_its_alternative(index: SimilarityIndex, select, slug) -> None:
    related = select(
        f"SELECT ?x WHERE {{ {{ id:{slug} sa:builtOn|sa:runsOn ?x }} UNION {{ ?x sa:builtOn|sa:runsOn id:{slug} }} }}"
    )
    assert not {vocab.slug_of(row["x"]) for row in related} & {m.slug for m in index.similar(slug, 20)}


def test_nestjs_is_not_offered_express_which_it_is_built_on(index: SimilarityIndex) -> None:
    assert {"express", "fastify", "nodejs"}.isdisjoint(m.slug for m in index.similar("nestjs", 20))


@pytest.mark.parametrize("slug", ("fastpysgi", "buffalo", "atreugo"))
def test_a_framework_known_too_little_gets_a_note_instead_of_noise(index: SimilarityIndex, slug: str) -> None:
    assert index.similar(slug, 5) == []
    note = index.too_little_known(slug)
    assert note is not None and "knows too little" in note


@pytest.mark.parametrize("slug", FRAMEWORKS)
def test_alternatives_offered_are_frameworks_the_graph_describes(index: SimilarityIndex, slug: str) -> None:
    for match in index.similar(slug, 10):
        assert match.iri in index.described, match.slug
        assert match.slug != "nodejs"  # a runtime: what Express runs on, not a choice beside it


def test_what_only_one_has_reads_as_english(index: SimilarityIndex) -> None:
    (match,) = [m for m in index.similar("bottle", 5) if m.slug == "starlette"]
    assert "only Starlette: has ASGI" in match.different
    assert not [d for d in match.different if ": have " in d or ": both " in d]


def test_scoring_formula_on_a_tiny_graph(tmp_path: Path) -> None:
    (tmp_path / "tiny.ttl").write_text(TINY)
    index = SimilarityIndex.build(load_known_dataset(tmp_path, check=False).store)
    language, use, style, feature = WEIGHTS["language"], WEIGHTS["use_case"], WEIGHTS["style"], WEIGHTS["feature"]
    # A = {py, apis, micro}, B = {py, micro, orm}: shared {py, micro} over union {py, apis, micro, orm}
    a_b = (language + style) / (language + use + style + feature)
    assert index.score(vocab.iri_for("a"), vocab.iri_for("b")) == pytest.approx(a_b)
    assert index.score(vocab.iri_for("a"), vocab.iri_for("c")) == pytest.approx(use / (2 * language + use + style))
    (best,) = index.similar("a", 1)
    assert (best.slug, best.shared) == ("b", ("both Py", "both Micro"))
    # D is as like B as can be, but it is built on B: never its alternative, either way.
    assert "d" not in [m.slug for m in index.similar("b", 3)]
    assert "b" not in [m.slug for m in index.similar("d", 3)]
    # C is known by its language and one use case only: too little to compare.
    assert index.similar("c", 3) == [] and index.too_little_known("c")


def test_unknown_framework(index: SimilarityIndex) -> None:
    with pytest.raises(KeyError):
        index.similar("nope")


def test_similarity_is_queryable_with_sparql(index: SimilarityIndex, select) -> None:
    rows = select(
        """SELECT ?b ?score WHERE { id:flask sa:similarTo ?b .
             ?s a sa:Similarity ; sa:between id:flask , ?b ; sa:score ?score } ORDER BY DESC(?score)"""
    )
    api = [(m.slug, m.score) for m in index.similar("flask", 5)]
    assert [(vocab.slug_of(r["b"]), float(r["score"])) for r in rows] == api
