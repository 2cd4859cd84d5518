"""What the explorer draws: the start view, neighbourhoods (pros and cons as edges), and finding a node by name."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from service import vocab
from service.knowledge.catalog import Catalog, Term
from service.knowledge.neighbourhood import describe, neighbourhood, search, start_view

TINY = """@prefix sa: <https://w3id.org/stackatlas/ontology#> .
@prefix id: <https://w3id.org/stackatlas/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix pro: <https://w3id.org/stackatlas/id/a/pro/> .
id:a a sa:Framework ; rdfs:label "A" ; sa:language id:py ; sa:suitedFor id:web-apis ; sa:hasPro pro:docs .
pro:docs a sa:Pro ; rdfs:label "A: docs" ; sa:aspect id:docs .
id:b a sa:Framework ; rdfs:label "B" ; sa:language id:py ; sa:runsOn id:vm .
id:py a sa:ProgrammingLanguage ; rdfs:label "Py" .
id:vm a sa:Runtime ; rdfs:label "VM" .
id:web-apis a sa:UseCase ; rdfs:label "Web APIs" ; skos:broader id:apis .
id:apis a sa:UseCase ; rdfs:label "APIs" .
id:docs a sa:Aspect ; rdfs:label "Documentation" .
"""


@pytest.fixture(scope="module")
def tiny() -> ox.Store:
    store = ox.Store()
    store.load(TINY.encode(), format=ox.RdfFormat.TURTLE)
    return store


def iri(slug: str) -> str:
    return vocab.iri_for(slug)


def edges(view_json: dict) -> set[tuple[str, str, str]]:
    return {(edge["source"], edge["label"], edge["target"]) for edge in view_json["edges"]}


def test_start_view_is_frameworks_runtimes_and_languages(tiny: ox.Store) -> None:
    view = start_view(tiny).as_json()
    assert {(node["id"], node["type"]) for node in view["nodes"]} == {
        ("a", "framework"),
        ("b", "framework"),
        ("py", "language"),
        ("vm", "runtime"),
    }
    assert edges(view) == {("a", "language", "py"), ("b", "language", "py"), ("b", "runs on", "vm")}
    assert view["focus"] is None


def test_a_pro_is_one_edge_to_its_aspect(tiny: ox.Store) -> None:
    view = neighbourhood(tiny, iri("a"))
    assert view is not None
    body = view.as_json()
    assert ("a", "praised for", "docs") in edges(body)
    assert "a/pro/docs" not in {node["id"] for node in body["nodes"]}
    assert body["focus"] == "a"
    assert body["total_neighbours"] == 3  # py, web-apis, docs


def test_edges_point_the_way_the_statement_does(tiny: ox.Store) -> None:
    view = neighbourhood(tiny, iri("py"))
    assert view is not None
    assert edges(view.as_json()) == {("a", "language", "py"), ("b", "language", "py")}


def test_depth_two_reaches_the_broader_use_case(tiny: ox.Store) -> None:
    one, two = neighbourhood(tiny, iri("a"), 1), neighbourhood(tiny, iri("a"), 2)
    assert one is not None and two is not None
    assert "apis" not in {node.id for node in one.nodes.values()}
    assert ("web-apis", "kind of", "apis") in edges(two.as_json())
    assert ("b", "language", "py") in edges(two.as_json())
    assert two.total_neighbours == one.total_neighbours == 3


def test_a_neighbourhood_is_cut_at_the_limit_and_says_so(tiny: ox.Store) -> None:
    view = neighbourhood(tiny, iri("a"), limit=2)
    assert view is not None
    assert len(view.nodes) == 2
    assert view.truncated
    assert view.total_neighbours == 3


def test_unknown_resource_has_no_neighbourhood(tiny: ox.Store) -> None:
    assert neighbourhood(tiny, iri("nothing")) is None
    assert describe(tiny, iri("nothing")) is None


def test_describe_gives_label_and_type(tiny: ox.Store) -> None:
    node = describe(tiny, iri("web-apis"))
    assert node is not None
    assert node.as_json() == {
        "id": "web-apis",
        "label": "Web APIs",
        "type": "use_case",
        "types": ["use_case"],
        "iri": iri("web-apis"),
    }


RDF_TYPE, FRAMEWORK = ox.NamedNode(vocab.RDF_TYPE), ox.NamedNode(vocab.FRAMEWORK)


def test_bundled_start_view(dataset) -> None:
    view = start_view(dataset.store).as_json()
    by_id = {node["id"]: node for node in view["nodes"]}
    frameworks = {quad.subject.value for quad in dataset.store.quads_for_pattern(None, RDF_TYPE, FRAMEWORK)}
    assert {node["iri"] for node in view["nodes"] if node["type"] == "framework"} == frameworks
    assert by_id["nodejs"]["types"] == ["framework", "runtime"]
    assert ("express", "runs on", "nodejs") in edges(view)
    assert not any(node["type"] == "use_case" for node in view["nodes"])


def test_bundled_flask_neighbourhood(dataset) -> None:
    view = neighbourhood(dataset.store, iri("flask"))
    assert view is not None
    found = edges(view.as_json())
    assert ("flask", "language", "python") in found
    assert ("flask", "suited to", "apis") in found
    assert ("flask", "criticised for", "built-in-features") in found
    assert ("flask", "recommended for", "beginners") in found


def term(facet: str, slug: str, label: str, *synonyms: str) -> Term:
    return Term(facet=facet, iri=iri(slug), label=label, names=(label, *synonyms))


TERMS = [
    term("use_case", "apis", "APIs", "REST APIs", "web services"),
    term("framework", "fastapi", "FastAPI"),
    term("framework", "flask", "Flask"),
    term("language", "python", "Python", "Py"),
    term("framework", "nodejs", "Node.js", "Node"),
    term("runtime", "nodejs", "Node.js", "Node"),
    term("audience", "python-teams", "Python developers"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    (
        ("flask", ["flask"]),
        ("f", ["fastapi", "flask"]),  # both start with it, by label
        ("python", ["python", "python-teams"]),  # the same name first
        ("rest", ["apis"]),  # a synonym
        ("services", ["apis"]),  # a word of a synonym
        ("api", ["apis", "fastapi"]),  # starts with it before contains it
        ("node", ["nodejs"]),  # once, though a framework and a runtime
        ("zzz", []),
        ("  ", []),
    ),
)
def test_search_ranks_names(text: str, expected: list[str]) -> None:
    assert [found["id"] for found in search(TERMS, text)] == expected


def test_search_says_which_name_matched_and_the_type() -> None:
    (found,) = search(TERMS, "REST")
    assert found == {"id": "apis", "label": "APIs", "iri": iri("apis"), "type": "use_case", "matched": "REST APIs"}
    assert search(TERMS, "node")[0]["type"] == "framework"


def test_search_limit(dataset) -> None:
    catalog = Catalog(dataset.store)
    assert len(search(catalog.terms, "a", limit=4)) == 4
    assert search(catalog.terms, "web services")[0]["id"] == "apis"
