"""Frameworks side by side: shared and only-one traits, each with the sections that say so."""

from __future__ import annotations

import datetime as dt
from typing import Any

from issue24_support import fixture_dataset

from service.knowledge.catalog import Catalog
from service.knowledge.compare import labels, side_by_side
from service.knowledge.lifecycles import Lifecycles
from service.knowledge.popularity import Popularity

SECTION = {"id": "source/article/flask", "label": "Flask", "source": {"label": "Article"}}
CURATED = {"id": "source/curation/facts", "label": "Facts", "source": {"label": "Curation"}, "curated": True}


def framework(slug: str, language: str, section: dict[str, Any], pros: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "id": slug,
        "iri": f"https://w3id.org/stackatlas/id/{slug}",
        "label": slug.title(),
        "language": [{"id": language.lower(), "label": language, "sources": [section]}],
        "pros": [{"aspects": [{"id": pro.lower(), "label": pro}], "source": section} for pro in pros],
    }


def test_a_shared_value_carries_each_frameworks_sources() -> None:
    compared = side_by_side([framework("a", "Python", SECTION), framework("b", "Python", CURATED)])
    (language,) = [row for row in compared["traits"] if row["key"] == "language"]
    (shared,) = language["shared"]
    assert shared["label"] == "Python"
    assert shared["sources"]["a"][0]["source"] == "Article"
    assert shared["sources"]["b"][0]["curated"] is True
    assert compared["links"] == {"compare": "/compare?ids=a,b"}
    assert compared["scores"] == []  # no similarity index given


def test_what_only_one_has_is_listed_under_it_by_label() -> None:
    compared = side_by_side(
        [framework("a", "Python", SECTION, ("Speed", "Docs")), framework("b", "Go", SECTION, ("Docs",))]
    )
    rows = {row["key"]: row for row in labels(compared["traits"])}
    assert rows["language"] == {
        "key": "language",
        "title": "Language",
        "shared": [],
        "only": {"a": ["Python"], "b": ["Go"]},
    }
    assert rows["pros"]["shared"] == ["Docs"]
    assert rows["pros"]["only"] == {"a": ["Speed"], "b": []}


# --- Support and popularity side by side (issue 24), on the fixture graph ---------------------------------------------


def test_support_and_popularity_side_by_side() -> None:
    store = fixture_dataset().store
    catalog = Catalog(store)
    records = [record for slug in ("django", "aspnet-core", "flask") if (record := catalog.framework(slug))]
    compared = side_by_side(records, None, Lifecycles.read(store), Popularity.read(store), dt.date(2026, 12, 7))
    support = {row["id"]: row for row in compared["lifecycle"]["frameworks"]}
    assert compared["lifecycle"]["as_of"] == "2026-12-07"
    assert (support["django"]["supported"], support["django"]["lts"]) == (["6.0", "5.2"], ["5.2"])
    assert support["aspnet-core"]["cycles_of"]["id"] == "dotnet"  # the runtime's cycles, said as the runtime's
    assert support["flask"]["supported"] == [] and support["flask"]["maintained"] == "yes"
    assert support["django"]["sources"][0]["file"] == "products/django.md"
    shares = {row["id"]: row["latest"] for row in compared["popularity"]["frameworks"]}
    assert shares["flask"]["worked_with"] == 0.133
    assert compared["popularity"]["caveats"] and compared["popularity"]["source"]
