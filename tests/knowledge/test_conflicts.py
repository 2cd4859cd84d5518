"""Where sources disagree about a framework: language, homepage, class against style, version; each claim sourced."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from service import vocab
from service.knowledge.conflicts import find_conflicts

# Two sources, A (sections a1, a2) and B (section b1), and TechEmpower (section te).
TINY = """@prefix sa: <https://w3id.org/stackatlas/ontology#> .
@prefix id: <https://w3id.org/stackatlas/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix doap: <http://usefulinc.com/ns/doap#> .
id:meta {
  id:a1 dct:isPartOf id:source-a ; rdfs:label "a.yaml line 1" .
  id:a2 dct:isPartOf id:source-a ; rdfs:label "a.yaml line 2" .
  id:b1 dct:isPartOf id:source-b ; rdfs:label "b.yaml line 1" .
  id:te dct:isPartOf id:source-te ; rdfs:label "config.yaml" .
  id:te-json dct:isPartOf id:source-te ; rdfs:label "data.json" .
  id:cowboy a sa:Framework ; rdfs:label "Cowboy" .
  id:spring a sa:Framework ; rdfs:label "Spring" .
  id:flask a sa:Framework ; rdfs:label "Flask" .
  id:bottle a sa:Framework ; rdfs:label "Bottle" .
  id:erlang rdfs:label "Erlang" . id:elixir rdfs:label "Elixir" .
  id:java rdfs:label "Java" . id:kotlin rdfs:label "Kotlin" .
  id:benchmark-class\\/micro rdfs:label "Micro" . id:full-stack rdfs:label "Full-stack" .
  id:bottle-setup sa:setupOf id:bottle . id:bottle-raw sa:setupOf id:bottle .
}
id:a1 {
  id:cowboy sa:language id:erlang ; doap:homepage <https://ninenines.eu/> .
  id:spring sa:language id:java .
  id:flask doap:homepage <https://flask.palletsprojects.com/> .
  id:bottle sa:style id:full-stack .
}
id:a2 { id:cowboy sa:language id:erlang . }
id:b1 {
  id:cowboy sa:language id:elixir ; doap:homepage <http://www.ninenines.eu> .
  id:spring sa:language id:java , id:kotlin .
  id:flask doap:homepage <https://example.org/flask> .
}
id:te {
  id:bottle sa:benchmarkClassification id:benchmark-class\\/micro .
  id:bottle-setup sa:testedVersion "1.10" . id:bottle-raw sa:testedVersion "0.12" .
}
id:te-json {
  id:bottle-setup sa:testedVersion "1.1" ; sa:versionFromNumber true .
  id:bottle-raw sa:testedVersion "0.12" ; sa:versionFromNumber true .
}
"""
COWBOY, FLASK, BOTTLE = (vocab.iri_for(slug) for slug in ("cowboy", "flask", "bottle"))


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    store.load(TINY.encode(), format=ox.RdfFormat.TRIG)
    return store


def test_every_disagreement_is_found_sorted_by_framework_and_field(store: ox.Store) -> None:
    found = find_conflicts(store)
    assert [(c.label, c.field) for c in found] == [
        ("Bottle", "classification against style"),
        ("Bottle", "version"),
        ("Cowboy", "language"),
        ("Flask", "homepage"),
    ]


def test_languages_that_share_none_disagree_and_one_more_language_only_adds(store: ox.Store) -> None:
    (cowboy,) = [c for c in find_conflicts(store) if c.field == "language"]
    assert cowboy.values == (("Elixir", ("b.yaml line 1",)), ("Erlang", ("a.yaml line 1", "a.yaml line 2")))
    assert find_conflicts(store, vocab.iri_for("spring")) == []


def test_two_spellings_of_one_site_agree_and_two_sites_disagree(store: ox.Store) -> None:
    assert [c.field for c in find_conflicts(store, COWBOY)] == ["language"]
    (flask,) = find_conflicts(store, FLASK)
    assert flask.values == (
        ("https://example.org/flask", ("b.yaml line 1",)),
        ("https://flask.palletsprojects.com/", ("a.yaml line 1",)),
    )


def test_a_benchmark_class_against_a_style_and_a_version_written_two_ways(store: ox.Store) -> None:
    classes, versions = find_conflicts(store, BOTTLE)
    assert classes.values == (("TechEmpower class Micro", ("config.yaml",)), ("style Full-stack", ("a.yaml line 1",)))
    # 0.12 as text and as a number agree; 1.10 read from a JSON number is 1.1: they do not.
    assert versions.values == (("1.1 (a JSON number)", ("data.json",)), ("1.10", ("config.yaml",)))


def test_a_conflict_is_said_in_one_line_and_described_for_the_api(store: ox.Store) -> None:
    (cowboy,) = find_conflicts(store, COWBOY)
    assert cowboy.describe() == "Cowboy: language: Elixir (b.yaml line 1); Erlang (a.yaml line 1, a.yaml line 2)"
    assert cowboy.as_json() == {
        "framework": {"id": "cowboy", "label": "Cowboy", "iri": COWBOY},
        "field": "language",
        "values": [
            {"value": "Elixir", "sources": ["b.yaml line 1"]},
            {"value": "Erlang", "sources": ["a.yaml line 1", "a.yaml line 2"]},
        ],
    }


def test_many_sections_are_cut_to_three_and_a_count() -> None:
    store = ox.Store()
    store.load(TINY.encode(), format=ox.RdfFormat.TRIG)
    for n in range(3, 6):
        section = ox.NamedNode(vocab.iri_for(f"a{n}"))
        store.add(
            ox.Quad(
                section,
                ox.NamedNode(vocab.PREFIXES["dct"] + "isPartOf"),
                ox.NamedNode(vocab.iri_for("source-a")),
                ox.NamedNode(vocab.iri_for("meta")),
            )
        )
        store.add(
            ox.Quad(
                section,
                ox.NamedNode(vocab.RDFS_LABEL),
                ox.Literal(f"a.yaml line {n}"),
                ox.NamedNode(vocab.iri_for("meta")),
            )
        )
        store.add(
            ox.Quad(
                ox.NamedNode(COWBOY),
                ox.NamedNode(vocab.ONTOLOGY + "language"),
                ox.NamedNode(vocab.iri_for("erlang")),
                section,
            )
        )
    (cowboy,) = find_conflicts(store, COWBOY)
    assert cowboy.values[1] == ("Erlang", ("a.yaml line 1", "a.yaml line 2", "a.yaml line 3", "and 2 more"))


def test_a_graph_without_disagreement_has_no_conflict() -> None:
    assert find_conflicts(ox.Store()) == []
