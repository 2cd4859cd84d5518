"""Apply a SELECT's ORDER BY, LIMIT and OFFSET in Python, for queries the engine cannot sort.

pyoxigraph 0.5.13 compares two literals it cannot order by the SPARQL operators (a number and a
string, say) by their lexical forms, while numbers among themselves compare by value: the order is
not transitive ("6" < "10" < "2025" < "6"), and on enough such solutions Rust's sort aborts the
whole process ("user-provided comparison function does not correctly implement a total order").
So a query whose process died that way is run again without its top-level ORDER BY, LIMIT and
OFFSET, and its solutions are sorted here by SPARQL 1.1 Query §15.1, with a total order where the
specification leaves one open. The clauses are found with the lexer `guard` reads queries with, so
that words inside strings, IRIs and comments are never taken for keywords.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from service.query.guard import PROLOGUE, scan
from service.query.term_order import Condition, sort_solutions


class CannotOrderOutside(ValueError):
    """A query whose ordering cannot be moved out of the engine; the message names its ORDER BY clause."""


@dataclass(frozen=True)
class OrderPlan:
    """A SELECT rewritten to run without its top-level ORDER BY, LIMIT and OFFSET, and what they asked for."""

    sparql: str
    conditions: tuple[Condition, ...]
    limit: int | None = None
    offset: int = 0
    # Variables added to the projection only to sort by: not part of the answer.
    added: tuple[str, ...] = ()
    # Whether DISTINCT was taken out of the query, to be applied here after sorting.
    distinct: bool = False


@dataclass(frozen=True)
class Token:
    """A token of a SPARQL text as the engine reads it: guard's kind, the text, and where it starts and ends."""

    kind: str
    text: str
    start: int
    end: int

    def word(self) -> str | None:
        """Return the token upper-cased if it is a bare word (a keyword), else None."""
        return self.text.upper() if self.kind == "word" else None


# The engine reads keywords by their letters, so these need no space between them (`ORDERBYDESC(?x)
# LIMIT10` is a query to it): a bare word made of them only is read as them.
_PIECE = re.compile(r"ORDER|BY|ASC|DESC|LIMIT|OFFSET|FROM|NAMED|[0-9]+", re.IGNORECASE)
_GLUED = re.compile(rf"(?:{_PIECE.pattern})+", re.IGNORECASE)


def tokens(text: str) -> list[Token]:
    """Return the significant tokens of a SPARQL text (no spaces or comments), read by guard's lexer."""
    found: list[Token] = []
    position = 0
    for token in scan(text)[0]:
        start, position = position, position + len(token.text)
        if token.kind in {"space", "comment"}:
            continue
        if token.kind != "word" or not _GLUED.fullmatch(token.text):
            found.append(Token(token.kind, token.text, start, position))
            continue
        for piece in _PIECE.finditer(token.text):
            kind = "number" if piece.group().isdigit() else "word"
            found.append(Token(kind, piece.group(), start + piece.start(), start + piece.end()))
    return found


def plan(sparql: str) -> OrderPlan | None:
    """Rewrite a SELECT whose top-level ORDER BY sorts by variables; None when it has no ORDER BY at all."""
    # Read as pyoxigraph reads it (which applies codepoint escapes in strings and IRIs only), so that
    # the rewritten text means the same to it.
    text, read = sparql, tokens(sparql)
    top_order, nested_order, depth = None, None, 0
    for index, token in enumerate(read):
        if token.kind == "other" and token.text in "{}":
            depth += 1 if token.text == "{" else -1
        elif token.word() == "ORDER":
            if depth == 0 and top_order is None:
                top_order = index
            elif depth > 0 and nested_order is None:
                nested_order = index
    if nested_order is not None:
        clause = _clause_text(text, read, nested_order)
        raise CannotOrderOutside(f"{clause} is inside a subquery: the engine would still sort it")
    if top_order is None:
        return None
    form = next((t for t in read if t.word() is not None and t.word() not in PROLOGUE), None)
    if form is None or form.word() != "SELECT":
        clause = _clause_text(text, read, top_order)
        raise CannotOrderOutside(f"{clause}: only a SELECT's solutions can be sorted outside the engine")
    conditions, modifiers_end, limit, offset = _modifiers(text, read, top_order)
    projected, star, distinct_token, insert_at = _projection(read, read.index(form))
    wanted = [c.variable for c in conditions]
    added = () if star else tuple(dict.fromkeys(v for v in wanted if v not in projected))
    distinct = distinct_token is not None and bool(added)
    # Edits from the end of the text backwards, so that earlier positions stay valid.
    rewritten = text[: read[top_order].start] + " " + text[modifiers_end:]
    if added:
        rewritten = rewritten[:insert_at] + "".join(f" ?{v}" for v in added) + rewritten[insert_at:]
    if distinct and distinct_token is not None:
        # Sorting by a variable that is not selected comes before the projection and DISTINCT
        # (§18.2.5), so duplicates are removed here, after sorting, on the selected variables.
        rewritten = rewritten[: distinct_token.start] + rewritten[distinct_token.end :]
    return OrderPlan(rewritten, conditions, limit, offset, added, distinct)


def _clause_text(text: str, read: list[Token], order: int) -> str:
    # The ORDER BY clause as written, up to LIMIT, OFFSET, VALUES, a brace or the end, for messages.
    end = order + 1
    while end < len(read) and read[end].word() not in {"LIMIT", "OFFSET", "VALUES"} and read[end].text != "}":
        end += 1
    clause = " ".join(text[read[order].start : read[end - 1].end].split())
    return clause if len(clause) <= 200 else clause[:199] + "…"


# What follows ASC or DESC when it orders by a variable: `(`, the variable, `)`.
_ONE_VARIABLE = [("other", "("), ("variable", ""), ("other", ")")]


def _modifiers(text: str, read: list[Token], order: int) -> tuple[tuple[Condition, ...], int, int | None, int]:
    # Read `ORDER BY cond+ (LIMIT n | OFFSET n)*`; return the conditions, where the clauses end, LIMIT, OFFSET.
    clause = _clause_text(text, read, order)
    index = order + 1
    if index >= len(read) or read[index].word() != "BY":
        raise CannotOrderOutside(f"{clause}: ORDER without BY")
    index += 1
    conditions: list[Condition] = []
    while index < len(read) and read[index].word() not in {"LIMIT", "OFFSET", "VALUES"}:
        token = read[index]
        if token.kind == "variable":
            conditions.append(Condition(token.text[1:]))
            index += 1
            continue
        window = [(t.kind, t.text if t.kind == "other" else "") for t in read[index + 1 : index + 4]]
        if token.word() in {"ASC", "DESC"} and window == _ONE_VARIABLE:
            conditions.append(Condition(read[index + 2].text[1:], descending=token.word() == "DESC"))
            index += 4
            continue
        raise CannotOrderOutside(f"{clause}: it orders by an expression; only ?v, ASC(?v) and DESC(?v) are sorted here")
    if not conditions:
        raise CannotOrderOutside(f"{clause}: no ORDER BY condition")
    end = read[index - 1].end
    limit, offset = None, 0
    while index + 1 < len(read) and read[index].word() in {"LIMIT", "OFFSET"}:
        keyword, value = read[index].word(), read[index + 1].text
        if not value.isdigit():
            raise CannotOrderOutside(f"{clause}: {keyword} {value} is not a whole number")
        if keyword == "LIMIT":
            limit = int(value)
        else:
            offset = int(value)
        end = read[index + 1].end
        index += 2
    return tuple(conditions), end, limit, offset


def _projection(read: list[Token], select: int) -> tuple[set[str], bool, Token | None, int]:
    # Read `SELECT [DISTINCT|REDUCED] (* | ?v | (expr AS ?v))+`: the variables it selects, whether
    # it is `*`, the DISTINCT token if any, and where a variable can be inserted into it.
    index = select + 1
    distinct = None
    if index < len(read) and read[index].word() in {"DISTINCT", "REDUCED"}:
        distinct = read[index] if read[index].word() == "DISTINCT" else None
        index += 1
    insert_at = read[index - 1].end
    projected: set[str] = set()
    star, parens = False, 0
    while index < len(read):
        token = read[index]
        if parens == 0 and (token.text == "{" or token.word() in {"WHERE", "FROM"}):
            break
        if token.text == "(":
            parens += 1
        elif token.text == ")":
            parens -= 1
        elif token.text == "*" and parens == 0:
            star = True
        elif token.kind == "variable" and (parens == 0 or read[index - 1].word() == "AS"):
            projected.add(token.text[1:])
        index += 1
    return projected, star, distinct, insert_at


def apply(order_plan: OrderPlan, rows: Iterable[ox.QuerySolution], variables: Sequence[str]) -> list[ox.QuerySolution]:
    """Sort solutions by the plan's conditions, remove duplicates if it says so, then apply OFFSET and LIMIT."""
    ordered = sort_solutions(rows, order_plan.conditions)
    if order_plan.distinct:
        selected = [v for v in variables if v not in order_plan.added]
        seen: set[tuple[Any, ...]] = set()
        unique = []
        for row in ordered:
            key = tuple(row[v] for v in selected)
            if key not in seen:
                seen.add(key)
                unique.append(row)
        ordered = unique
    end = None if order_plan.limit is None else order_plan.offset + order_plan.limit
    return ordered[order_plan.offset : end]
