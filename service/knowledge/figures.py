"""Measured figures: a benchmark run's observations of frameworks, always with the run, its hardware, its caveat."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from service import vocab
from service.knowledge.answers import ChartedFramework, FigureTable
from service.query.engine import Source, records, select


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


# The runtime a ranking compares frameworks on by default: each framework's own (what the graph says it runs on).
OWN = "own"


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
    runtime: dict[str, str] | None = None  # the runtime the set-up ran on, where the graph says

    def as_json(self) -> dict[str, Any]:
        """Describe the figure for the API: value, unit, level, set-up and run (with its caveat)."""
        return {
            "metric": self.metric.name,
            "label": self.metric.label,
            "value": self.value,
            "unit": self.metric.unit,
            "concurrency": self.level,
            "setup": {"id": vocab.slug_or_iri(self.setup), "label": self.setup_label},
            "runtime": self.runtime,
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
        self.runtimes, self.runs_on, self.setup_runtime = _runtimes(store)

    def runtime_of(self, framework: str, setup: str) -> str | None:
        """Return the runtime a set-up ran on: the runtime it was served by (express-bun: Bun), else the one the
        framework runs on when the graph names exactly one, else None."""
        if setup in self.setup_runtime:
            return self.setup_runtime[setup]
        own = self.runs_on.get(framework, ())
        return own[0] if len(own) == 1 else None

    def on(self, framework: str, setup: str, runtime: str | None) -> bool:
        """Tell whether a set-up counts for a ranking on `runtime`: any (None), the framework's own (OWN: a set-up
        not served by another runtime than the framework runs on; any, when the graph names none), or that IRI."""
        if runtime is None:
            return True
        served = self.setup_runtime.get(setup)
        if runtime == OWN:
            own = self.runs_on.get(framework, ())
            return served is None or not own or served in own
        return self.runtime_of(framework, setup) == runtime

    @property
    def default_level(self) -> int | None:
        """Return the highest concurrency level measured (None without runs): where frameworks differ most."""
        return self.levels[-1] if self.levels else None

    def compared_on(self, runtime: str | None) -> dict[str, Any]:
        """Say which set-ups a ranking on `runtime` compares (OWN, None for any, or a runtime's IRI)."""
        if runtime == OWN:
            said = (
                "each framework at its best set-up on its own runtime (the one the graph says it runs on): "
                "set-ups served by another runtime, such as express-bun on Bun, are left out"
            )
            return {"runtime": OWN, "means": said}
        if runtime is None:
            return {"runtime": "any", "means": "each framework at its best set-up, on whichever runtime it ran"}
        label = self.runtimes.get(runtime, vocab.compact(runtime))
        return {"runtime": vocab.slug_or_iri(runtime), "means": f"each framework at its best set-up on {label} only"}

    def best(
        self, metric: Metric, level: int, frameworks: Iterable[str] | None = None, runtime: str | None = None
    ) -> dict[str, Figure]:
        """Return each framework's best figure on a metric at a level (the best of its set-ups; with `runtime`, of
        those on it: OWN for each framework's own runtime, or a runtime's IRI)."""
        wanted = set(frameworks) if frameworks is not None else None
        found: dict[str, Figure] = {}
        for row in self._rows:
            if (
                int(row["level"]) != level
                or metric.prop not in row
                or (wanted is not None and row["framework"] not in wanted)
                or not self.on(row["framework"], row["setup"], runtime)
            ):
                continue
            value = float(row[metric.prop])
            current = found.get(row["framework"])
            better = current is None or (value > current.value if metric.higher_is_better else value < current.value)
            if better:
                on = self.runtime_of(row["framework"], row["setup"])
                found[row["framework"]] = Figure(
                    row["framework"],
                    metric,
                    level,
                    value,
                    row["setup"],
                    row["setupLabel"],
                    self.runs[row["run"]],
                    {"id": vocab.slug_or_iri(on), "label": self.runtimes.get(on, on)} if on else None,
                )
        return found

    def ranked(
        self, metric: Metric, level: int, frameworks: Iterable[str] | None = None, runtime: str | None = OWN
    ) -> list[Figure]:
        """Return the frameworks' best figures, best first: by default each on its own runtime (like with like)."""
        figures = self.best(metric, level, frameworks, runtime).values()
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

    def side_by_side(self, frameworks: Iterable[tuple[str, str, str]], runtime: str | None = OWN) -> FigureTable:
        """Return the best figure of each framework on every metric at every level, to draw them side by side.

        `frameworks` are (IRI, slug, label), in the order to draw; each is listed, measured or not. Each value
        names its set-up (the best of the framework's set-ups on that metric on `runtime` — by default its own, as
        the ranking picks it) and its run; the runs are given once, with their date, hardware and caveat.
        """
        listed = list(frameworks)
        iris = [iri for iri, _, _ in listed]
        found: dict[tuple[str, int], dict[str, Any]] = {}
        used: set[str] = set()
        for level in self.levels:
            for metric in METRICS.values():
                for iri, figure in self.best(metric, level, iris, runtime).items():
                    values = found.setdefault((iri, level), {"concurrency": level})
                    values[metric.name] = {
                        "value": figure.value,
                        "setup": {"id": vocab.slug_or_iri(figure.setup), "label": figure.setup_label},
                        "run": figure.run["id"],
                    }
                    used.add(figure.run["run"])
        entries: list[ChartedFramework] = []
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
            "compared": self.compared_on(runtime),
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


def _runtimes(store: Source) -> tuple[dict[str, str], dict[str, tuple[str, ...]], dict[str, str]]:
    """Return the runtimes (IRI → label), what each framework runs on, and the set-ups served by a runtime.

    A set-up runs on a runtime when the web server it is served by is that runtime (the-benchmarker's express-bun
    behind "bun", Bun): matched by name, as the datasets name their servers.
    """
    prefixes = vocab.sparql_prefixes(("sa", "rdfs", "skos"))
    named = records(store, prefixes + "SELECT ?runtime ?label WHERE { ?runtime a sa:Runtime ; rdfs:label ?label }")
    runs = records(store, prefixes + "SELECT ?framework ?runtime WHERE { ?framework sa:runsOn ?runtime }")
    servers = records(
        store,
        prefixes + "SELECT ?setup ?name WHERE { ?setup sa:webServer ?server . "
        "?server rdfs:label|skos:prefLabel ?name }",
    )
    runtimes: dict[str, str] = {}
    for row in named:
        runtimes.setdefault(row["runtime"], row["label"])
    by_name = {label.casefold(): iri for iri, label in runtimes.items()}
    runs_on: dict[str, set[str]] = {}
    for row in runs:
        runs_on.setdefault(row["framework"], set()).add(row["runtime"])
    served = {row["setup"]: by_name[row["name"].casefold()] for row in servers if row["name"].casefold() in by_name}
    return runtimes, {key: tuple(sorted(value)) for key, value in runs_on.items()}, served


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
