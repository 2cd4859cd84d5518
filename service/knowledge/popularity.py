"""Survey observations (a table derived from the Stack Overflow Developer Survey): a framework's shares by year and
measure, with the caveats that go wherever a figure is shown; frameworks ranked by a measure in a year."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from service import vocab
from service.knowledge.record_answers import SurveyFigures, SurveyYear
from service.query.engine import Source, is_true, records

# The measures of the table, by the slug of their concept (id:survey-measure/<name>), with their API names.
MEASURES: dict[str, str] = {
    "worked-with": "worked_with",
    "want-to-work-with": "want_to_work_with",
    "admired": "admired",
}
MEASURE_BASE = vocab.BASE + "survey-measure/"
# What each way of ranking ranks by: "popular" is the share who worked with it, "admired" of those, who would again.
RANK_MEASURES = {"popularity": "worked-with", "admired": "admired"}

OBSERVATIONS_QUERY = (
    vocab.sparql_prefixes(("sa", "rdfs"))
    + """
SELECT ?o ?framework ?label ?year ?measure ?share ?count ?answer ?respondents ?offered ?caveat ?g WHERE {
  GRAPH ?g { ?o sa:surveyYear ?year ; sa:framework ?framework ; sa:surveyMeasure ?measure }
  OPTIONAL { ?framework rdfs:label ?label }
  OPTIONAL { ?o sa:share ?share } OPTIONAL { ?o sa:count ?count } OPTIONAL { ?o sa:surveyAnswer ?answer }
  OPTIONAL { ?o sa:respondents ?respondents } OPTIONAL { ?o sa:offered ?offered } OPTIONAL { ?o sa:caveat ?caveat }
}"""
)
SOURCE_QUERY = (
    vocab.sparql_prefixes(("sa", "rdfs", "dct", "schema"))
    + """
SELECT ?g ?gLabel ?file ?dataset ?datasetLabel ?commit ?repository ?licence ?origin ?caveat WHERE {
  VALUES ?g { %GRAPHS% }
  OPTIONAL { ?g rdfs:label ?gLabel } OPTIONAL { ?g dct:identifier ?file }
  OPTIONAL { ?g dct:isPartOf ?dataset . OPTIONAL { ?dataset rdfs:label ?datasetLabel }
             OPTIONAL { ?dataset sa:commit ?commit } OPTIONAL { ?dataset schema:codeRepository ?repository }
             OPTIONAL { ?dataset dct:license ?licence } OPTIONAL { ?dataset dct:source ?origin }
             OPTIONAL { ?dataset sa:caveat ?caveat } }
} ORDER BY ?caveat"""
)


@dataclass(frozen=True)
class Observation:
    """One figure of the table: a framework's share on one measure in one year (none when it was not offered)."""

    framework: str
    label: str
    year: int
    measure: str  # a key of MEASURES
    share: float | None
    count: int | None
    respondents: int | None
    answer: str | None
    offered: bool
    caveats: tuple[str, ...]
    graph: str


@dataclass
class Popularity:
    """Every survey observation of a dataset, read once, with the table's source and caveats."""

    observations: list[Observation] = field(default_factory=list)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)  # by graph

    @classmethod
    def read(cls, store: Source) -> Popularity:
        """Read the observations of a store and the source of each."""
        found = cls()
        grouped: dict[str, dict[str, Any]] = {}
        for row in records(store, OBSERVATIONS_QUERY):
            measure = row["measure"].removeprefix(MEASURE_BASE)
            if measure not in MEASURES:
                continue
            entry = grouped.setdefault(row["o"], {**row, "caveats": []})
            if "caveat" in row and row["caveat"] not in entry["caveats"]:
                entry["caveats"].append(row["caveat"])
        for row in grouped.values():
            found.observations.append(
                Observation(
                    framework=row["framework"],
                    label=row.get("label") or vocab.compact(row["framework"]),
                    year=int(row["year"]),
                    measure=row["measure"].removeprefix(MEASURE_BASE),
                    # Six places: more than the survey's precision, and what every store (Virtuoso keeps about
                    # fifteen significant digits of a decimal) returns alike.
                    share=round(float(row["share"]), 6) if "share" in row else None,
                    count=int(row["count"]) if "count" in row else None,
                    respondents=int(row["respondents"]) if "respondents" in row else None,
                    answer=row.get("answer"),
                    offered=not ("offered" in row and not is_true(row["offered"])) and "share" in row,
                    caveats=tuple(sorted(row["caveats"])),
                    graph=row["g"],
                )
            )
        found.observations.sort(key=lambda o: (o.framework, o.year, o.measure))
        found.sources = _sources(store, {o.graph for o in found.observations})
        return found

    @property
    def years(self) -> list[int]:
        """Return the survey years observed, oldest first."""
        return sorted({o.year for o in self.observations})

    @property
    def latest_year(self) -> int | None:
        """Return the latest survey year observed (None without observations)."""
        return self.years[-1] if self.years else None

    def covered(self) -> list[str]:
        """Return the IRIs of the frameworks the survey has a share for."""
        return sorted({o.framework for o in self.observations if o.share is not None})

    def share(self, framework: str, measure: str, year: int) -> Observation | None:
        """Return a framework's observation on a measure in a year, if the table has one with a share."""
        for o in self.observations:
            if o.framework == framework and o.measure == measure and o.year == year and o.share is not None:
                return o
        return None

    def caveats(self, observations: Iterable[Observation]) -> list[str]:
        """Return the caveats that go with these figures: the table's, then each figure's own."""
        said: list[str] = []
        for o in observations:
            for caveat in (*self.sources.get(o.graph, {}).get("caveats", []), *o.caveats):
                if caveat not in said:
                    said.append(caveat)
        return said

    def source(self, observations: Iterable[Observation]) -> dict[str, Any] | None:
        """Return the source of these figures (the table at its commit), without its caveats (said apart)."""
        for o in observations:
            if o.graph in self.sources:
                return {key: value for key, value in self.sources[o.graph].items() if key != "caveats"}
        return None

    def record(self, framework: str) -> SurveyFigures | None:
        """Describe a framework's survey figures for the API: by year, the latest year's shares, caveats, source."""
        mine = [o for o in self.observations if o.framework == framework]
        if not mine:
            return None
        by_year: dict[int, SurveyYear] = {}
        for o in mine:
            entry = by_year.setdefault(o.year, {"year": o.year})
            if o.measure == "worked-with":
                entry["worked_with"] = o.share
                entry.update({"offered": o.offered, "count": o.count, "respondents": o.respondents, "answer": o.answer})
            elif o.measure == "want-to-work-with":
                entry["want_to_work_with"] = o.share
            else:
                entry["admired"] = o.share
        trend = [by_year[year] for year in sorted(by_year)]
        with_share = [o for o in mine if o.share is not None]
        latest_year = max((o.year for o in with_share), default=None)
        latest = next((entry for entry in reversed(trend) if entry["year"] == latest_year), None)
        return {
            "by_year": trend,
            "latest_year": latest_year,
            "latest": latest,
            "survey_latest_year": self.latest_year,
            "caveats": self.caveats(mine),
            "source": self.source(mine),
        }

    def ranked(self, frameworks: Iterable[str], by: str = "popularity", year: int | None = None) -> dict[str, Any]:
        """Rank frameworks by a measure in a year (the latest survey year by default): those with a share, best
        first; and say how, with the year, caveats and source."""
        measure = RANK_MEASURES[by]
        chosen = year if year is not None else self.latest_year
        found = [o for f in dict.fromkeys(frameworks) if chosen is not None and (o := self.share(f, measure, chosen))]
        found.sort(key=lambda o: (-(o.share or 0.0), o.label.casefold()))
        return {
            "by": by,
            "measure": MEASURES[measure],
            "year": chosen,
            "observations": found,
            "caveats": self.caveats(found),
            "source": self.source(found) or self.source(self.observations),
        }


def describe(o: Observation) -> str:
    """Say one figure in words: 'Django: 11.9 % of respondents worked with it in 2025 (3,100 of 26,000)'."""
    said = {
        "worked-with": "of respondents worked with it",
        "want-to-work-with": "of respondents want to work with it",
        "admired": "of those who worked with it want to continue",
    }[o.measure]
    counts = f" ({o.count:,} of {o.respondents:,})" if o.count is not None and o.respondents is not None else ""
    return f"{o.label}: {100 * (o.share or 0.0):.1f} % {said} in {o.year}{counts}"


def _sources(store: Source, graphs: set[str]) -> dict[str, dict[str, Any]]:
    if not graphs:
        return {}
    values = " ".join(f"<{graph}>" for graph in sorted(graphs))
    found: dict[str, dict[str, Any]] = {}
    for row in records(store, SOURCE_QUERY.replace("%GRAPHS%", values)):
        graph = row["g"]
        repository, commit, path = row.get("repository"), row.get("commit"), row.get("file")
        url = (
            f"{repository.rstrip('/')}/blob/{commit}/{path}"
            if repository and commit and path and repository.startswith("https://github.com/")
            else None
        )
        entry = found.setdefault(
            graph,
            {
                "id": vocab.slug_or_iri(graph),
                "label": row.get("gLabel") or vocab.compact(graph),
                "dataset": row.get("datasetLabel"),
                "file": path,
                "repository": repository,
                "commit": commit,
                "url": url,
                "licence": row.get("licence"),
                "origin": row.get("origin"),
                "caveats": [],
            },
        )
        if "caveat" in row and row["caveat"] not in entry["caveats"]:
            entry["caveats"].append(row["caveat"])
    return found
