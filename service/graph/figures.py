"""Measured figures: a benchmark run's observations of frameworks, always with the run, its hardware, its caveat."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from service.graph import vocab
from service.graph.engine import Source, select


@dataclass(frozen=True)
class Metric:
    """A measure of the runs: its API name, property, unit, and which way is better."""

    name: str
    prop: str
    label: str
    unit: str
    higher_is_better: bool


METRICS: dict[str, Metric] = {
    metric.name: metric
    for metric in (
        Metric("requests_per_second", "requestsPerSecond", "requests per second", "requests/s", True),
        Metric("latency_p50", "latencyP50", "median latency", "s", False),
        Metric("latency_p90", "latencyP90", "90th percentile latency", "s", False),
        Metric("latency_p99", "latencyP99", "99th percentile latency", "s", False),
    )
}


@dataclass(frozen=True)
class Figure:
    """One framework's best figure on one metric at one concurrency level, and the set-up that made it."""

    framework: str
    metric: Metric
    level: int
    value: float
    setup: str
    setup_label: str
    run: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        """Describe the figure for the API: value, unit, level, set-up and run (with its caveat)."""
        return {
            "metric": self.metric.name,
            "label": self.metric.label,
            "value": self.value,
            "unit": self.metric.unit,
            "concurrency": self.level,
            "setup": {"id": vocab.slug_or_iri(self.setup), "label": self.setup_label},
            "run": self.run,
        }

    def describe(self) -> str:
        """Say the figure in words, e.g. '712,345 requests per second at 512 connections'."""
        shown = f"{self.value:,.0f}" if self.metric.unit == "requests/s" else f"{self.value * 1000:.2f} ms"
        return f"{shown} {self.metric.label if self.metric.unit == 'requests/s' else ''}".strip() + (
            f" at {self.level} connections ({self.setup_label})"
            if self.metric.unit == "requests/s"
            else f" {self.metric.label} at {self.level} connections ({self.setup_label})"
        )


class Figures:
    """The runs of a dataset and every framework's observations, read once."""

    def __init__(self, store: Source):
        self.runs = {row["run"]: row for row in _runs(store)}
        self._rows = _observations(store)
        self.levels = sorted({int(row["level"]) for row in self._rows})

    @property
    def default_level(self) -> int | None:
        """Return the highest concurrency level measured (None without runs): where frameworks differ most."""
        return self.levels[-1] if self.levels else None

    def best(self, metric: Metric, level: int, frameworks: Iterable[str] | None = None) -> dict[str, Figure]:
        """Return each framework's best figure on a metric at a level (the best of its set-ups)."""
        wanted = set(frameworks) if frameworks is not None else None
        found: dict[str, Figure] = {}
        for row in self._rows:
            if (
                int(row["level"]) != level
                or metric.prop not in row
                or (wanted is not None and row["framework"] not in wanted)
            ):
                continue
            value = float(row[metric.prop])
            current = found.get(row["framework"])
            better = current is None or (value > current.value if metric.higher_is_better else value < current.value)
            if better:
                found[row["framework"]] = Figure(
                    row["framework"], metric, level, value, row["setup"], row["setupLabel"], self.runs[row["run"]]
                )
        return found

    def ranked(self, metric: Metric, level: int, frameworks: Iterable[str] | None = None) -> list[Figure]:
        """Return the frameworks' best figures, best first."""
        figures = self.best(metric, level, frameworks).values()
        return sorted(figures, key=lambda f: (-f.value if metric.higher_is_better else f.value, f.framework))

    def of(self, framework: str) -> list[dict[str, Any]]:
        """Return every figure measured for one framework: by set-up and level, with the run."""
        table: dict[tuple[str, int], dict[str, Any]] = {}
        for row in self._rows:
            if row["framework"] != framework:
                continue
            key = (row["setup"], int(row["level"]))
            entry = table.setdefault(
                key,
                {
                    "setup": {"id": vocab.slug_or_iri(row["setup"]), "label": row["setupLabel"]},
                    "concurrency": int(row["level"]),
                    "run": self.runs[row["run"]]["id"],
                },
            )
            for metric in METRICS.values():
                if metric.prop in row:
                    entry[metric.name] = float(row[metric.prop])
        return [table[key] for key in sorted(table, key=lambda k: (k[0], k[1]))]

    def side_by_side(self, frameworks: Iterable[tuple[str, str, str]]) -> dict[str, Any]:
        """Return the best figure of each framework on every metric at every level, to draw them side by side.

        `frameworks` are (IRI, slug, label), in the order to draw; each is listed, measured or not. Each value
        names its set-up (the best of the framework's set-ups on that metric, as `best` and the ranking pick it)
        and its run; the runs are given once, with their date, hardware and caveat.
        """
        listed = list(frameworks)
        iris = [iri for iri, _, _ in listed]
        found: dict[tuple[str, int], dict[str, Any]] = {}
        used: set[str] = set()
        for level in self.levels:
            for metric in METRICS.values():
                for iri, figure in self.best(metric, level, iris).items():
                    values = found.setdefault((iri, level), {"concurrency": level})
                    values[metric.name] = {
                        "value": figure.value,
                        "setup": {"id": vocab.slug_or_iri(figure.setup), "label": figure.setup_label},
                        "run": figure.run["id"],
                    }
                    used.add(figure.run["run"])
        entries = []
        for iri, slug, label in listed:
            levels = [found[(iri, level)] for level in self.levels if (iri, level) in found]
            entries.append({"id": slug, "label": label, "iri": iri, "measured": bool(levels), "levels": levels})
        return {
            "metrics": [
                {"name": m.name, "label": m.label, "unit": m.unit, "higher_is_better": m.higher_is_better}
                for m in METRICS.values()
            ],
            "levels": self.levels,
            "default_level": self.default_level,
            "frameworks": entries,
            "runs": [run for key, run in self.runs.items() if key in used],
        }


def _runs(store: Source) -> list[dict[str, Any]]:
    query = (
        vocab.sparql_prefixes(("sa", "rdfs", "dct"))
        + """
SELECT ?run ?label ?date ?hardware ?caveat ?section ?sectionLabel WHERE {
  ?run a sa:BenchmarkRun ; rdfs:label ?label ; dct:date ?date ; sa:hardware ?hardware ; sa:caveat ?caveat ;
       dct:source ?section .
  OPTIONAL { ?section rdfs:label ?sectionLabel }
} ORDER BY ?run"""
    )
    return [
        {
            "run": row["run"].value,
            "id": vocab.slug_or_iri(row["run"].value),
            "label": row["label"].value,
            "date": row["date"].value,
            "hardware": row["hardware"].value,
            "caveat": row["caveat"].value,
            "source": {
                "id": vocab.slug_or_iri(row["section"].value),
                "label": row["sectionLabel"].value if row["sectionLabel"] else None,
            },
        }
        for row in select(store, query)
    ]


def _observations(store: Source) -> list[dict[str, str]]:
    measures = " ".join(f"OPTIONAL {{ ?o sa:{m.prop} ?{m.prop} }}" for m in METRICS.values())
    query = (
        vocab.sparql_prefixes(("sa", "rdfs"))
        + f"""
SELECT ?o ?run ?framework ?setup ?setupLabel ?level {" ".join("?" + m.prop for m in METRICS.values())} WHERE {{
  ?o <http://purl.org/linked-data/cube#dataSet> ?run ; sa:framework ?framework ; sa:setup ?setup ;
     sa:concurrency ?level .
  ?setup rdfs:label ?setupLabel .
  {measures}
}} ORDER BY ?o"""
    )
    solutions = select(store, query)
    names = [variable.value for variable in solutions.variables]
    return [{name: row[name].value for name in names if row[name] is not None} for row in solutions]
