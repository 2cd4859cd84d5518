"""Answering a question about one framework's release cycles ("is Django 4.2 still supported?", "latest Laravel
version", "when does Django 5.2 reach end of life", "which Spring Boot versions are supported"), as of a date, each
answer citing the cycle and its file."""

from __future__ import annotations

import datetime as dt
from typing import Any

from service import vocab
from service.knowledge.ask.status import cycle_reason
from service.knowledge.catalog import Term, ref
from service.knowledge.lifecycles import Cycle, Lifecycles


def lifecycle_answer(
    term: Term, asked: str, cycle_name: str | None, lifecycles: Lifecycles, day: dt.date
) -> dict[str, Any]:
    """Answer what is asked of a framework's cycles on `day`: the answer in words, yes/no where asked, the cycles
    it rests on, each with its dates and source."""
    iri = term.iri
    own = lifecycles.of(iri)
    runtime = lifecycles.runtime_cycles(iri)
    told: dict[str, Any] = {
        "framework": ref(iri, term.label),
        "asked": asked,
        "cycle": cycle_name,
        "as_of": day.isoformat(),
        "answer": None,
        "cycles": [],
        "runtime": [
            {"runtime": ref(r, cycles[0].of_label), "cycles": [c.as_json(day) for c in cycles]} for r, cycles in runtime
        ],
    }
    if asked == "maintained":
        said = lifecycles.maintained(iri, day)
        told["answer"] = said["status"]
        told["maintained"] = said
        evidence = "; ".join(item["text"] for item in said["evidence"]) or "no release or repository evidence"
        told["text"] = f"{_yes_no(said['maintained'])}: {term.label} as of {day} — {evidence}."
        told["why"] = [
            {
                "triple": [vocab.compact(iri), "sa:" + item["kind"], item["date"]],
                "text": item["text"],
                "source": item["source"],
            }
            for item in said["evidence"]
        ]
        return told
    if not own and not runtime:
        told["text"] = f"The graph holds no release cycles of {term.label}."
        told["why"] = []
        return told
    prefix = ""
    if not own:  # ASP.NET Core ships with .NET: the runtime's cycles answer, said as the runtime's
        own = runtime[0][1]
        told["of_runtime"] = ref(runtime[0][0], own[0].of_label)
        prefix = f"{term.label} has no release cycles of its own in the graph; it runs on {own[0].of_label}. "
        iri = runtime[0][0]
        term = Term(term.facet, iri, own[0].of_label, ())
    chosen: list[Cycle]
    if cycle_name is not None:
        found = lifecycles.find(iri, cycle_name)
        if found is None:
            names = ", ".join(c.name for c in own)
            told["text"] = f"{term.label} has no release cycle {cycle_name} in the graph (its cycles: {names})."
            told["why"] = []
            return told
        chosen = [found]
    elif asked == "supported":
        chosen = [c for c in own if c.supported(day)]
    elif asked == "lts":
        chosen = [c for c in own if c.lts_on(day) and c.released(day)]
    elif asked in {"latest", "end_of_life"}:
        released = [c for c in own if c.released(day)]
        chosen = released[:1] if asked == "latest" else [c for c in released if c.supported(day) is not False]
    else:
        chosen = own
    told["cycles"] = [c.as_json(day) for c in chosen]
    told["text"], told["answer"] = _said(term, asked, cycle_name, chosen, day)
    told["text"] = prefix + told["text"]
    told["why"] = [_reason(c, asked, day) for c in chosen]
    return told


def _said(term: Term, asked: str, named: str | None, chosen: list[Cycle], day: dt.date) -> tuple[str, Any]:
    """Say the answer in one sentence, and the answer's value (yes/no/unknown, a version, a date)."""
    when = day.isoformat()
    if not chosen:
        nothing = {
            "supported": f"No release cycle of {term.label} is supported on {when}.",
            "lts": f"{term.label} has no long-term support release.",
        }
        return nothing.get(asked, f"No release cycle of {term.label} fits."), ("no" if asked == "supported" else None)
    first = chosen[0]
    if named is not None and asked in {"supported", "cycles", "lts", "maintained"}:
        supported = first.supported(day)
        ends = first.end_of_life()
        verdict = _yes_no(supported)
        support = f"security support until {ends}" if first.security_until else f"end of security support {ends}"
        return f"{verdict}: {first.label} {'is' if supported else 'is not'} supported on {when}" + (
            f" ({support})." if supported is not None else " (its end of support is not given)."
        ), verdict.lower()
    if asked == "latest":
        latest = first.latest or first.name
        on = f", released {first.latest_date}" if first.latest_date else ""
        return f"The latest version of {term.label} is {latest} (cycle {first.name}{on}).", latest
    if asked == "end_of_life":
        ends = "; ".join(f"{c.label}: {c.end_of_life()}" for c in chosen)
        return f"End of security support — {ends}.", chosen[0].end_of_life() if named else None
    names = ", ".join(c.name for c in chosen)
    if asked == "supported":
        return f"Supported on {when}: {term.label} {names}.", [c.name for c in chosen]
    if asked == "lts":
        return f"Long-term support releases of {term.label}: {names}.", [c.name for c in chosen]
    return f"Release cycles of {term.label}: {names}.", [c.name for c in chosen]


def _reason(cycle: Cycle, asked: str, day: dt.date) -> dict[str, Any]:
    if asked == "latest":
        text = f"{cycle.label}: latest version {cycle.latest or cycle.name}" + (
            f", released {cycle.latest_date}" if cycle.latest_date else ""
        )
        value = cycle.latest or cycle.name
        return {"triple": [vocab.compact(cycle.iri), "sa:latestVersion", value], "text": text, "source": cycle.source}
    return cycle_reason(cycle, day)


def _yes_no(value: bool | None) -> str:
    return {True: "Yes", False: "No", None: "Unknown"}[value]
