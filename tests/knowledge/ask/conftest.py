"""A hand-made catalog of a few terms and the lexicon on it, for the tests of the lexicon and of reading."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from service.knowledge.ask.lexicon import Lexicon
from service.knowledge.catalog import Term

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
