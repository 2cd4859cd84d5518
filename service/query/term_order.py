"""The order of RDF terms and of solutions by them, as SPARQL 1.1 Query §15.1 has it, made total.

ordering.py sorts a query's solutions here when the engine cannot (see its docstring).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from service.query.engine import RDF_LANG_STRING, XSD, XSD_STRING


@dataclass(frozen=True)
class Condition:
    """One ORDER BY condition: a variable, ascending or descending."""

    variable: str
    descending: bool = False


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


_XSD = XSD
_INTEGERS = frozenset(
    _XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
)
_FLOATS = frozenset((_XSD + "float", _XSD + "double"))
_STRINGS = frozenset((XSD_STRING.value, RDF_LANG_STRING.value))
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
