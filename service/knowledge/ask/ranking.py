"""Superlatives ("fastest", "lowest latency"): the answers ranked by a measured figure, at one level of a run."""

from __future__ import annotations

import weakref
from dataclasses import dataclass, replace
from typing import Any

from service import vocab
from service.knowledge.ask.wording import enumerate_phrases
from service.knowledge.catalog import Catalog
from service.knowledge.figures import METRICS, OWN, Figure, Figures


@dataclass(frozen=True)
class Ranking:
    """A superlative of the question ("fastest"): the answers ranked by a measured figure, at a level of a run."""

    metric: str  # a key of service.knowledge.figures.METRICS
    best_first: bool  # False for "slowest": the worst figure first
    said: str  # how the order is said ("fastest first")
    matched: str  # the words of the question
    level: int | None = None  # the concurrency level ranked at (Figures.default_level)
    runs: tuple[str, ...] = ()  # the labels of the runs measured at that level

    def describe(self) -> str:
        """Say the order in words: 'fastest first by requests per second at 512 connections (the run)'."""
        text = f"{self.said} by {METRICS[self.metric].label}"
        if self.level is not None:
            text += f" at {self.level} connections"
        if self.runs:
            text += f" ({enumerate_phrases(list(self.runs))})"
        return text

    def as_json(self) -> dict[str, Any]:
        """Describe the ranking asked for, for the API."""
        return {
            "metric": self.metric,
            "best_first": self.best_first,
            "matched": self.matched,
            "concurrency": self.level,
            "means": self.describe(),
        }


_FIGURES: weakref.WeakKeyDictionary[Catalog, Figures] = weakref.WeakKeyDictionary()


def figures_of(catalog: Catalog) -> Figures:
    """Return the measured figures of a catalog's dataset, read once (when no Figures is handed in)."""
    if catalog not in _FIGURES:
        _FIGURES[catalog] = Figures(catalog.store)
    return _FIGURES[catalog]


def at_level(ranking: Ranking, figures: Figures) -> Ranking:
    """Return the ranking at the level `figures` ranks by default, with the runs measured there."""
    level = figures.default_level
    if level is None:
        return ranking
    metric = METRICS[ranking.metric]
    runs = sorted({f.run["label"] for f in figures.best(metric, level).values()})
    return replace(ranking, level=level, runs=tuple(runs))


def rank_results(
    rank_by: Ranking, results: list[dict[str, Any]], figures: Figures
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Keep the results with a measured figure, ranked by it, each with the figure and a reason saying it."""
    metric = METRICS[rank_by.metric]
    level = rank_by.level if rank_by.level is not None else figures.default_level
    by_iri = {result["iri"]: result for result in results}
    in_order: list[Figure] = figures.ranked(metric, level, by_iri) if level is not None else []
    if not rank_by.best_first:
        in_order.reverse()
    kept = []
    for figure in in_order:
        result = {**by_iri[figure.framework], "figure": figure.as_json()}
        run = figure.run
        on = f" on {figure.runtime['label']}" if figure.runtime else ""
        text = f"{result['label']}: {figure.describe()}{on}, in the {run['label']}"
        reason = {
            "triple": [vocab.compact(figure.framework), "sa:" + metric.prop, f"{figure.value:g}"],
            "text": text,
            "source": run["source"],
        }
        result["why"] = [*result["why"], reason]
        kept.append(result)
    runs = list({figure.run["run"]: figure.run for figure in in_order}.values()) or list(figures.runs.values())[:1]
    said = [{"id": r["id"], "label": r["label"], "date": r["date"], "hardware": r["hardware"]} for r in runs]
    ranking: dict[str, Any] = {
        "metric": metric.name,
        "label": metric.label,
        "unit": metric.unit,
        "best_first": rank_by.best_first,
        "means": rank_by.describe(),
        "concurrency": level,
        "run": said[0] if said else None,
        "caveat": runs[0]["caveat"] if runs else None,
        "unmeasured": len(results) - len(kept),
        "compared": figures.compared_on(OWN),
    }
    if len(runs) > 1:  # figures of several runs ranked together: every run and caveat said
        ranking["runs"] = [{**run, "caveat": r["caveat"]} for run, r in zip(said, runs, strict=True)]
    return kept, ranking
