"""Load-time inference: superclass types, super-properties, SKOS closure, recommendedFor."""

from __future__ import annotations

import pyoxigraph as ox

from service import vocab
from service.loading.infer import materialise


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


def test_one_more_pass_finds_nothing_new(dataset) -> None:
    # `materialise` stops after one pass when no rule can feed an earlier one: check that it is the fixpoint.
    copy = ox.Store()
    copy.extend(dataset.store)
    materialise(copy)
    assert len(copy) == len(dataset.store)


def test_a_sub_property_feeding_an_earlier_rule_repeats_the_pass() -> None:
    # sa:narrowerThan is a sub-property of skos:broader: its triples become skos:broader in the
    # super-property rule, which runs after the broader closure, so the closure must run again.
    store = ox.Store()
    store.load(
        """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <urn:g> { <urn:narrowerThan> rdfs:subPropertyOf skos:broader .
                   <urn:a> <urn:narrowerThan> <urn:b> . <urn:b> skos:broader <urn:c> . }""",
        format=ox.RdfFormat.TRIG,
    )
    materialise(store)
    closure = {
        (quad.subject.value, quad.object.value)
        for quad in store.quads_for_pattern(None, ox.NamedNode(vocab.PREFIXES["skos"] + "broaderTransitive"), None)
    }
    assert closure == {("urn:a", "urn:b"), ("urn:a", "urn:c"), ("urn:b", "urn:c")}
