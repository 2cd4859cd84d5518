"""Answers laid out for people at a terminal: aligned columns with compact IRIs."""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from service import vocab
from service.query.results import QueryResult


def render_table(result: QueryResult) -> str:
    """Lay a result out as an aligned text table with compact IRIs."""
    if result.kind == "ask":
        return "yes" if result.boolean else "no"
    if result.kind == "graph":
        return result.serialize("ttl").decode()
    header = list(result.variables)
    rows = [[_cell(row[var]) if row[var] is not None else "" for var in result.variables] for row in result.rows]
    return format_columns(header, rows) + f"\n({len(rows)} row{'s' if len(rows) != 1 else ''})"


def format_columns(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Return rows as text columns under a header and a rule."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(line.rstrip() for line in lines)


def _cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    if isinstance(term, ox.NamedNode):
        return vocab.compact(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)
