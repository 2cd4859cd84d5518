"""The vocabularies as /api lists them: each term with its synonyms and count, the use cases as a tree, each computed
once per dataset."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from service.knowledge.catalog import Catalog
from service.knowledge.vocabulary import Vocabularies

FACTS = """@prefix sa: <https://w3id.org/stackatlas/ontology#> .
@prefix id: <https://w3id.org/stackatlas/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
id:a a sa:Framework ; rdfs:label "Alpha" ; sa:language id:py ; sa:suitedFor id:web-apis .
id:b a sa:Framework ; rdfs:label "Beta" ; sa:language id:py .
id:py a sa:ProgrammingLanguage ; rdfs:label "Python" ; skos:altLabel "py3" .
id:go a sa:ProgrammingLanguage ; rdfs:label "Go" .
id:web-apis a sa:UseCase ; rdfs:label "Web APIs" ; skos:broader id:apis .
id:apis a sa:UseCase ; rdfs:label "APIs" .
"""
ID = "https://w3id.org/stackatlas/id/"


@pytest.fixture
def vocabularies() -> Vocabularies:
    store = ox.Store()
    store.load(FACTS.encode(), format=ox.RdfFormat.TURTLE)
    return Vocabularies(Catalog(store))


def test_each_term_has_its_synonyms_and_how_many_frameworks_it_applies_to(vocabularies: Vocabularies) -> None:
    assert vocabularies.terms("language") == [
        {"id": "go", "label": "Go", "iri": ID + "go", "synonyms": [], "frameworks": 0},
        {"id": "py", "label": "Python", "iri": ID + "py", "synonyms": ["py3"], "frameworks": 2},
    ]


def test_the_use_cases_are_a_tree_by_label(vocabularies: Vocabularies) -> None:
    web_apis = {"id": "web-apis", "label": "Web APIs", "iri": ID + "web-apis", "narrower": []}
    assert vocabularies.use_cases == [{"id": "apis", "label": "APIs", "iri": ID + "apis", "narrower": [web_apis]}]


def test_a_list_is_computed_once_and_kept(vocabularies: Vocabularies) -> None:
    assert vocabularies.terms("language") is vocabularies.terms("language")
    assert vocabularies.use_cases is vocabularies.use_cases
