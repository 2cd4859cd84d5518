"""Frameworks side by side: trait by trait, what all of them share and what only one has, each with its sources.

One comparison for the /compare page and for questions such as "flask vs django": it works on
framework records (Catalog.framework) and so on whatever store the records were read from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from service import vocab
from service.knowledge.catalog import ref

if TYPE_CHECKING:
    from service.knowledge.lifecycles import Lifecycles
    from service.knowledge.popularity import Popularity
    from service.knowledge.similarity import SimilarityIndex

# What a comparison sets side by side, in order: key and heading (the /compare page shows them so).
TRAITS: tuple[tuple[str, str], ...] = (
    ("language", "Language"),
    ("platform", "Built on / runs on"),
    ("style", "Style"),
    ("use_cases", "Use cases"),
    ("pros", "Praised for"),
    ("cons", "Criticised for"),
    ("audiences", "Recommended for"),
    ("features", "Features"),
)
# Record fields that hold a trait's values directly (pros, cons and recommendations hold them inside claims).
_PLAIN: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("language", ("language",)),
    ("platform", ("built_on", "runs_on")),
    ("style", ("style",)),
    ("use_cases", ("use_cases",)),
    ("features", ("features",)),
)


def cite(section: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Shorten a record's source section to what an answer cites: the section, its source, curated or not."""
    if section is None:
        return None
    source = section.get("source") or {}
    return {
        "id": section["id"],
        "label": section["label"],
        "source": source.get("label"),
        "curated": section.get("curated", False),
    }


def traits(record: Mapping[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """Return a record's comparable traits: for each kind, its values by id, each with the sources that say so."""
    found: dict[str, dict[str, dict[str, Any]]] = {key: {} for key, _ in TRAITS}

    def add(key: str, value: Mapping[str, Any], sources: Iterable[dict[str, Any] | None]) -> None:
        entry = found[key].setdefault(value["id"], {"id": value["id"], "label": value["label"], "sources": []})
        for cited in sources:
            if cited is not None and cited not in entry["sources"]:
                entry["sources"].append(cited)

    for key, fields in _PLAIN:
        for name in fields:
            for value in record.get(name, []):
                add(key, value, (cite(section) for section in value.get("sources", [])))
    for key in ("pros", "cons"):
        for assessment in record.get(key, []):
            for aspect in assessment["aspects"]:
                add(key, aspect, [cite(assessment.get("source"))])
    for recommendation in record.get("recommendations", []):
        for audience in recommendation["audiences"]:
            add("audiences", audience, [cite(recommendation.get("source"))])
    return found


def side_by_side(
    records: Sequence[Mapping[str, Any]],
    similarity: SimilarityIndex | None = None,
    lifecycles: Lifecycles | None = None,
    popularity: Popularity | None = None,
    day: dt.date | None = None,
) -> dict[str, Any]:
    """Compare framework records: per trait what all share and what only one has (with sources), pair scores, a link;
    with `lifecycles` and `popularity`, their support on `day` (today by default) and survey shares side by side."""
    described = [(record["id"], traits(record)) for record in records]
    rows = []
    for key, title in TRAITS:
        holders: dict[str, list[str]] = {}
        for slug, found in described:
            for value in found[key]:
                holders.setdefault(value, []).append(slug)
        shared = [
            {
                "id": value,
                "label": described[0][1][key][value]["label"],
                "sources": {slug: found[key][value]["sources"] for slug, found in described},
            }
            for value, who in holders.items()
            if len(who) == len(described)
        ]
        only = {
            slug: _by_label([found[key][value] for value in found[key] if holders[value] == [slug]])
            for slug, found in described
        }
        rows.append({"key": key, "title": title, "shared": _by_label(shared), "only": only})
    scores = []
    for i, (first, _) in enumerate(described):
        for second, _ in described[i + 1 :]:
            score = _score(similarity, vocab.iri_for(first), vocab.iri_for(second))
            if score is not None:
                scores.append({"a": first, "b": second, "score": score})
    ids = ",".join(record["id"] for record in records)
    compared: dict[str, Any] = {
        "frameworks": [ref(record["iri"], record["label"]) for record in records],
        "traits": rows,
        "scores": scores,
        "links": {"compare": f"/compare?ids={ids}"},
    }
    if lifecycles is not None:
        compared["lifecycle"] = lifecycle_side_by_side(records, lifecycles, day or dt.date.today())
    if popularity is not None:
        compared["popularity"] = popularity_side_by_side(records, popularity)
    return compared


def lifecycle_side_by_side(
    records: Sequence[Mapping[str, Any]], lifecycles: Lifecycles, day: dt.date
) -> dict[str, Any]:
    """Set the frameworks' support side by side on `day`: supported and LTS cycles, the latest version, maintained."""
    rows = []
    for record in records:
        own = lifecycles.of(record["iri"])
        runtime = lifecycles.runtime_cycles(record["iri"])
        shown = own or (runtime[0][1] if runtime else [])
        released = [c for c in shown if c.released(day)]
        latest = released[0] if released else None
        maintained = lifecycles.maintained(record["iri"], day)
        rows.append(
            {
                "id": record["id"],
                "label": record["label"],
                "cycles_of": ref(shown[0].of, shown[0].of_label) if shown else None,  # the runtime's, when not its own
                "supported": [c.name for c in shown if c.supported(day)],
                "lts": [c.name for c in shown if c.lts_on(day) and c.supported(day)],
                "latest": {
                    "version": latest.latest or latest.name,
                    "date": latest.latest_date.isoformat() if latest.latest_date else None,
                    "cycle": latest.name,
                }
                if latest
                else None,
                "maintained": maintained["status"],
                "sources": list({c.source["id"]: c.source for c in shown}.values()),
            }
        )
    return {"as_of": day.isoformat(), "frameworks": rows}


def popularity_side_by_side(records: Sequence[Mapping[str, Any]], popularity: Popularity) -> dict[str, Any]:
    """Set the frameworks' survey shares side by side: worked with and admired in each year, with the caveats."""
    rows, observed = [], []
    for record in records:
        found = popularity.record(record["iri"])
        trend, latest = (found["by_year"], found["latest"]) if found else ([], None)
        rows.append({"id": record["id"], "label": record["label"], "by_year": trend, "latest": latest})
        observed += [o for o in popularity.observations if o.framework == record["iri"]]
    return {"frameworks": rows, "caveats": popularity.caveats(observed), "source": popularity.source(observed)}


def labels(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Return comparison rows with each value as its label alone (what the /compare page lists)."""
    return [
        {
            "key": row["key"],
            "title": row["title"],
            "shared": [value["label"] for value in row["shared"]],
            "only": {slug: [value["label"] for value in values] for slug, values in row["only"].items()},
        }
        for row in rows
    ]


def _by_label(values: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(values, key=lambda value: str(value["label"]).casefold())


def _score(similarity: SimilarityIndex | None, a: str, b: str) -> float | None:
    if similarity is None:
        return None
    try:
        return round(similarity.score(a, b), 2)
    except KeyError:  # a framework without any attribute is not in the index
        return None
