"""The explorer's overview: frameworks grouped by language, each in one group, most connected first."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from service import vocab
from service.knowledge.neighbourhood import neighbourhood
from service.knowledge.overview import NO_LANGUAGE, Member, group_by_language, overview

# Two sources, as the bundled graph has: quads in named graphs, read through their union.
TINY = """@prefix sa: <https://w3id.org/stackatlas/ontology#> .
@prefix id: <https://w3id.org/stackatlas/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix pro: <https://w3id.org/stackatlas/id/a/pro/> .
id:one {
  id:a a sa:Framework ; rdfs:label "A" ; sa:language id:py ; sa:suitedFor id:apis ; sa:hasPro pro:docs .
  pro:docs a sa:Pro ; sa:aspect id:docs .
  id:b a sa:Framework ; rdfs:label "B" ; sa:language id:py ; sa:builtOn id:a .
  id:c a sa:Framework ; rdfs:label "C" ; sa:language id:py , id:ts .
  id:py a sa:ProgrammingLanguage ; rdfs:label "Py" .
  id:apis a sa:UseCase ; rdfs:label "APIs" .
  id:docs a sa:Aspect ; rdfs:label "Documentation" .
}
id:two {
  id:d a sa:Framework , sa:Runtime ; rdfs:label "D" ; sa:language id:ts ; sa:runsOn id:vm .
  id:vm a sa:Runtime ; rdfs:label "VM" .
  id:ts a sa:ProgrammingLanguage ; skos:prefLabel "TS"@en .
  id:e a sa:Framework ; rdfs:label "E" .
}
"""


@pytest.fixture(scope="module")
def tiny() -> ox.Store:
    store = ox.Store()
    store.load(TINY.encode(), format=ox.RdfFormat.TRIG)
    return store


def iri(slug: str) -> str:
    return vocab.iri_for(slug)


def test_each_framework_is_in_the_group_of_its_language_with_the_most_frameworks(tiny: ox.Store) -> None:
    body = overview(tiny).as_json()
    assert body["by"] == "language"
    assert body["frameworks"] == 5
    groups = [(group["id"], group["label"], group["size"], group["also"]) for group in body["groups"]]
    # Py has three frameworks (C among them), TS two: C, in both, is drawn in Py's group and counted in TS's `also`.
    assert groups == [("py", "Py", 3, 0), ("ts", "TS", 1, 1), (None, NO_LANGUAGE, 1, 0)]
    members = {group["id"]: [member["id"] for member in group["members"]] for group in body["groups"]}
    assert members == {"py": ["a", "b", "c"], "ts": ["d"], None: ["e"]}


def test_members_are_nodes_with_their_degree_most_connected_first(tiny: ox.Store) -> None:
    py = overview(tiny).as_json()["groups"][0]
    first = py["members"][0]
    assert first == {"id": "a", "label": "A", "iri": iri("a"), "type": "framework", "types": ["framework"], "degree": 4}
    # The degree is the number of neighbours the explorer draws around it: py, apis, docs, and b built on it.
    view = neighbourhood(tiny, iri("a"))
    assert view is not None and view.total_neighbours == first["degree"]
    assert [member["degree"] for member in py["members"]] == [4, 2, 2]  # b: py, a; c: py, ts
    d = overview(tiny).as_json()["groups"][1]["members"][0]
    assert d["types"] == ["framework", "runtime"]


def test_edges_join_frameworks_to_their_languages_and_to_frameworks_they_build_on(tiny: ox.Store) -> None:
    edges = {(edge["source"], edge["label"], edge["target"]) for edge in overview(tiny).as_json()["edges"]}
    assert edges == {
        ("a", "language", "py"),
        ("b", "language", "py"),
        ("c", "language", "py"),
        ("c", "language", "ts"),
        ("d", "language", "ts"),
        ("b", "built on", "a"),
    }  # d runs on vm, a runtime only: not an edge of the overview
    ids = {edge["id"] for edge in overview(tiny).as_json()["edges"]}
    assert "b built_on a" in ids  # the same ids as /api/graph's, so the explorer never draws an edge twice


def test_ties_go_by_label_and_groups_by_size() -> None:
    members = [
        Member(iri("x"), "X", languages=(iri("zed"), iri("alpha"))),
        Member(iri("y"), "Y", languages=(iri("zed"),), degree=1),
        Member(iri("w"), "W", languages=(iri("alpha"),), degree=1),
    ]
    groups = group_by_language(members, {iri("zed"): "Zed", iri("alpha"): "Alpha"})
    # Alpha and Zed have two frameworks each: X goes to Alpha, first by label; Alpha comes first, then Zed.
    assert [(g.label, [m.label for m in g.members], g.also) for g in groups] == [
        ("Alpha", ["W", "X"], 0),
        ("Zed", ["Y"], 1),
    ]
