"""What a framework's release cycles and repository say on a date: supported, LTS, actively maintained; the
answers kept to those that are, each with the cycle or the evidence (and its source) as a reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from service import vocab
from service.knowledge.lifecycles import Cycle, Lifecycles

# The conditions on a date a question or a filter may put: their API names and how they are said.
STATUSES: dict[str, str] = {
    "supported": "with a release cycle supported",
    "lts": "with a long-term support (LTS) release",
    "maintained": "actively maintained",
}


def describe(status: str, wanted: bool, day: dt.date) -> str:
    """Say a condition in words, with the date it is judged on."""
    said = STATUSES[status]
    return f"{said if wanted else 'not ' + said} as of {day.isoformat()}"


def cycle_reason(cycle: Cycle, day: dt.date) -> dict[str, Any]:
    """Say whether a cycle is supported on a date, citing its dates and its file."""
    end = cycle.end_of_life()
    supported = cycle.supported(day)
    verdict = {True: "is supported", False: "is not supported", None: "has no announced end of support"}[supported]
    dates = f"released {cycle.release.isoformat()}" if cycle.release else "release date not given"
    text = f"{cycle.label} {verdict} on {day.isoformat()} ({dates}; security support until {end}"
    text += f"; active support until {cycle.active_until.isoformat()}" if cycle.active_until else ""
    text += "; LTS)" if cycle.lts_on(day) else ")"
    return {"triple": [vocab.compact(cycle.iri), "sa:securitySupportUntil", end], "text": text, "source": cycle.source}


def keep(
    results: Sequence[dict[str, Any]], wanted: dict[str, bool], lifecycles: Lifecycles, day: dt.date
) -> list[dict[str, Any]]:
    """Keep the results meeting every condition (supported, lts, maintained: True or False), each with reasons."""
    kept = []
    for result in results:
        reasons: list[dict[str, Any]] = []
        if all(_meets(status, want, result["iri"], lifecycles, day, reasons) for status, want in wanted.items()):
            kept.append({**result, "why": [*result.get("why", []), *reasons]})
    return kept


def _meets(
    status: str, want: bool, iri: str, lifecycles: Lifecycles, day: dt.date, reasons: list[dict[str, Any]]
) -> bool:
    if status == "maintained":
        said = lifecycles.maintained(iri, day)
        if said["maintained"] is None or said["maintained"] != want:  # unknown meets neither yes nor no
            return False
        for item in said["evidence"]:
            reasons.append(
                {
                    "triple": [vocab.compact(iri), "sa:" + item["kind"], item["date"]],
                    "text": f"Actively maintained as of {day}: {item['text']}" if want else item["text"],
                    "source": item["source"],
                }
            )
        return True
    if not lifecycles.of(iri):  # no cycles: the graph cannot say either way
        return False
    if status == "supported":
        cycles = [c for c in lifecycles.of(iri) if c.supported(day)]
    else:
        cycles = [c for c in lifecycles.of(iri) if c.lts_on(day) and c.released(day)]
    if bool(cycles) != want:
        return False
    shown = cycles if want else lifecycles.of(iri)[:1]
    reasons += [cycle_reason(c, day) for c in shown[:3]]
    return True
