"""Answering a reading: a list meeting its constraints (ranked or kept to a date's conditions when asked), every
framework, a record, a comparison, or one framework's release cycles."""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from service import vocab
from service.knowledge.ask.evidence import answer
from service.knowledge.ask.interpretation import Interpretation
from service.knowledge.ask.lifecycle import lifecycle_answer
from service.knowledge.ask.popular import rank
from service.knowledge.ask.ranking import figures_of, rank_results
from service.knowledge.ask.status import keep
from service.knowledge.catalog import Catalog, ref
from service.knowledge.compare import lifecycle_side_by_side, popularity_side_by_side, side_by_side
from service.knowledge.figures import Figures
from service.knowledge.lifecycles import Lifecycles
from service.knowledge.popularity import Popularity
from service.knowledge.record_answers import Framework
from service.query.engine import Source

if TYPE_CHECKING:
    from service.knowledge.similarity import SimilarityIndex


def reply(
    catalog: Catalog,
    reading: Interpretation,
    source: Source | None = None,
    similarity: SimilarityIndex | None = None,
    figures: Figures | None = None,
    lifecycles: Lifecycles | None = None,
    popularity: Popularity | None = None,
    day: dt.date | None = None,
) -> dict[str, Any]:
    """Answer what a question was read as: a list, every framework, one record, a comparison or release cycles.

    Every query runs on `source` (the time-limited query processes for the web) when given. A superlative
    ("fastest") ranks by `figures`, "most popular" by `popularity`; supported and maintained are judged by
    `lifecycles` on `day` (today by default); each is read once per dataset when not given.
    """
    source = catalog.store if source is None else source
    day = day or dt.date.today()
    if reading.intent == "lifecycle":
        cycles = lifecycles if lifecycles is not None else _read_once(catalog, Lifecycles)
        term = reading.frameworks[0]
        said = lifecycle_answer(term, reading.lifecycle or "cycles", reading.cycle, cycles, day)
        named = {"triple": [vocab.compact(term.iri), "rdf:type", "sa:Framework"], "text": said["text"], "source": None}
        result = {**ref(term.iri, term.label), "why": said.pop("why") or [named]}
        return {"kind": "lifecycle", "as_of": day.isoformat(), "lifecycle": said, "sparql": None, "results": [result]}
    if reading.intent == "record":
        term = reading.frameworks[0]
        record = catalog.on(source).framework(term.slug)
        if record is not None:
            links = {"page": f"/id/{term.slug}", "api": f"/api/frameworks/{term.slug}"}
            record["links"] = {"page": links["page"], "similar": f"/api/frameworks/{term.slug}/similar"}  # as the API
            fields: Mapping[str, Any] = record  # the parts asked for are named by the reading, not spelled here
            part = {key: fields[key] for key in reading.parts if key in fields}
            told: dict[str, Any] = {"kind": "record", "record": record, "links": links, "sparql": None}
            return {**told, **({"part": part} if part else {}), "results": [_framework_result(record)]}
    if reading.intent == "comparison":
        compared = comparison(catalog, [t.slug for t in reading.frameworks], source, similarity)
        if compared is not None:  # support and popularity side by side, as of the answer's date
            cycles = lifecycles if lifecycles is not None else _read_once(catalog, Lifecycles)
            surveyed = popularity if popularity is not None else _read_once(catalog, Popularity)
            compared["lifecycle"] = lifecycle_side_by_side(compared["records"], cycles, day)
            compared["popularity"] = popularity_side_by_side(compared["records"], surveyed)
        if compared is not None:
            results = [_framework_result(record) for record in compared.pop("records")]
            return {
                "kind": "comparison",
                "comparison": compared,
                "links": compared["links"],
                "sparql": None,
                "results": results,
            }
    if reading.intent == "nothing":
        return {"kind": "nothing", "sparql": None, "results": []}
    found = answer(catalog, reading.constraints, source)
    results, ranking = found.results, None
    dated: dict[str, Any] = {}
    if reading.statuses:
        cycles = lifecycles if lifecycles is not None else _read_once(catalog, Lifecycles)
        results = keep(results, dict.fromkeys(reading.statuses, True), cycles, day)
        dated = {"as_of": day.isoformat()}
    if reading.popular is not None:
        surveyed = popularity if popularity is not None else _read_once(catalog, Popularity)
        results, ranking = rank(reading.popular, results, surveyed)
        dated = {"as_of": day.isoformat()}
    elif reading.rank_by is not None:
        measured = figures if figures is not None else figures_of(catalog)
        results, ranking = rank_results(reading.rank_by, results, measured)
    counted = {"count": len(results)} if reading.count else {}
    ranked = {"ranking": ranking} if ranking is not None else {}
    return {"kind": reading.intent, "sparql": found.sparql, **dated, **counted, **ranked, "results": results}


_READ: weakref.WeakKeyDictionary[Catalog, dict[type, Any]] = weakref.WeakKeyDictionary()


def _read_once(catalog: Catalog, kind: type[Lifecycles] | type[Popularity]) -> Any:
    """Return a catalog's release cycles or survey figures, read once (when the caller hands in none)."""
    held = _READ.setdefault(catalog, {})
    if kind not in held:
        held[kind] = kind.read(catalog.store)
    return held[kind]


def _framework_result(record: Framework) -> dict[str, Any]:
    kind = "sa:Framework" if "sa:Framework" in record.get("types", []) else "sa:Runtime"
    why = {
        "triple": [vocab.compact(record["iri"]), "rdf:type", kind],
        "text": f"{record['label']}: {record.get('description') or 'named in the question'}",
        "source": None,
    }
    return {**ref(record["iri"], record["label"]), "why": [why]}


def comparison(
    catalog: Catalog, slugs: Sequence[str], source: Source | None = None, similarity: SimilarityIndex | None = None
) -> dict[str, Any] | None:
    """Set two or three frameworks side by side (see compare.py), their records read from `source`."""
    view = catalog if source is None else catalog.on(source)
    records = [record for slug in slugs if (record := view.framework(slug)) is not None]
    if len(records) < 2:
        return None
    return {**side_by_side(records, similarity), "records": records}
