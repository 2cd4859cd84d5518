"""What the graph says about frameworks and its vocabularies, as plain values for the API."""

from __future__ import annotations

import copy
import difflib
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from service import vocab
from service.knowledge.answers import Resource, UseCase
from service.knowledge.catalog_queries import (
    ASSESSMENTS_QUERY,
    BROADER_QUERY,
    COUNT_QUERIES,
    DESCRIPTIONS_QUERY,
    FACETS,
    HEADING_QUERY,
    LICENCE_TERMS_QUERY,
    RECOMMENDATIONS_QUERY,
    RELATIONS,
    RELATIONS_QUERY,
    SECTIONS_QUERY,
    SETUP_FIELDS,
    SETUPS_QUERY,
    TERMS_QUERY,
    USED_BY_QUERY,
)
from service.knowledge.record_answers import Assessment, Claim, Description, Framework
from service.query.engine import Source, is_true, select

_P = vocab.sparql_prefixes()

_WEB_ADDRESSES = {"homepage", "repository"}


def ref(iri: str, label: str | None) -> Resource:
    """Describe a resource for the API: its slug, label and IRI."""
    return {"id": vocab.slug_or_iri(iri), "label": label or vocab.compact(iri), "iri": iri}


@dataclass(frozen=True)
class Term:
    """A named resource of one facet: its IRI, label and every name it can be called by."""

    facet: str
    iri: str
    label: str
    names: tuple[str, ...]

    @property
    def slug(self) -> str:
        """Return the slug of the term's IRI (the IRI itself outside the project's base)."""
        return vocab.slug_or_iri(self.iri)


class Catalog:
    """Read-only views of one dataset, computed once: terms by facet, sources, records."""

    def __init__(self, store: Source):
        self.store = store
        self.terms = _load_terms(store)
        self.sections = _load_sections(store)
        self._by_name: dict[tuple[str, str], Term] = {}
        for term in self.terms:
            for name in (term.slug, *term.names):
                self._by_name.setdefault((term.facet, name.casefold()), term)

    def of_facet(self, facet: str) -> list[Term]:
        """Return the terms of one facet, sorted by label."""
        return sorted((t for t in self.terms if t.facet == facet), key=lambda t: t.label.casefold())

    def find(self, facet: str, name: str) -> Term | None:
        """Return the term of a facet called `name` (slug, label or synonym, any case)."""
        key = name.strip().casefold()
        found = self._by_name.get((facet, key))
        if found is None and facet == "feature":  # the controlled list's names: "openapi" for id:feature-openapi
            found = self._by_name.get((facet, "feature-" + key))
        return found

    def suggest(self, facet: str, name: str, limit: int = 3) -> list[str]:
        """Return the slugs of a facet's terms whose names are closest to `name`."""
        names = {key[1]: term.slug for key, term in self._by_name.items() if key[0] == facet}
        close = difflib.get_close_matches(name.casefold(), list(names), n=limit * 2, cutoff=0.5)
        return list(dict.fromkeys(names[match] for match in close))[:limit]

    def source_of(self, graph: str) -> dict[str, Any]:
        """Describe the source section that a named graph stands for."""
        return self.sections.get(graph) or {**ref(graph, None), "source": None}

    def on(self, source: Source) -> Catalog:
        """Return the catalog reading its records from `source` (the same data, under a request's query limits)."""
        if source is self.store:
            return self
        view = copy.copy(self)
        view.store = source
        return view

    def framework(self, slug: str) -> Framework | None:
        """Return everything the graph says about one framework, each claim with its sources (None: no framework)."""
        if not vocab.is_slug(slug):
            return None
        iri = vocab.iri_for(slug)
        heading = _rows(self.store, HEADING_QUERY, this=iri)
        # Anything else (a language, a section with thousands of statements) is not read any further.
        if vocab.FRAMEWORK not in {row.get("type") for row in heading}:
            return None
        named, claims, descriptions = ref(iri, heading[0]["label"]), self._relations(iri), self._descriptions(iri)
        pros, cons = self._assessments(iri)
        return {
            "id": named["id"],
            "label": named["label"],
            "iri": iri,
            "types": sorted({vocab.compact(row["type"]) for row in heading if "type" in row}),
            # A description from a primary source (dct:description) before the curated comment.
            "description": next(
                (d["text"] for d in descriptions if d["property"] == "dct:description"), heading[0].get("comment")
            ),
            "language": claims["language"],
            "use_cases": claims["use_cases"],
            "built_on": claims["built_on"],
            "runs_on": claims["runs_on"],
            "part_of": claims["part_of"],
            "features": claims["features"],
            "style": claims["style"],
            "licence": claims["licence"],
            "homepage": claims["homepage"],
            "repository": claims["repository"],
            "benchmark_classification": claims["benchmark_classification"],
            "benchmarked_with": claims["benchmarked_with"],
            "benchmarked_orm": claims["benchmarked_orm"],
            "benchmarked_platform": claims["benchmarked_platform"],
            "benchmarked_on": claims["benchmarked_on"],
            "kind": claims["kind"],
            "descriptions": descriptions,
            "pros": pros,
            "cons": cons,
            "recommendations": self._recommendations(iri),
            "used_by": [ref(row["other"], row.get("label")) for row in _rows(self.store, USED_BY_QUERY, this=iri)],
        }

    def _relations(self, iri: str) -> dict[str, list[Claim]]:
        found: dict[str, dict[str, Claim]] = {key: {} for key in RELATIONS}
        key_of = {prop: key for key, prop in RELATIONS.items()}
        for row in _rows(self.store, RELATIONS_QUERY, this=iri):
            key = key_of[row["p"]]
            label = row.get("label") or (row["o"] if key in _WEB_ADDRESSES else None)  # a URL is its own label
            entry = found[key].setdefault(row["o"], {**ref(row["o"], label), "sources": []})
            entry["sources"].append(self.source_of(row["g"]))
        return {key: sorted(values.values(), key=lambda v: v["label"].casefold()) for key, values in found.items()}

    def _descriptions(self, iri: str) -> list[Description]:
        """Return the framework's descriptions, each with its property and source section."""
        found: list[Description] = [
            {"text": row["text"], "property": vocab.compact(row["p"]), "source": self.source_of(row["g"])}
            for row in _rows(self.store, DESCRIPTIONS_QUERY, this=iri)
        ]
        return sorted(found, key=lambda d: (d["property"] != "dct:description", d["source"]["id"]))

    def _assessments(self, iri: str) -> tuple[list[Assessment], list[Assessment]]:
        grouped: dict[str, Assessment] = {}
        for row in _rows(self.store, ASSESSMENTS_QUERY, this=iri):
            entry = grouped.setdefault(
                row["a"],
                {
                    **ref(row["a"], row["label"]),
                    "kind": "pro" if row["kind"].endswith("hasPro") else "con",
                    "description": row["description"],
                    "aspects": [],
                    "source": self.source_of(row["source"]),
                },
            )
            entry["aspects"].append(ref(row["aspect"], row.get("aspectLabel")))
        entries = sorted(grouped.values(), key=lambda e: e["id"])
        return [e for e in entries if e["kind"] == "pro"], [e for e in entries if e["kind"] == "con"]

    def _recommendations(self, iri: str) -> list[dict[str, Any]]:
        grouped: dict[str, dict[str, Any]] = {}
        for row in _rows(self.store, RECOMMENDATIONS_QUERY, this=iri):
            entry = grouped.setdefault(
                row["r"],
                {
                    **ref(row["r"], row["label"]),
                    "description": row["description"],
                    "audiences": [],
                    "source": self.source_of(row["source"]),
                },
            )
            entry["audiences"].append(ref(row["audience"], row.get("audienceLabel")))
        return sorted(grouped.values(), key=lambda e: e["id"])

    def setups(self, slug: str) -> list[dict[str, Any]]:
        """Return the benchmark set-ups of a framework: what each uses, whether it is broken, and its file."""
        iri = vocab.iri_for(slug)
        grouped: dict[str, dict[str, Any]] = {}
        for row in _rows(self.store, SETUPS_QUERY, this=iri):
            entry = grouped.setdefault(
                row["setup"],
                {
                    **ref(row["setup"], row["label"]),
                    "identifier": row["identifier"],
                    "broken": is_true(row.get("broken")),
                    "source": self.source_of(row["section"]),
                },
            )
            if "p" in row:
                key = SETUP_FIELDS[row["p"]]
                values = entry.setdefault(key, [])
                if row["o"] not in [v["iri"] for v in values]:
                    values.append(ref(row["o"], row.get("oLabel")))
            if "version" in row:
                versions = entry.setdefault("versions", [])
                if row["version"] not in versions:
                    versions.append(row["version"])
        return sorted(
            grouped.values(),
            key=lambda e: (e["source"]["source"]["label"] if e["source"].get("source") else "", e["identifier"]),
        )

    def use_case_tree(self) -> list[UseCase]:
        """Return the use cases as a forest: each with its narrower use cases under `narrower`."""
        children: dict[str | None, list[str]] = defaultdict(list)
        for row in _rows(self.store, BROADER_QUERY):
            children[row.get("broader")].append(row["u"])
        labels: dict[str, str] = {term.iri: term.label for term in self.of_facet("use_case")}

        def by_label(iri: str) -> str:
            return labels.get(iri, iri).casefold()

        def node(iri: str) -> UseCase:
            kids = sorted(children.get(iri, []), key=by_label)
            return {**ref(iri, labels.get(iri)), "narrower": [node(kid) for kid in kids]}

        roots = sorted(children.get(None, []), key=by_label)
        return [node(root) for root in roots]

    def counts(self, facet: str) -> dict[str, int]:
        """Return, for each term of a facet, how many frameworks the filter on that term lists."""
        query = COUNT_QUERIES.get(facet)
        if query is None:
            return {}
        return {row["term"]: int(row["n"]) for row in _rows(self.store, query)}


def did_you_mean(names: list[str]) -> str:
    """Return " Did you mean a, b?" to append to a message about an unknown name, or "" when nothing is close."""
    return f" Did you mean {', '.join(names)}?" if names else ""


def _rows(store: Source, sparql: str, this: str | None = None) -> list[dict[str, str]]:
    # Rows as plain dicts; `this` binds ?this in the query.
    return [
        {name: term.value for name in row_vars if (term := row[name]) is not None}
        for row, row_vars in _with_vars(select(store, _P + sparql, {"this": this} if this else None))
    ]


def _with_vars(solutions: ox.QuerySolutions) -> list[tuple[ox.QuerySolution, list[str]]]:
    names = [variable.value for variable in solutions.variables]
    return [(row, names) for row in solutions]


def _load_terms(store: Source) -> list[Term]:
    names: dict[tuple[str, str], list[str]] = defaultdict(list)
    labels: dict[tuple[str, str], str] = {}
    for facet, cls in FACETS.items():
        query = LICENCE_TERMS_QUERY if cls == vocab.LICENCE else TERMS_QUERY.replace("?class", f"<{cls}>")
        for row in _rows(store, query):
            key = (facet, row["term"])
            if row["kind"] == "label":
                labels.setdefault(key, row["name"])
            names[key].append(row["name"])
    for row in _rows(store, "SELECT DISTINCT ?term WHERE { ?framework dct:license ?term FILTER(isIRI(?term)) }"):
        spdx = row["term"].removeprefix(vocab.SPDX)
        if spdx != row["term"]:  # a licence is also called by its SPDX id, the last part of its IRI
            key = ("licence", row["term"])
            labels.setdefault(key, spdx)
            if spdx not in names[key]:
                names[key].append(spdx)
    return [
        Term(facet=facet, iri=iri, label=labels.get((facet, iri), vocab.compact(iri)), names=tuple(found))
        for (facet, iri), found in sorted(names.items())
    ]


def _load_sections(store: Source) -> dict[str, dict[str, Any]]:
    sections: dict[str, dict[str, Any]] = {}
    for row in _rows(store, SECTIONS_QUERY):
        sections[row["section"]] = {
            **ref(row["section"], row.get("label")),
            "source": ref(row["source"], row.get("sourceLabel")),
            "curated": is_true(row.get("curated")),
        }
    return sections
