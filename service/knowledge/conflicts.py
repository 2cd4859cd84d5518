"""Where sources disagree about a framework (language, homepage, class against style, version), each claim sourced."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

from service import vocab
from service.knowledge.answers import ConflictShape
from service.query.engine import Source, is_true, select

# TechEmpower's classes against the StackAtlas styles they contradict.
_CONTRADICTING_STYLE = {
    vocab.BASE + "benchmark-class/fullstack": vocab.BASE + "microframework",
    vocab.BASE + "benchmark-class/micro": vocab.BASE + "full-stack",
}


@dataclass(frozen=True)
class Conflict:
    """One disagreement: which framework, on what, and each value with the sections that state it."""

    framework: str
    label: str
    field: str
    values: tuple[tuple[str, tuple[str, ...]], ...]  # (value, section labels)

    def as_json(self) -> ConflictShape:
        """Describe the conflict for the API."""
        return {
            "framework": {
                "id": vocab.slug_or_iri(self.framework),
                "label": self.label,
                "iri": self.framework,
            },
            "field": self.field,
            "values": [{"value": value, "sources": list(sources)} for value, sources in self.values],
        }

    def describe(self) -> str:
        """Say the conflict in one line."""
        said = "; ".join(f"{value} ({', '.join(sources)})" for value, sources in self.values)
        return f"{self.label}: {self.field}: {said}"


def find_conflicts(store: Source, framework: str | None = None) -> list[Conflict]:
    """Return every disagreement between sources (about one framework when given), sorted by framework and field."""
    found = [*_languages(store, framework), *_homepages(store, framework), *_classes(store, framework)]
    found += _versions(store, framework)
    return sorted(found, key=lambda c: (c.label.casefold(), c.framework, c.field))


def _rows(store: Source, body: str, framework: str | None) -> list[dict[str, str]]:
    values = f"VALUES ?f {{ <{framework}> }}" if framework else ""
    query = vocab.sparql_prefixes(("sa", "rdfs", "dct", "doap")) + body.replace("#VALUES", values)
    solutions = select(store, query)
    names = [variable.value for variable in solutions.variables]
    return [{name: row[name].value for name in names if row[name] is not None} for row in solutions]


_BY_SOURCE = """
SELECT ?f ?label ?value ?valueLabel ?source ?sectionLabel WHERE {
  #VALUES
  GRAPH ?g { ?f #PROPERTY ?value }
  ?f a sa:Framework ; rdfs:label ?label .
  ?g dct:isPartOf ?source ; rdfs:label ?sectionLabel .
  OPTIONAL { ?value rdfs:label ?valueLabel }
} ORDER BY ?f ?value ?sectionLabel"""


def _grouped(rows: list[dict[str, str]], key: str = "value") -> dict[str, dict[str, dict[str, set[str]]]]:
    # framework -> value -> source -> section labels
    grouped: dict[str, dict[str, dict[str, set[str]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    for row in rows:
        grouped[row["f"]][row[key]][row["source"]].add(row["sectionLabel"])
    return grouped


def _labels(rows: list[dict[str, str]]) -> dict[str, str]:
    return {row["f"]: row["label"] for row in rows}


def _sections(by_source: dict[str, set[str]], limit: int = 3) -> tuple[str, ...]:
    sections = sorted(label for labels in by_source.values() for label in labels)
    return (*sections[:limit], f"and {len(sections) - limit} more") if len(sections) > limit else tuple(sections)


def _languages(store: Source, framework: str | None) -> list[Conflict]:
    # Sources disagree when one source's languages share none with another's (Cowboy: Erlang, or Elixir);
    # a source naming one more language (Spring Boot from Kotlin too) adds, it does not contradict.
    rows = _rows(store, _BY_SOURCE.replace("#PROPERTY", "sa:language"), framework)
    labels, value_labels = _labels(rows), {row["value"]: row.get("valueLabel", row["value"]) for row in rows}
    conflicts = []
    for f, by_value in _grouped(rows).items():
        per_source: dict[str, set[str]] = defaultdict(set)
        for value, sources in by_value.items():
            for source in sources:
                per_source[source].add(value)
        sets = list(per_source.values())
        if any(not (a & b) for i, a in enumerate(sets) for b in sets[i + 1 :]):
            values = tuple(
                (value_labels[v], _sections(by_value[v])) for v in sorted(by_value, key=lambda v: value_labels[v])
            )
            conflicts.append(Conflict(f, labels[f], "language", values))
    return conflicts


def _site(url: str) -> str:
    parts = urlsplit(url)
    return (parts.netloc.lower().removeprefix("www.") + parts.path.rstrip("/")).lower()


def _homepages(store: Source, framework: str | None) -> list[Conflict]:
    rows = _rows(store, _BY_SOURCE.replace("#PROPERTY", "doap:homepage"), framework)
    labels, conflicts = _labels(rows), []
    for f, by_value in _grouped(rows).items():
        sites: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for url, sources in by_value.items():  # https://x.org/ and http://www.x.org name one site
            for source, sections in sources.items():
                sites[_site(url)][source] |= sections
        if len(sites) > 1:
            urls = {_site(url): url for url in sorted(by_value)}
            values = tuple((urls[site], _sections(sites[site])) for site in sorted(sites))
            conflicts.append(Conflict(f, labels[f], "homepage", values))
    return conflicts


def _classes(store: Source, framework: str | None) -> list[Conflict]:
    body = """
SELECT ?f ?label ?class ?classLabel ?classSection ?style ?styleLabel ?styleSection WHERE {
  #VALUES
  GRAPH ?g { ?f sa:benchmarkClassification ?class } GRAPH ?h { ?f sa:style ?style }
  ?f a sa:Framework ; rdfs:label ?label . ?class rdfs:label ?classLabel . ?style rdfs:label ?styleLabel .
  ?g rdfs:label ?classSection . ?h rdfs:label ?styleSection .
} ORDER BY ?f"""
    conflicts = []
    for row in _rows(store, body, framework):
        if _CONTRADICTING_STYLE.get(row["class"]) == row["style"]:
            values = (
                (f"TechEmpower class {row['classLabel']}", (row["classSection"],)),
                (f"style {row['styleLabel']}", (row["styleSection"],)),
            )
            conflicts.append(Conflict(row["f"], row["label"], "classification against style", values))
    return conflicts


def _versions(store: Source, framework: str | None) -> list[Conflict]:
    # One set-up's version as two files write it: config.yaml's text against data.json's number.
    body = """
SELECT ?f ?label ?setup ?version ?sectionLabel ?number WHERE {
  #VALUES
  ?setup sa:setupOf ?f . ?f a sa:Framework ; rdfs:label ?label .
  GRAPH ?g { ?setup sa:testedVersion ?version OPTIONAL { ?setup sa:versionFromNumber ?number } }
  ?g rdfs:label ?sectionLabel .
} ORDER BY ?f ?setup"""
    by_setup: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    labels: dict[str, str] = {}
    for row in _rows(store, body, framework):
        labels[row["f"]] = row["label"]
        shown = row["version"] + (" (a JSON number)" if is_true(row.get("number")) else "")
        by_setup[(row["f"], row["setup"])][shown].add(row["sectionLabel"])
    conflicts = []
    for (f, _setup), versions in sorted(by_setup.items()):
        if len({v.removesuffix(" (a JSON number)") for v in versions}) > 1:
            values = tuple((v, tuple(sorted(s))) for v, s in sorted(versions.items()))
            conflicts.append(Conflict(f, labels[f], "version", values))
    return conflicts
