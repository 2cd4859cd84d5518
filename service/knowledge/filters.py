"""The facet filters of a framework list (/api/frameworks, the explorer's form), and a list ranked by a figure."""

from __future__ import annotations

from typing import Any

from service.knowledge.ask.constraint import Constraint, with_group
from service.knowledge.catalog import Catalog
from service.knowledge.figures import OWN, Figure, Figures, Metric

# Filter parameter → (facet its values name, kind of constraint it makes, what it means).
FILTERS: dict[str, tuple[str, str, str]] = {
    "language": ("language", "language", "Programming language (slug, label or synonym; any case)."),
    "use_case": ("use_case", "use_case", "Use case; narrower use cases count too (APIs includes Web APIs)."),
    "pro": ("aspect", "pro", "Aspect the framework is praised for."),
    "con": ("aspect", "con", "Aspect the framework is criticised for."),
    "audience": ("audience", "audience", "Audience a recommendation names the framework for."),
    "source": (
        "source",
        "source",
        "Only claims from this source (e.g. article, curation): every other filter is met by its sections.",
    ),
    "classification": ("classification", "classification", "TechEmpower's class of the framework (full-stack, micro)."),
    "database": ("database", "database", "A database a working benchmark set-up uses (e.g. PostgreSQL)."),
    "orm": ("orm", "orm", "An ORM class a working benchmark set-up uses (full, micro, raw)."),
    "platform": ("platform", "platform", "A platform a working benchmark set-up runs on (e.g. WSGI, .NET)."),
    "server": ("server", "server", "A web server a benchmark set-up runs behind (e.g. nginx)."),
    "licence": ("licence", "licence", "Licence, by SPDX id (MIT, Apache-2.0) or name; repeated, any of them."),
    "feature": ("feature", "feature", "A feature the framework ships (e.g. openapi); repeated, all of them."),
}
# Filters whose repeated values are alternatives (any of them); every other filter requires all its values.
ANY_OF = frozenset({"licence"})
# Filter values one request may give, all parameters together: each adds a join to the query that runs.
MAX_FILTER_VALUES = 12


class TooManyValues(ValueError):
    """More filter values than one list may be made with."""

    def __init__(self, given: int):
        super().__init__(f"At most {MAX_FILTER_VALUES} filter values per request, not {given}.")


class UnknownValue(ValueError):
    """A filter value that names nothing of its facet; carries the parameter and the nearest names."""

    def __init__(self, parameter: str, facet: str, value: str, suggestions: list[str]):
        self.parameter, self.facet, self.value, self.suggestions = parameter, facet, value, suggestions
        super().__init__(f"Unknown {facet.replace('_', ' ')} {value!r} for parameter {parameter!r}.")


def constraints(catalog: Catalog, filters: dict[str, list[str]]) -> list[Constraint]:
    """Turn the filter values (slug or label, any case, repeatable) into constraints; raise on an unknown value."""
    given = sum(len(values) for values in filters.values())
    if given > MAX_FILTER_VALUES:
        raise TooManyValues(given)
    found: list[Constraint] = []
    seen: set[tuple[str, str]] = set()
    for parameter, (facet, kind, _) in FILTERS.items():
        for value in filters.get(parameter, []):
            term = catalog.find(facet, value)
            if term is None:
                raise UnknownValue(parameter, facet, value, catalog.suggest(facet, value))
            if (kind, term.iri) in seen:  # a repeated filter asks nothing more
                continue
            seen.add((kind, term.iri))
            constraint = Constraint(kind, term, value)
            if parameter in ANY_OF and len(filters[parameter]) > 1:
                constraint = with_group(constraint, 1000 + list(FILTERS).index(parameter))  # one group per parameter
            found.append(constraint)
    return found


def ranked(
    figures: Figures, results: list[dict[str, Any]], metric: Metric, level: int, runtime: str | None = OWN
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Order results by their best figure on `runtime` (measured first, best first), each with its figure (naming its
    set-up and runtime); and say how."""
    best = figures.best(metric, level, [result["iri"] for result in results], runtime)
    # Measured frameworks first, best first; the others keep their order after them.
    order = sorted(results, key=lambda r: (r["iri"] not in best, _rank_key(best.get(r["iri"]))))
    for result in order:
        if result["iri"] in best:
            result["figure"] = best[result["iri"]].as_json()
    run = next(iter(best.values())).run if best else None
    how = {
        "metric": metric.name,
        "label": metric.label,
        "unit": metric.unit,
        "concurrency": level,
        "measured": len(best),
        "run": run,
        "caveat": run["caveat"] if run else None,
        "compared": figures.compared_on(runtime),
    }
    return order, how


def _rank_key(figure: Figure | None) -> float:
    if figure is None:
        return 0.0
    return -figure.value if figure.metric.higher_is_better else figure.value
