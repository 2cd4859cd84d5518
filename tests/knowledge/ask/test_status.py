"""Answers kept to those supported, LTS or actively maintained on a date, each citing its cycle or evidence."""

from __future__ import annotations

import datetime as dt

import pytest
from issue24_support import TODAY, fixture_dataset

from service import vocab
from service.knowledge.ask.status import cycle_reason, describe, keep
from service.knowledge.lifecycles import Lifecycles


@pytest.fixture(scope="module")
def lifecycles() -> Lifecycles:
    return Lifecycles.read(fixture_dataset().store)


def results(*slugs: str) -> list[dict]:
    return [{"id": slug, "label": slug, "iri": vocab.iri_for(slug), "why": []} for slug in slugs]


@pytest.mark.parametrize(
    ("wanted", "kept"),
    (
        ({"supported": True}, ["django"]),
        ({"lts": True}, ["django"]),
        ({"maintained": True}, ["django", "flask"]),
        ({"maintained": False}, ["gin"]),
        ({"maintained": True, "lts": True}, ["django"]),
    ),
)
def test_keep(lifecycles: Lifecycles, wanted: dict[str, bool], kept: list[str]) -> None:
    found = keep(results("django", "flask", "gin", "echo"), wanted, lifecycles, TODAY)
    assert [r["id"] for r in found] == kept
    assert all(r["why"] and all(w["source"] for w in r["why"]) for r in found)


def test_cycle_reason_names_the_dates_and_file(lifecycles: Lifecycles) -> None:
    cycle = lifecycles.find(vocab.iri_for("django"), "5.2")
    assert cycle is not None
    reason = cycle_reason(cycle, TODAY)
    assert reason["text"] == (
        "Django 5.2 is supported on 2026-12-07 (released 2025-04-02; security support until "
        "2028-04-30; active support until 2025-12-31; LTS)"
    )
    assert reason["source"]["file"] == "products/django.md"


def test_describe_says_the_date() -> None:
    assert describe("supported", True, dt.date(2026, 1, 2)) == "with a release cycle supported as of 2026-01-02"
    assert describe("maintained", False, TODAY) == "not actively maintained as of 2026-12-07"
