"""One condition a question puts on its answers, and how it is said in words and in the API."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from service.knowledge import answers
from service.knowledge.catalog import Term, ref

# ORM classes read as English after "benchmarked with".
_ORM_PHRASE = {"Full ORM": "a full ORM", "Micro ORM": "a micro ORM", "Raw queries": "raw queries"}


@dataclass(frozen=True)
class Constraint:
    """One condition an answer must meet (or, negated, must not), and the words of the question it came from."""

    # language | use_case | pro | con | audience | feature | licence | style | built_on | similar | source | framework |
    # classification | database | orm | platform | server (the last five: what the public datasets say)
    kind: str
    term: Term
    matched: str
    negated: bool = False
    # Constraints with the same group are alternatives: an answer meets at least one, ranked by how many.
    group: int | None = None

    def describe(self) -> str:
        """Say the condition in words."""
        label = self.term.label
        said = {
            "language": f"for apps in {label}",
            "use_case": f"suited to {label} (or a narrower use case)",
            "pro": f"praised for {label}",
            "con": f"criticised for {label}",
            "audience": f"recommended for {label}",
            "feature": f"with {label}",
            "licence": f"licensed under the {label}" if label.endswith("License") else f"licensed {label}",
            "style": f"classed as {label}",
            "classification": f"classified {label.lower()} by TechEmpower",
            "database": f"benchmarked with {label}",
            "orm": f"benchmarked with {_ORM_PHRASE.get(label, label)}",
            "platform": f"benchmarked on {label}",
            "server": f"benchmarked behind {label}",
            "built_on": f"built on or running on {label}",
            "similar": f"similar to {label}",
            "source": f"according to {label}",
            "framework": label,
        }[self.kind]
        if not self.negated:
            return said
        if self.kind == "framework":
            return f"other than {label}"
        return f"without {label}" if self.kind == "feature" else f"not {said}"

    def as_json(self) -> answers.Constraint:
        """Describe the constraint for the API."""
        named = ref(self.term.iri, self.term.label)
        found: answers.Constraint = {
            "kind": self.kind,
            "id": named["id"],
            "label": named["label"],
            "iri": named["iri"],
            "matched": self.matched,
            "means": self.describe(),
        }
        if self.negated:
            found["negated"] = True
        if self.group is not None:
            found["any_of"] = self.group
        return found


def with_group(constraint: Constraint, group: int | None) -> Constraint:
    """Return the constraint as one of the alternatives `group` (or as none, for None)."""
    return Constraint(constraint.kind, constraint.term, constraint.matched, constraint.negated, group)


def evidence_indices(constraints: Sequence[Constraint]) -> list[int]:
    """Return the positions of the constraints whose matches bind evidence (?g, ?x): not the excluding ones."""
    return [i for i, c in enumerate(constraints) if not c.negated and c.kind != "framework"]
