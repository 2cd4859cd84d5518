"""The vocabularies as /api lists them: each facet's terms with how many frameworks each one's filter lists, and the
use cases as a tree. They depend only on the dataset, so each is computed once per dataset version, on first use
(not at start: counting every facet takes a fifth of a second), and a request never queries for them."""

from __future__ import annotations

from functools import cached_property

from service.knowledge.answers import UseCase, VocabularyTerm
from service.knowledge.catalog import Catalog


class Vocabularies:
    """The term lists and the use-case tree of one dataset, each computed on first use and then kept."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.computed: dict[str, list[VocabularyTerm]] = {}

    def terms(self, facet: str) -> list[VocabularyTerm]:
        """Return the terms of a facet with their synonyms and how many frameworks each applies to."""
        found = self.computed.get(facet)
        if found is None:  # two first requests at once may both count: the same list, kept once
            found = self.computed[facet] = term_list(self.catalog, facet)
        return found

    @cached_property
    def use_cases(self) -> list[UseCase]:
        """The use cases as a forest (skos:broader), each with its narrower use cases."""
        return self.catalog.use_case_tree()


def term_list(catalog: Catalog, facet: str) -> list[VocabularyTerm]:
    """List the terms of a facet with their synonyms and how many frameworks each applies to."""
    counts = catalog.counts(facet)
    return [
        {
            "id": term.slug,
            "label": term.label,
            "iri": term.iri,
            "synonyms": sorted(set(term.names) - {term.label}),
            "frameworks": counts.get(term.iri, 0),
        }
        for term in catalog.of_facet(facet)
    ]
