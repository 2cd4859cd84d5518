"""The names of a question → constraints, by the cue words around each ("like", "built on", "not", "steep", "and")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from service.knowledge import phrases
from service.knowledge.ask.constraint import Constraint, with_group
from service.knowledge.catalog import Term

if TYPE_CHECKING:
    from service.knowledge.ask.lexicon import Lexicon

CUE_WINDOW = 3  # how many words before a name may carry its cue
GROUPED_KINDS = frozenset(
    {
        "language",
        "use_case",
        "pro",
        "con",
        "audience",
        "feature",
        "licence",
        "style",
        "built_on",
        "classification",
        "database",
        "orm",
        "platform",
        "server",
    }
)
# Kinds whose values joined by "and" (or listed) are all required: a framework with DI and OpenAPI has both. Only
# "or" makes them alternatives ("with GraphQL or OpenAPI").
ALL_OF_KINDS = frozenset({"feature"})
NAME_FACETS = frozenset({"framework", "runtime"})  # the facets a framework's name may be read as
# The words that may stand between two values read as alternatives ("for prototypes and for MVPs").
_BETWEEN_ALTERNATIVES = phrases.JOINERS | {"a", "an", "the", "for", "to", "with", "in"}


@dataclass
class Found:
    """A name found in the question: where, what it may name, and whether it came from a near miss."""

    start: int
    end: int
    terms: list[Term]
    phrase: str


def choose_term(terms: Sequence[Term], before: set[str]) -> Term:
    """Return the term a phrase names: the first by Lexicon.PRIORITY, unless the words before ask for a set-up's
    platform or server ("on WSGI", "behind Tornado", "benchmarked on Node.js")."""
    first = terms[0]
    for term in terms[1:]:
        cues = phrases.FACET_CUES.get(term.facet, frozenset()) | phrases.BENCHMARK_CUES
        if not cues & before:
            continue
        if first.facet in {"framework", "runtime", "language"} and not (
            (phrases.STRONG_FACET_CUES | phrases.BENCHMARK_CUES) & before
        ):
            continue  # "on Node.js", "on Rack": what a framework is built on, as before
        return term
    return first


def constraints_of(lexicon: Lexicon, found: list[Found], chosen: list[Term], folded: list[str]) -> list[Constraint]:
    """Read each name found (as the term `chosen` for it) as a constraint; values joined by "and" as alternatives."""
    constraints: list[Constraint] = []
    negated_before = False
    for index, item in enumerate(found):
        previous = constraints[-1] if constraints else None
        constraint = _read_name(lexicon, found, index, chosen[index], folded, previous, negated_before)
        negated_before = constraint.negated
        if constraint not in constraints:
            constraints += _with_same_class(lexicon, constraint, item.phrase, len(constraints))
    return group_alternatives(constraints, found, folded)


def _read_name(
    lexicon: Lexicon,
    found: list[Found],
    index: int,
    term: Term,
    folded: list[str],
    previous: Constraint | None,
    negated_before: bool,
) -> Constraint:
    """Read the name `found[index]` as a constraint, by the words before, inside and after it."""
    item = found[index]
    between = folded[found[index - 1].end if index else 0 : item.start]  # the words since the name before
    before = folded[max(0, item.start - CUE_WINDOW) : item.start]
    after = folded[item.end : item.end + 1]
    inside = folded[item.start : item.end]
    negated = bool(phrases.NEGATION_CUES & set(between[-CUE_WINDOW:]))
    if not negated and negated_before and between and set(between) <= phrases.JOINERS:
        negated = True  # "not for APIs or real-time apps": the negation reaches across "or"
    if term.facet in NAME_FACETS:
        before = between[-CUE_WINDOW:]  # a cue before one name is not another's ("like Flask except Bottle")
        # "like Flask and Django", "built on Node.js or Deno": the cue reaches across "and"/"or" (or nothing:
        # "like Rails, Django")
        if previous is not None and previous.kind in {"similar", "built_on"} and set(between) <= phrases.JOINERS:
            target = lexicon.as_framework(term) if previous.kind == "similar" else term
            return Constraint(previous.kind, target, item.phrase, previous.negated)
    return _constraint(lexicon, term, item.phrase, before, inside, after, negated)


def _constraint(
    lexicon: Lexicon,
    term: Term,
    phrase: str,
    before: list[str],
    inside: list[str],
    after: list[str],
    negated: bool,
) -> Constraint:
    """Return the constraint one term asks for, by the cue words before it, in its own name and after it."""
    if term.facet in NAME_FACETS:
        unlike = bool(phrases.DISSIMILARITY_CUES & set(before))
        negated = negated or unlike
        wants_similar = unlike or bool(phrases.SIMILARITY_CUES & set(before + after))
        wants_base = bool(phrases.BUILT_ON_CUES & set(before) or phrases.BUILT_ON_AFTER & set(after))
        wants_base = wants_base or term.facet == "runtime"
        if term.facet == "framework" and not wants_base and not wants_similar:
            # "except Spring Boot" leaves it out; "is Django good for beginners" asks about it alone
            return Constraint("framework", term, phrase, negated=negated)
        kind = "built_on" if wants_base and not wants_similar else "similar"
        if kind == "similar" and term.facet == "runtime":
            term = lexicon.catalog.find("framework", term.slug) or term
        return Constraint(kind, term, phrase, negated=negated)
    if term.facet == "aspect":
        negative = bool(phrases.NEGATIVE_CUES & set(before + inside))
        return Constraint("con" if negative else "pro", term, phrase, negated=negated)
    if term.facet == "use_case":
        return Constraint("use_case", lexicon.general(term), phrase, negated=negated)
    return Constraint(term.facet, term, phrase, negated=negated and term.facet != "source")


def _with_same_class(lexicon: Lexicon, constraint: Constraint, phrase: str, position: int) -> list[Constraint]:
    """Return the constraint, and with a style or class ("micro-frameworks") its namesake: either, as alternatives."""
    paired = lexicon.same_class.get(constraint.term.iri) if constraint.kind in {"style", "classification"} else None
    if paired is None:
        return [constraint]
    group = None if constraint.negated else position
    constraint = with_group(constraint, group)
    other = Constraint(paired.facet, paired, phrase, constraint.negated, group)
    return [constraint, other] if constraint.kind == "style" else [other, constraint]


def group_alternatives(constraints: list[Constraint], found: list[Found], folded: list[str]) -> list[Constraint]:
    """Make values of one kind joined by "and"/"or" (or listed) alternatives: "for prototypes and MVPs"."""
    by_phrase = {item.phrase: item for item in found}
    grouped = list(constraints)
    for before, after in pairwise(_units(grouped)):
        first, second = grouped[before[0]], grouped[after[0]]
        if (
            first.kind != second.kind
            or first.kind not in GROUPED_KINDS
            or first.negated
            or second.negated
            or first.matched not in by_phrase
            or second.matched not in by_phrase
        ):
            continue
        between = folded[by_phrase[first.matched].end : by_phrase[second.matched].start]
        if first.kind in ALL_OF_KINDS and "or" not in between:  # "with DI and OpenAPI": both
            continue
        if set(between) <= _BETWEEN_ALTERNATIVES and (not between or phrases.JOINERS & set(between)):
            group = first.group if first.group is not None else before[0]
            for j in before + after:
                grouped[j] = with_group(grouped[j], group)
    return grouped


def _units(constraints: list[Constraint]) -> list[list[int]]:
    """Return the positions of the constraints, those of one phrase's alternatives ("micro": a style or a class)
    together as one unit."""
    units: list[list[int]] = []
    for i, c in enumerate(constraints):
        last = constraints[units[-1][0]] if units else None
        if last is not None and c.group is not None and last.group == c.group and last.matched == c.matched:
            units[-1].append(i)
        else:
            units.append([i])
    return units
