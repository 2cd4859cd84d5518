"""A hand-made catalog of a few terms and the lexicon on it, for the tests of the lexicon and of reading."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from service.knowledge.ask.lexicon import Lexicon
from service.knowledge.catalog import Catalog, Term

ID = "https://w3id.org/stackatlas/id/"


def term(facet: str, slug: str, label: str, *names: str) -> Term:
    return Term(facet, ID + slug, label, (label, *names))


TERMS = [
    term("language", "python", "Python"),
    term("use_case", "apis", "APIs"),
    term("framework", "flask", "Flask"),
    term("framework", "django", "Django"),
    term("framework", "starlette", "Starlette"),
    term("framework", "litestar", "Litestar", "Starlite"),  # its name until 2023
    term("aspect", "performance", "Performance"),
    term("style", "microframework", "Microframework", "micro"),
    term("classification", "micro", "Micro"),
]


class TinyCatalog:
    """The little of a Catalog a Lexicon reads: its terms, and an empty store (no use case is broader)."""

    def __init__(self, terms: list[Term]) -> None:
        self.terms = terms
        self.store = ox.Store()

    def of_facet(self, facet: str) -> list[Term]:
        return sorted((t for t in self.terms if t.facet == facet), key=lambda t: t.label.casefold())

    def counts(self, facet: str) -> dict[str, int]:
        return {}  # no framework claims anything: the examples take the terms in label order

    def find(self, facet: str, name: str) -> Term | None:
        return next((t for t in self.terms if t.facet == facet and t.slug == name), None)


@pytest.fixture(scope="session")
def tiny_lexicon() -> Lexicon:
    """A lexicon of Python, APIs, Flask, Django, Starlette, Litestar (once Starlite), Performance and micro."""
    return Lexicon(TinyCatalog(TERMS))  # type: ignore[arg-type]


# Three frameworks, what the article's table says of them, and Flask's one pro.
TINY = """@prefix sa: <https://w3id.org/stackatlas/ontology#> .
@prefix id: <https://w3id.org/stackatlas/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
id:meta {
  id:article a sa:Curation ; rdfs:label "The article" .
  id:s-article a sa:SourceSection ; dct:isPartOf id:article ; rdfs:label "the article's table" .
  id:flask a sa:Framework ; rdfs:label "Flask" ; dct:description "A microframework." .
  id:django a sa:Framework ; rdfs:label "Django" .
  id:rails a sa:Framework ; rdfs:label "Rails" .
  id:python a sa:ProgrammingLanguage ; rdfs:label "Python" .
  id:ruby a sa:ProgrammingLanguage ; rdfs:label "Ruby" .
  id:apis a sa:UseCase ; rdfs:label "APIs" .
  id:rest-apis a sa:UseCase ; rdfs:label "REST APIs" ; skos:broader id:apis ; skos:broaderTransitive id:apis .
  id:orm a sa:Feature ; rdfs:label "ORM" .
  id:simplicity a sa:Aspect ; rdfs:label "Simplicity" .
  id:flask-light rdfs:label "Light" ; dct:description "A small core." ; dct:source id:s-article ;
    sa:aspect id:simplicity .
}
id:s-article {
  id:flask sa:language id:python ; sa:suitedFor id:rest-apis ; sa:hasPro id:flask-light .
  id:django sa:language id:python ; sa:suitedFor id:apis ; sa:hasFeature id:orm .
  id:rails sa:language id:ruby ; sa:hasFeature id:orm .
}
"""


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    """The catalog of TINY, for the tests of answering (evidence, reply)."""
    store = ox.Store()
    store.load(TINY.encode(), format=ox.RdfFormat.TRIG)
    return Catalog(store)
