"""Every name in the graph (labels, synonyms, slugs) as word sequences, with the near misses a typo may mean."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from service import vocab
from service.knowledge import phrases
from service.knowledge.catalog import Catalog, Term
from service.knowledge.phrases import normalise, words
from service.query.engine import select

MAX_PHRASE = 6  # longest label, in words, that is looked for


class Lexicon:
    """Every name in the graph (labels, synonyms, slugs) as word sequences, mapped to its terms."""

    # When one phrase names terms of several facets, the first facet here wins.
    PRIORITY = (
        "audience",
        "use_case",
        "language",
        "runtime",
        "framework",
        "aspect",
        "feature",
        "licence",
        "style",
        "source",
        "classification",
        "database",
        "orm",
        "platform",
        "server",
    )

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.phrases: dict[tuple[str, ...], list[Term]] = {}
        for term in catalog.terms:
            for name in {term.slug, *term.names}:
                key = tuple(words(name))
                if key and len(key) <= MAX_PHRASE and term not in self.phrases.setdefault(key, []):
                    self.phrases[key].append(term)
        for found in self.phrases.values():
            found.sort(key=lambda t: self.PRIORITY.index(t.facet) if t.facet in self.PRIORITY else 99)
        self._broader = _broader_map(catalog)
        # Our style and TechEmpower's class called by one name ("micro", "full-stack"): either is meant.
        self.same_class = _same_class(catalog)
        # The words a misspelt word may be read as: one-word names, and the marker words themselves
        # (so that "framwork" is read as the word "framework", not as a name).
        self._near: list[str] = sorted(
            {key[0] for key in self.phrases if len(key) == 1 and len(key[0]) >= phrases.FUZZY_MIN_LENGTH - 1}
            | {word for word in phrases.MARKERS if len(word) >= phrases.FUZZY_MIN_LENGTH - 1}
        )

    def longest(self, folded: list[str], start: int) -> tuple[int, list[Term]] | None:
        """Return the length and terms of the longest name starting at word `start`, if one does."""
        for length in range(min(MAX_PHRASE, len(folded) - start), 0, -1):
            terms = self.phrases.get(tuple(folded[start : start + length]))
            if terms:
                return length, terms
        return None

    def near_name(self, word: str) -> tuple[str | None, tuple[str, ...]]:
        """Return the one name (or marker word) within a few edits of `word`, else the labels it is close to."""
        limit = phrases.max_typos(word)
        if not limit or not word.isalpha():
            return None, ()
        matches = process.extract(word, self._near, scorer=OSA.distance, score_cutoff=limit, limit=None)
        if not matches:
            return None, ()
        best = min(distance for _, distance, _ in matches)
        nearest = [choice for choice, distance, _ in matches if distance == best]
        meanings = {
            (self.phrases[(choice,)][0].iri if (choice,) in self.phrases else "word:" + choice) for choice in nearest
        }
        if len(meanings) == 1 or all(meaning.startswith("word:") for meaning in meanings):
            return nearest[0], ()  # one name, or English words only (which of them does not matter)
        labels = {self.phrases[(c,)][0].label if (c,) in self.phrases else c for c in nearest}
        return None, tuple(sorted(labels, key=str.casefold))

    def as_framework(self, term: Term) -> Term:
        """Return the framework a runtime's name also names (Node.js), else the term itself."""
        if term.facet == "runtime":
            return self.catalog.find("framework", term.slug) or term
        return term

    def general(self, term: Term) -> Term:
        """Return the broadest use case whose name the use case's own name contains ("building APIs" → APIs)."""
        # "building APIs" or "Web APIs" in a question means APIs in general: a use case whose name
        # contains the name of a broader use case is read as that broader one.
        own = set(words(term.label))
        for broader in self._broader.get(term.iri, []):
            for name in (broader.label, *broader.names):
                name_words = set(words(name))
                if name_words and name_words < own:
                    return self.general(broader)
        return term

    def suggestions(self, ignored: Sequence[str], limit: int = 5) -> dict[str, Any]:
        """Suggest names close to the words not understood, and example questions from the data."""
        close: dict[str, list[str]] = {}
        for word in ignored:
            near, labels = self.near_name(normalise(word))
            if near is not None and (near,) in self.phrases:
                close[word] = [self.phrases[(near,)][0].label]
            elif labels:
                close[word] = list(labels)
        return {"did_you_mean": close, "examples": self.examples(limit)}

    def examples(self, limit: int = 5) -> list[str]:
        """Return example questions built from the most used languages, use cases and aspects."""
        return self._examples[:limit]

    @cached_property
    def _examples(self) -> list[str]:
        # Counting takes queries: done once per dataset, not on every page or unanswered question.
        top = {
            facet: sorted(self.catalog.of_facet(facet), key=lambda t: -counts.get(t.iri, 0))
            for facet in ("language", "use_case", "aspect")
            if (counts := self.catalog.counts(facet)) is not None
        }
        examples = [
            f"{language.label} frameworks suited to {use_case.label}"
            for language, use_case in zip(top["language"][:2], top["use_case"][:2], strict=False)
        ]
        if top["aspect"]:
            examples.append(f"frameworks praised for {top['aspect'][0].label.lower()}")
        audiences = self.catalog.of_facet("audience")
        if audiences:
            examples.append(f"frameworks recommended for {audiences[0].label.lower()}")
        frameworks = self.catalog.of_facet("framework")
        if frameworks:
            examples.append(f"frameworks like {frameworks[0].label}")
        return examples


def _broader_map(catalog: Catalog) -> dict[str, list[Term]]:
    """Return each use case's broader use cases (skos:broader), read once."""
    by_iri = {term.iri: term for term in catalog.of_facet("use_case")}
    query = vocab.sparql_prefixes(("skos", "sa")) + "SELECT ?u ?b WHERE { ?u a sa:UseCase ; skos:broader ?b }"
    broader: dict[str, list[Term]] = {}
    for row in select(catalog.store, query):
        if row["b"].value in by_iri:
            broader.setdefault(row["u"].value, []).append(by_iri[row["b"].value])
    return broader


def _same_class(catalog: Catalog) -> dict[str, Term]:
    """Pair each architectural style with TechEmpower's class of the same name (and back)."""

    def keys(term: Term) -> set[str]:
        return {"".join(words(name)) for name in (term.label, term.slug, *term.names)} - {""}

    classes = catalog.of_facet("classification")
    pairs: dict[str, Term] = {}
    for style in catalog.of_facet("style"):
        for cls in classes:
            if keys(style) & keys(cls):
                pairs.setdefault(style.iri, cls)
                pairs.setdefault(cls.iri, style)
    return pairs
