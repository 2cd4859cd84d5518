"""How a reading is said back: phrases joined as English does, alternatives of one relation said once."""

from __future__ import annotations

from collections.abc import Sequence

from service.knowledge.ask.constraint import Constraint


def enumerate_phrases(items: Sequence[str], last: str = "and") -> str:
    """Join phrases as English does: "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def any_of(members: Sequence[Constraint]) -> str:
    """Say alternatives with their relation once: "suited to Prototypes or MVPs (or a narrower use case)"."""
    first = members[0].describe()
    label = members[0].term.label
    head, _, tail = first.partition(label)
    if all(m.describe() == f"{head}{m.term.label}{tail}" for m in members):
        return f"{head}{enumerate_phrases([m.term.label for m in members], 'or')}{tail}"
    return enumerate_phrases([m.describe() for m in members], "or")
