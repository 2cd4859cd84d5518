"""The catalog: terms by facet and by any name, close names, a framework's record with its sources."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from service import vocab
from service.knowledge.catalog import Catalog, did_you_mean, ref

PREFIXES = """@prefix sa: <https://w3id.org/stackatlas/ontology#> .
@prefix id: <https://w3id.org/stackatlas/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
"""
FACTS = """
id:a a sa:Framework ; rdfs:label "Alpha" ; skos:altLabel "alpha-web" ; sa:language id:py ; sa:suitedFor id:web-apis .
id:b a sa:Framework ; rdfs:label "Beta" ; sa:language id:py ; sa:builtOn id:a .
id:py a sa:ProgrammingLanguage ; rdfs:label "Python" ; skos:altLabel "py3" .
id:web-apis a sa:UseCase ; rdfs:label "Web APIs" ; skos:broader id:apis .
id:apis a sa:UseCase ; rdfs:label "APIs" .
"""
SECTION = """
<https://w3id.org/stackatlas/id/section/one> a sa:SourceSection ; rdfs:label "Section one" ;
    dct:isPartOf <https://w3id.org/stackatlas/id/source/article> .
<https://w3id.org/stackatlas/id/source/article> rdfs:label "The article" .
"""
GRAPH = vocab.BASE + "section/one"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    # As load_dataset makes it: each claim in the named graph of its section, the default graph their merge.
    store = ox.Store()
    store.load((PREFIXES + FACTS).encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(GRAPH))
    store.load((PREFIXES + FACTS + SECTION).encode(), format=ox.RdfFormat.TURTLE)
    return Catalog(store)


def test_terms_of_a_facet_are_sorted_by_label(catalog: Catalog) -> None:
    assert [t.slug for t in catalog.of_facet("framework")] == ["a", "b"]
    assert [t.label for t in catalog.of_facet("use_case")] == ["APIs", "Web APIs"]


@pytest.mark.parametrize(("name", "slug"), [("py", "py"), ("Python", "py"), ("PY3", "py"), ("  python ", "py")])
def test_a_term_is_found_by_slug_label_or_synonym(catalog: Catalog, name: str, slug: str) -> None:
    term = catalog.find("language", name)
    assert term is not None and term.slug == slug and set(term.names) == {"Python", "py3"}


def test_an_unknown_name_finds_nothing_and_close_names_are_suggested(catalog: Catalog) -> None:
    assert catalog.find("language", "rust") is None
    assert catalog.find("framework", "python") is None  # another facet's name
    assert catalog.suggest("language", "pythn") == ["py"]
    assert did_you_mean(["py", "go"]) == " Did you mean py, go?"
    assert did_you_mean([]) == ""


def test_a_framework_record_names_each_claim_with_its_source(catalog: Catalog) -> None:
    record = catalog.framework("a")
    assert record is not None
    assert (record["id"], record["label"], record["types"]) == ("a", "Alpha", ["sa:Framework"])
    section = {"id": "section/one", "label": "Section one", "iri": GRAPH, "curated": False}
    section["source"] = {"id": "source/article", "label": "The article", "iri": vocab.BASE + "source/article"}
    assert record["language"] == [{**ref(vocab.iri_for("py"), "Python"), "sources": [section]}]
    assert [u["id"] for u in record["use_cases"]] == ["web-apis"]
    assert record["used_by"] == [ref(vocab.iri_for("b"), "Beta")]
    assert record["pros"] == [] and record["cons"] == [] and record["features"] == []


def test_no_record_for_a_bad_slug_or_a_resource_without_a_label(catalog: Catalog) -> None:
    assert catalog.framework("no-such-thing") is None
    assert catalog.framework("bad slug>") is None


def test_use_cases_form_a_tree_and_counts_are_per_term(catalog: Catalog) -> None:
    tree = catalog.use_case_tree()
    assert [(n["id"], [k["id"] for k in n["narrower"]]) for n in tree] == [("apis", ["web-apis"])]
    assert catalog.counts("language") == {vocab.iri_for("py"): 2}
    assert catalog.counts("no-such-facet") == {}


def test_a_graph_that_is_no_section_is_described_without_a_source(catalog: Catalog) -> None:
    other = vocab.BASE + "graph/other"
    assert catalog.source_of(other) == {"id": "graph/other", "label": "id:graph/other", "iri": other, "source": None}


class CountingSource:
    """A source that counts the queries sent to it: how far a lookup read."""

    def __init__(self, store: ox.Store):
        self.store, self.sent = store, 0

    def query(self, sparql: str, iris: dict[str, str] | None = None) -> ox.QuerySolutions:
        self.sent += 1
        solutions = self.store.query(
            sparql, substitutions={ox.Variable(k): ox.NamedNode(v) for k, v in (iris or {}).items()}
        )
        assert isinstance(solutions, ox.QuerySolutions)
        return solutions


def test_a_record_is_read_for_frameworks_only(catalog: Catalog) -> None:
    source = CountingSource(catalog.store)  # type: ignore[arg-type]
    assert catalog.on(source).framework("py") is None  # a language: nothing read past its heading
    assert source.sent == 1
    record = catalog.on(source).framework("a")
    assert record is not None and record["label"] == "Alpha"
