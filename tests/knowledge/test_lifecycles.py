"""Release cycles: supported and active support as of a date, the runtime's cycles, actively maintained."""

from __future__ import annotations

import datetime as dt

import pytest
from issue24_support import TODAY, fixture_dataset

from service import vocab
from service.knowledge.lifecycles import Cycle, Lifecycles, parse_date

DJANGO, DOTNET, ASPNET = vocab.iri_for("django"), vocab.iri_for("dotnet"), vocab.iri_for("aspnet-core")
SOURCE = {"id": "source/x", "label": "x"}


@pytest.fixture(scope="module")
def lifecycles() -> Lifecycles:
    return Lifecycles.read(fixture_dataset().store)


def cycle(**dates: object) -> Cycle:
    return Cycle(iri="c", of="f", of_label="F", name="1", label="F 1", source=SOURCE, **dates)  # type: ignore[arg-type]


D = dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("dates", "supported"),
    (
        ({"release": dt.date(2025, 1, 1), "security_until": dt.date(2026, 6, 2)}, True),
        ({"release": dt.date(2025, 1, 1), "security_until": D}, False),  # the last day of support is not after D
        ({"release": dt.date(2026, 6, 2), "security_until": dt.date(2030, 1, 1)}, False),  # not yet released
        ({"release": dt.date(2025, 1, 1), "security_ended": False}, True),  # eol false: no end announced
        ({"release": dt.date(2025, 1, 1), "security_ended": True}, False),  # eol true: ended, date unknown
        ({"release": dt.date(2025, 1, 1)}, None),  # no eol at all: unknown
    ),
)
def test_supported_on_a_date(dates: dict[str, object], supported: bool | None) -> None:
    assert cycle(**dates).supported(D) is supported


def test_active_support_ends_no_later_than_security_support() -> None:
    ended = cycle(release=dt.date(2020, 1, 1), security_until=dt.date(2021, 1, 1), active_ended=False)
    assert ended.active_support(D) is False
    assert (
        cycle(release=dt.date(2025, 1, 1), security_ended=False, active_until=dt.date(2026, 1, 1)).active_support(D)
        is False
    )
    assert cycle(release=dt.date(2025, 1, 1), security_ended=False, active_ended=False).active_support(D) is True


def test_django_cycles_newest_first_with_their_source(lifecycles: Lifecycles) -> None:
    cycles = lifecycles.of(DJANGO)
    assert [c.name for c in cycles] == ["6.0", "5.2", "4.2", "1.0"]
    source = cycles[0].source
    assert source["file"] == "products/django.md"
    assert source["commit"] == "0123456789abcdef0123456789abcdef01234567"
    assert source["url"].endswith("/blob/0123456789abcdef0123456789abcdef01234567/products/django.md")


def test_supported_depends_on_the_date_asked(lifecycles: Lifecycles) -> None:
    django_42 = lifecycles.find(DJANGO, "4.2")
    assert django_42 is not None
    assert django_42.supported(dt.date(2026, 4, 29)) is True
    assert django_42.supported(TODAY) is False
    assert lifecycles.find(DJANGO, "4.2.7") is django_42  # a patch version names its cycle
    record = lifecycles.record(DJANGO, TODAY)
    assert record["as_of"] == "2026-12-07"
    assert record["supported"] == ["6.0", "5.2"]
    assert record["cycles"][1]["supported_runtime_versions"] == "3.10 - 3.14"
    assert record["cycles"][3]["end_of_life"] == "ended"


def test_a_framework_on_a_runtime_shows_the_runtimes_cycles_as_the_runtimes(lifecycles: Lifecycles) -> None:
    record = lifecycles.record(ASPNET, TODAY)
    assert record["cycles"] == []
    assert [entry["runtime"]["label"] for entry in record["runtime"]] == [".NET"]
    shown = record["runtime"][0]["cycles"]
    assert [(c["cycle"], c["lts"], c["supported"]) for c in shown] == [("10", True, True), ("9", False, True)]
    assert all(c["of"]["id"] == "dotnet" for c in shown)


def test_lts_and_supported_filters(lifecycles: Lifecycles) -> None:
    assert lifecycles.has_lts(DJANGO, TODAY)
    assert lifecycles.has_supported(DJANGO, TODAY)
    assert not lifecycles.has_supported(DJANGO, dt.date(2000, 1, 1))
    assert not lifecycles.has_lts(vocab.iri_for("flask"), TODAY)


@pytest.mark.parametrize(
    ("slug", "day", "status", "kinds"),
    (
        ("django", TODAY, "yes", ["release"]),  # 5.2.8 on 2026-11-05
        ("django", dt.date(2028, 1, 1), "no", ["release"]),
        ("flask", TODAY, "yes", ["tag", "commits"]),  # old tag, but commits in a fresh snapshot
        ("flask", dt.date(2027, 6, 1), "no", ["tag", "commits"]),  # the snapshot is too old by then
        ("gin", TODAY, "no", ["tag", "commits"]),
        ("echo", TODAY, "unknown", []),  # no evidence: unknown, never no
    ),
)
def test_actively_maintained(lifecycles: Lifecycles, slug: str, day: dt.date, status: str, kinds: list[str]) -> None:
    said = lifecycles.maintained(vocab.iri_for(slug), day)
    assert said["status"] == status
    assert said["as_of"] == day.isoformat()
    assert [item["kind"] for item in said["evidence"]] == kinds
    assert all(item["source"]["id"] and item["date"] for item in said["evidence"])


@pytest.mark.parametrize(("text", "day"), (("2026-04-30", dt.date(2026, 4, 30)), ("", None), ("soon", None)))
def test_parse_date(text: str, day: dt.date | None) -> None:
    assert parse_date(text) == day
