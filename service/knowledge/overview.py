"""The explorer's overview: the landscape by language, every framework in exactly one group.

At landscape scale (500+ frameworks) drawing every framework at once is a hairball. The explorer opens on
one node per language instead, sized by its frameworks, and opens a group into its frameworks on demand.
A framework written in several languages (Nuxt: TypeScript and JavaScript) is put in the group of the one
with the most frameworks, so that it is drawn once; `also` counts the frameworks a group's language shares
with other groups. In a group the most connected frameworks come first: connected as in the explorer's
edges (`neighbourhood.LINKS`), the `total_neighbours` of `/api/graph?focus=`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from service import vocab
from service.knowledge.answers import OverviewGroup, OverviewMember, OverviewView
from service.knowledge.neighbourhood import LINKS, NODE_TYPES, PREFIXES, TYPE_VALUES, Edge
from service.query.engine import Source, select

NO_LANGUAGE = "No language recorded"
# The edges the overview carries: a framework's languages, and what it is built on or runs on when that is a framework.
_LANGUAGE = next(link for link in LINKS if link.key == "language")
_BETWEEN_FRAMEWORKS = tuple(link for link in LINKS if link.key in ("built_on", "runs_on"))


@dataclass(frozen=True)
class Member:
    """A framework of the overview: its IRI, label, types (as the explorer names them), languages and connections."""

    iri: str
    label: str
    types: tuple[str, ...] = ("framework",)
    languages: tuple[str, ...] = ()
    degree: int = 0

    @property
    def slug(self) -> str | None:
        """Return the framework's slug, or None when its IRI is not one of ours."""
        return vocab.slug_of(self.iri)

    def as_json(self) -> OverviewMember:
        """Describe the framework as a node the explorer draws, with how connected it is."""
        return {
            "id": vocab.slug_or_iri(self.iri),
            "label": self.label,
            "iri": self.iri,
            "type": "framework",
            "types": list(self.types),
            "degree": self.degree,
        }


@dataclass(frozen=True)
class Group:
    """The frameworks of one language (None: those with no language recorded), most connected first."""

    iri: str | None
    label: str
    members: tuple[Member, ...]
    also: int = 0  # frameworks written partly in this language whose group is another language's

    @property
    def slug(self) -> str | None:
        """Return the language's slug, or None when it has none (no language recorded, or an IRI not ours)."""
        return vocab.slug_of(self.iri) if self.iri else None

    def as_json(self) -> OverviewGroup:
        """Describe the group: its language, its size and its members."""
        return {
            "id": vocab.slug_or_iri(self.iri) if self.iri else None,
            "label": self.label,
            "iri": self.iri,
            "size": len(self.members),
            "also": self.also,
            "members": [member.as_json() for member in self.members],
        }


@dataclass(frozen=True)
class Overview:
    """The groups, largest first, and the edges among their frameworks and languages."""

    groups: tuple[Group, ...]
    edges: tuple[Edge, ...] = ()

    @property
    def frameworks(self) -> int:
        """Return how many frameworks the groups hold (each framework is in one group)."""
        return sum(len(group.members) for group in self.groups)

    def as_json(self) -> OverviewView:
        """Describe the overview for the API."""
        return {
            "by": "language",
            "frameworks": self.frameworks,
            "groups": [group.as_json() for group in self.groups],
            "edges": [edge.as_json() for edge in self.edges],
        }


def group_by_language(members: Iterable[Member], language_labels: Mapping[str, str]) -> tuple[Group, ...]:
    """Put each framework in the group of its language with the most frameworks (ties: by label, then IRI).

    Groups come largest first (ties by label); in a group, the most connected frameworks first (ties by label).
    """
    frameworks = list(members)
    speakers = Counter(language for member in frameworks for language in set(member.languages))

    def label_of(language: str) -> str:
        return language_labels.get(language) or vocab.compact(language)

    def rank(language: str) -> tuple[int, str, str]:
        return (-speakers[language], label_of(language).casefold(), language)

    grouped: dict[str | None, list[Member]] = defaultdict(list)
    also: Counter[str] = Counter()
    for member in frameworks:
        languages = sorted(set(member.languages), key=rank)
        grouped[languages[0] if languages else None].append(member)
        also.update(languages[1:])
    groups = [
        Group(
            iri=language,
            label=label_of(language) if language else NO_LANGUAGE,
            members=tuple(sorted(found, key=lambda m: (-m.degree, m.label.casefold(), m.iri))),
            also=also[language] if language else 0,
        )
        for language, found in grouped.items()
    ]
    groups.sort(key=lambda group: (-len(group.members), group.iri is None, group.label.casefold(), group.iri or ""))
    return tuple(groups)


def overview(source: Source) -> Overview:
    """Read the frameworks, their languages and connections from the graph, and group them by language."""
    labels: dict[str, list[str]] = defaultdict(list)
    languages: dict[str, set[str]] = {}  # every framework has an entry, with or without a language
    types: dict[str, set[str]] = defaultdict(set)
    for row in select(source, PREFIXES + _FRAMEWORKS.replace("?all_types", TYPE_VALUES)):
        iri = row["f"].value
        written_in = languages.setdefault(iri, set())
        if row["label"] is not None:
            labels[iri].append(row["label"].value)
        if row["language"] is not None:
            written_in.add(row["language"].value)
        if row["type"] is not None:
            types[iri].add(row["type"].value)
    language_labels = _language_labels(select(source, PREFIXES + _LANGUAGES))
    degrees = {row["f"].value: int(row["degree"].value) for row in select(source, PREFIXES + _degree_query())}
    members = [
        Member(
            iri=iri,
            # The smallest label wins, as in neighbourhood.py: the same name every time.
            label=min(labels[iri], default=vocab.compact(iri)),
            types=tuple(name for name, type_iri in NODE_TYPES if type_iri in types[iri]) or ("framework",),
            languages=tuple(sorted(found)),
            degree=degrees.get(iri, 0),
        )
        for iri, found in languages.items()
    ]
    groups = group_by_language(members, language_labels)
    edges = [Edge(member.iri, _LANGUAGE, language) for member in members for language in member.languages]
    for row in select(source, PREFIXES + _between_query()):
        link = next(link for link in _BETWEEN_FRAMEWORKS if link.key == row["kind"].value)
        edges.append(Edge(row["s"].value, link, row["o"].value))
    unique = {(edge.source, edge.link.key, edge.target): edge for edge in edges}
    return Overview(groups=groups, edges=tuple(unique[key] for key in sorted(unique)))


def _language_labels(rows: Iterable[Any]) -> dict[str, str]:
    """The label of each language: its smallest rdfs:label, else its smallest skos:prefLabel."""
    found: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for row in rows:
        labels, preferred = found[row["language"].value]
        if row["label"] is not None:
            labels.append(row["label"].value)
        if row["pref"] is not None:
            preferred.append(row["pref"].value)
    return {iri: min(labels or preferred) for iri, (labels, preferred) in found.items() if labels or preferred}


def _degree_query() -> str:
    # The paths are constants of neighbourhood.py, never request data: the same edges the explorer draws.
    branches = []
    for link in LINKS:
        branches.append(f"{{ ?f {link.path} ?other }}")
        branches.append(f"{{ ?other {link.path} ?f }}")
    return (
        "SELECT ?f (COUNT(DISTINCT ?other) AS ?degree) WHERE {\n  ?f a sa:Framework .\n  "
        + "\n  UNION ".join(branches)
        + "\n  FILTER(isIRI(?other) && ?other != ?f)\n} GROUP BY ?f"
    )


def _between_query() -> str:
    branches = [f'{{ ?s {link.path} ?o BIND("{link.key}" AS ?kind) }}' for link in _BETWEEN_FRAMEWORKS]
    return (
        "SELECT DISTINCT ?s ?kind ?o WHERE {\n  "
        + "\n  UNION ".join(branches)
        + "\n  ?s a sa:Framework . ?o a sa:Framework . FILTER(?s != ?o)\n}"
    )


_FRAMEWORKS = """
SELECT ?f ?label ?language ?type WHERE {
  ?f a sa:Framework .
  OPTIONAL { ?f rdfs:label ?label }
  OPTIONAL { ?f sa:language ?language FILTER(isIRI(?language)) }
  OPTIONAL { VALUES ?type { ?all_types } ?f a ?type }
}"""

_LANGUAGES = """
SELECT DISTINCT ?language ?label ?pref WHERE {
  ?f a sa:Framework ; sa:language ?language . FILTER(isIRI(?language))
  OPTIONAL { ?language rdfs:label ?label }
  OPTIONAL { ?language skos:prefLabel ?pref }
}"""
