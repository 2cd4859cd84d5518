"""What a question was read as, and how that reading is said: a summary, notes, and the API's description."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from service.knowledge.ask.constraint import Constraint
from service.knowledge.ask.popular import PopularityRanking
from service.knowledge.ask.ranking import Ranking
from service.knowledge.ask.status import STATUSES
from service.knowledge.ask.wording import any_of, enumerate_phrases
from service.knowledge.catalog import Term

MAX_COMPARED = 3  # frameworks one comparison shows side by side (as /compare does)


@dataclass(frozen=True)
class Correction:
    """A word of the question read as a near name ("pyhton" as Python)."""

    typed: str
    label: str

    def text(self) -> str:
        """Say the correction in words."""
        return f"read '{self.typed}' as {self.label}"


@dataclass(frozen=True)
class Interpretation:
    """What a question was read as: what is asked, constraints, the words behind them, the words ignored."""

    question: str
    constraints: tuple[Constraint, ...]
    ignored: tuple[str, ...]
    # list (frameworks meeting the constraints) | all (every framework) | record (one framework) |
    # comparison (two or three side by side) | lifecycle (one framework's release cycles) | nothing (no word understood)
    intent: str = "list"
    frameworks: tuple[Term, ...] = ()  # the framework of a record, the frameworks compared
    parts: tuple[str, ...] = ()  # the parts of a record asked for ("cons"), or all of it
    corrections: tuple[Correction, ...] = ()
    unsure: tuple[tuple[str, tuple[str, ...]], ...] = ()  # words close to several names: not read as any
    left_out: tuple[str, ...] = ()  # frameworks named past the most a comparison shows
    count: bool = False  # "how many ...": the number as well as the list
    rank_by: Ranking | None = None  # "fastest ...": the answers with a measured figure, ranked by it
    popular: PopularityRanking | None = None  # "most popular ...": the answers with a survey share, ranked by it
    statuses: tuple[str, ...] = ()  # "supported", "lts", "maintained": conditions judged on the answer's date
    # lifecycle (one framework's release cycles): what is asked of them — latest | end_of_life | supported | lts |
    # maintained | cycles — and of which cycle, if one is named ("4.2")
    lifecycle: str | None = None
    cycle: str | None = None

    @property
    def summary(self) -> str | None:
        """Say the reading in one English phrase."""
        if self.intent == "lifecycle":
            return self._lifecycle_summary()
        if self.intent == "all" and (self.rank_by is not None or self.popular is not None or self.statuses):
            return self._list_summary()
        if self.intent == "all":
            return "how many frameworks there are" if self.count else "every framework"
        if self.intent == "record":
            term = self.frameworks[0]
            return (
                f"{' and '.join(self.parts)} of {term.label}"
                if self.parts
                else f"what the graph says about {term.label}"
            )
        if self.intent == "comparison":
            return "a comparison of " + enumerate_phrases([t.label for t in self.frameworks])
        if not self.constraints:
            return None
        return self._list_summary()

    def _lifecycle_summary(self) -> str:
        """Say what is asked of one framework's release cycles."""
        label = self.frameworks[0].label
        named = f"{label} {self.cycle}" if self.cycle else label
        return {
            "latest": f"the latest version of {named}",
            "end_of_life": f"when {named} reaches its end of life (security support)",
            "supported": f"whether {named} is supported" if self.cycle else f"the supported versions of {label}",
            "lts": f"the long-term support (LTS) versions of {label}",
            "maintained": f"whether {label} is actively maintained",
        }.get(self.lifecycle or "", f"the release cycles of {named}")

    def _list_summary(self) -> str:
        """Say a list's reading: the conditions, the frameworks asked about or left out, the source, the order."""
        said = self._conditions() + [STATUSES[status] for status in self.statuses]
        text = "frameworks " + enumerate_phrases(said) if said else "frameworks"
        among = [c.term.label for c in self.constraints if c.kind == "framework" and not c.negated]
        if among:  # "is Django good for beginners": "Django if recommended for Beginners"
            text = enumerate_phrases(among, "or") + (" if " + enumerate_phrases(said) if said else "")
        if self.count:
            text = "how many " + text
        excluded = [c.term.label for c in self.constraints if c.kind == "framework" and c.negated]
        if excluded:  # "Java frameworks except Spring Boot"
            text += ", other than " + enumerate_phrases(excluded, "and")
        text += "".join(f", {c.describe()}" for c in self.constraints if c.kind == "source")
        text += f", {self.popular.describe()}" if self.popular is not None else ""
        return text + (f", {self.rank_by.describe()}" if self.rank_by is not None else "")

    def _conditions(self) -> list[str]:
        """Say each condition on the frameworks once, a group of alternatives as one phrase."""
        said: list[str] = []
        seen: set[int] = set()
        for c in self.constraints:
            if c.kind in {"source", "framework"}:
                continue
            if c.group is None:
                said.append(c.describe())
            elif c.group not in seen:
                seen.add(c.group)
                said.append(any_of([m for m in self.constraints if m.group == c.group]))
        return said

    @property
    def notes(self) -> list[str]:
        """Say what the reading decided that the question did not say outright."""
        notes = [correction.text() for correction in self.corrections]
        if self.left_out:
            left = enumerate_phrases(list(self.left_out), "and")
            notes.append(f"at most {MAX_COMPARED} frameworks are compared side by side: {left} left out")
        for word, labels in self.unsure:
            notes.append(f"'{word}' is close to {enumerate_phrases(list(labels), 'and')}: not read as any of them")
        notes += self._alternatives_notes()
        if self.rank_by is not None:
            notes.append(
                f"'{self.rank_by.matched}' read as a ranking, {self.rank_by.describe()}: only the frameworks with a "
                "measured figure are answered"
            )
        if self.popular is not None:
            notes.append(
                f"'{self.popular.matched}' read as a ranking by the Stack Overflow survey, {self.popular.describe()}: "
                "only the frameworks the survey table has a share for are answered"
            )
        if self.statuses:
            said = enumerate_phrases([STATUSES[status] for status in self.statuses])
            notes.append(f"{said}: judged on the date the answer gives (as_of), from release cycles and repositories")
        if self.ignored and self.intent in {"list", "all", "comparison", "record", "lifecycle"}:
            unknown = enumerate_phrases([f"'{word}'" for word in self.ignored], "and")
            notes.append(f"not understood: {unknown}; the answer does not take it into account")
        return notes

    def _alternatives_notes(self) -> list[str]:
        """Say, for each group of alternatives, which words were read as alternatives and what that means."""
        notes = []
        for group in sorted({c.group for c in self.constraints if c.group is not None}):
            members = [c for c in self.constraints if c.group == group]
            matched = list(dict.fromkeys(f"'{c.matched}'" for c in members))
            if len(matched) < len(members):  # one phrase naming our style and TechEmpower's class
                notes.append(
                    f"{enumerate_phrases(matched, 'and')} read as alternatives ({any_of(members)}): "
                    "a framework meeting any of them, ranked by how many it meets"
                )
                continue
            joined = enumerate_phrases(matched, "and")
            notes.append(f"{joined} read as alternatives: a framework meeting any of them, ranked by how many it meets")
        return notes

    def as_json(self) -> dict[str, Any]:
        """Describe the interpretation for the API."""
        return {
            "intent": self.intent,
            "constraints": [c.as_json() for c in self.constraints],
            "ignored": list(self.ignored),
            "corrections": [{"typed": c.typed, "read_as": c.label} for c in self.corrections],
            "notes": self.notes,
            "summary": self.summary,
            **({"count": True} if self.count else {}),
            **({"rank_by": self.rank_by.as_json()} if self.rank_by is not None else {}),
            **({"popular": self.popular.as_json()} if self.popular is not None else {}),
            **({"statuses": list(self.statuses)} if self.statuses else {}),
            **({"lifecycle": self.lifecycle, "cycle": self.cycle} if self.lifecycle else {}),
        }
