"""Load-time inference: superclass types, super-properties, SKOS closure, recommendedFor."""

from __future__ import annotations

from service.graph import vocab


def test_types_follow_subclass_and_equivalent_class(select) -> None:
    rows = select("SELECT ?t WHERE { id:flask a ?t }")
    types = {row["t"] for row in rows}
    assert {
        vocab.FRAMEWORK,
        "https://schema.org/SoftwareApplication",
        "http://usefulinc.com/ns/doap#Project",
    } <= types
    languages = select("SELECT ?l WHERE { ?l a schema:ComputerLanguage }")
    assert {row["l"] for row in languages} >= {vocab.iri_for("python"), vocab.iri_for("elixir")}


def test_pref_label_is_also_an_rdfs_label(select) -> None:
    assert select("SELECT ?l WHERE { id:apis rdfs:label ?l }") == [{"l": "APIs"}]


def test_broader_transitive_closure(select) -> None:
    rows = select("SELECT ?b WHERE { id:custom-cms skos:broaderTransitive ?b }")
    assert {row["b"] for row in rows} == {vocab.iri_for("cms"), vocab.iri_for("content-management")}


def test_recommended_for_stays_in_the_recommendation_graph(select) -> None:
    rows = select("SELECT ?g WHERE { GRAPH ?g { id:flask sa:recommendedFor id:beginners } }")
    assert rows == [{"g": vocab.ARTICLE + "/faq"}]


def test_inherited_assessment_property_keeps_its_section(select) -> None:
    rows = select("SELECT ?g WHERE { GRAPH ?g { id:django sa:hasAssessment id:django\\/con\\/learning-curve } }")
    assert rows == [{"g": vocab.ARTICLE + "/django"}]
