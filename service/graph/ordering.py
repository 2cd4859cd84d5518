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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from service.graph import vocab
from service.graph.guard import PROLOGUE, _scan


class CannotOrderOutside(ValueError):
    """A query whose ordering cannot be moved out of the engine; the message names its ORDER BY clause."""


@dataclass(frozen=True)
class Condition:
    """One ORDER BY condition: a variable, ascending or descending."""

    variable: str
    descending: bool = False


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
    for token in _scan(text)[0]:
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


def sort_solutions(rows: Iterable[ox.QuerySolution], conditions: Sequence[Condition]) -> list[ox.QuerySolution]:
    """Sort solutions by ORDER BY conditions: the first decides, the next break its ties."""
    ordered = list(rows)
    # Python's sort is stable (also with reverse=True), so sorting by the last condition first
    # and the first condition last orders by all of them, each in its own direction.
    for condition in reversed(conditions):
        ordered.sort(key=_by(condition.variable), reverse=condition.descending)
    return ordered


def _by(variable: str) -> Callable[[ox.QuerySolution], tuple[Any, ...]]:
    return lambda row: term_key(row[variable])


# --- The order of terms (SPARQL 1.1 Query §15.1) ----------------------------------------------------------------

_XSD = vocab.PREFIXES["xsd"]
_INTEGERS = frozenset(
    _XSD + name
    for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
        "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
    )
)  # fmt: skip
_FLOATS = frozenset((_XSD + "float", _XSD + "double"))
_STRINGS = frozenset((_XSD + "string", vocab.PREFIXES["rdf"] + "langString"))
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_FLOAT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN")
_DATETIME = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)?")
_DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)(Z|[+-]\d\d:\d\d)?")

# Literal groups: the specification orders within numbers, booleans, dateTimes and strings, and
# leaves the rest (and the order between groups) to the implementation; these make it total.
_NUMBER, _NAN, _BOOLEAN, _DATETIME_GROUP, _DATE_GROUP, _STRING, _OTHER = range(7)


def term_key(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> tuple[Any, ...]:
    """Return a sort key for a term: unbound < blank nodes < IRIs < literals (< triple terms), then by value."""
    if term is None:
        return (0,)
    if isinstance(term, ox.BlankNode):
        return (1, term.value)
    if isinstance(term, ox.NamedNode):
        return (2, term.value)  # IRIs compare as strings, code point by code point
    if isinstance(term, ox.Literal):
        return (3, *_literal_key(term))
    return (4, str(term))  # an RDF 1.2 triple term, which SPARQL 1.1 does not know: after all of them


def _literal_key(literal: ox.Literal) -> tuple[Any, ...]:
    lexical, datatype = literal.value, literal.datatype.value
    if datatype in _STRINGS:
        # Simple literals and xsd:string compare by code points (§17.4.1.7's `<`); a language-tagged
        # string, which SPARQL does not order, sorts among them by its text, then by its tag.
        return (_STRING, lexical, 1 if literal.language else 0, literal.language or "")
    number = _number(lexical, datatype)
    if number is not None:
        if number != number:  # NaN equals nothing, so it cannot sit among the numbers
            return (_NAN, datatype, lexical)
        # Numbers of every numeric type compare by value (int, Decimal and float compare exactly).
        return (_NUMBER, number, datatype, lexical)
    if datatype == _XSD + "boolean" and lexical in {"true", "false", "1", "0"}:
        return (_BOOLEAN, lexical in {"true", "1"}, lexical)
    if datatype in {_XSD + "dateTime", _XSD + "dateTimeStamp"}:
        instant = _instant(_DATETIME.fullmatch(lexical))
        if instant is not None:
            return (_DATETIME_GROUP, instant, lexical)
    if datatype == _XSD + "date":
        instant = _instant(_DATE.fullmatch(lexical))
        if instant is not None:
            return (_DATE_GROUP, instant, lexical)
    return (_OTHER, datatype, lexical)


def _number(lexical: str, datatype: str) -> int | Decimal | float | None:
    if datatype in _INTEGERS and _INTEGER.fullmatch(lexical):
        return int(lexical)
    if datatype == _XSD + "decimal" and _DECIMAL.fullmatch(lexical):
        return Decimal(lexical)
    if datatype in _FLOATS and _FLOAT.fullmatch(lexical):
        return float(lexical.replace("INF", "inf"))
    return None


def _instant(match: re.Match[str] | None) -> datetime | None:
    # The instant a dateTime (or the start of a date) names. XML Schema compares a value without a
    # time zone to one with a zone only when they are 14 hours apart or more; reading it as UTC
    # keeps every such comparison and makes the rest, left open, deterministic.
    if match is None:
        return None
    parts = match.groups()
    zone = parts[-1]
    if zone in {None, "Z"}:
        tz = UTC
    else:
        sign = -1 if zone[0] == "-" else 1
        tz = timezone(sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6])))
    try:
        year, month, day = (int(part) for part in parts[:3])
        if len(parts) == 4:  # a date
            return datetime(year, month, day, tzinfo=tz)
        hour, minute, second = (int(part) for part in parts[3:6])
        micro = int((parts[6] or ".0")[1:].ljust(6, "0")[:6])
        if hour == 24 and minute == second == micro == 0:  # 24:00:00 is the next day's midnight
            return datetime(year, month, day, tzinfo=tz) + timedelta(days=1)
        return datetime(year, month, day, hour, minute, second, micro, tzinfo=tz)
    except (ValueError, OverflowError):  # not a real day (2025-02-30), or out of Python's range
        return None
