"""Facet filters of a framework list, and a list ranked by a measured figure."""

from __future__ import annotations

import pytest

from service.knowledge.facade import Knowledge
from service.knowledge.figures import METRICS
from service.knowledge.filters import FILTERS, MAX_FILTER_VALUES, TooManyValues, UnknownValue, constraints, ranked


@pytest.fixture(scope="module")
def knowledge(store) -> Knowledge:  # type: ignore[no-untyped-def]
    return Knowledge(store)


def test_values_become_constraints_once_each(knowledge: Knowledge) -> None:
    found = constraints(knowledge.catalog, {"language": ["Python", "python"], "pro": ["performance"]})
    assert [(c.kind, c.term.slug) for c in found] == [("language", "python"), ("pro", "performance")]


def test_alternatives_of_an_any_of_filter_share_a_group(knowledge: Knowledge) -> None:
    found = constraints(knowledge.catalog, {"licence": ["MIT", "Apache-2.0"]})
    assert len({c.group for c in found}) == 1 and len(found) == 2


def test_an_unknown_value_names_its_parameter_and_the_nearest(knowledge: Knowledge) -> None:
    with pytest.raises(UnknownValue) as caught:
        constraints(knowledge.catalog, {"language": ["pyhton"]})
    assert (caught.value.parameter, str(caught.value)) == (
        "language",
        "Unknown language 'pyhton' for parameter 'language'.",
    )
    assert "python" in caught.value.suggestions


def test_too_many_values_are_refused(knowledge: Knowledge) -> None:
    with pytest.raises(TooManyValues, match=f"At most {MAX_FILTER_VALUES}"):
        constraints(knowledge.catalog, {"language": ["python"] * (MAX_FILTER_VALUES + 1)})
    assert "language" in FILTERS


def test_ranked_puts_the_measured_first_best_first(knowledge: Knowledge) -> None:
    figures = knowledge.figures
    assert figures.default_level is not None
    results = [{"iri": term.iri} for term in knowledge.catalog.of_facet("framework")][:40]
    order, how = ranked(figures, results, METRICS["requests_per_second"], figures.default_level)
    values = [r["figure"]["value"] for r in order if "figure" in r]
    assert values == sorted(values, reverse=True) and how["measured"] == len(values) > 0
    assert all("figure" not in r for r in order[len(values) :])
