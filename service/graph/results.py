"""Finished query results: solutions, a boolean or triples, cut at a row limit, and their serialisations."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, TypeVar

import pyoxigraph as ox

from service.graph import vocab
from service.graph.engine import serialize
from service.graph.formats import GRAPH_FORMATS as GRAPH_FORMATS
from service.graph.formats import SOLUTION_FORMATS as SOLUTION_FORMATS

ResultKind = Literal["select", "ask", "graph"]
_Item = TypeVar("_Item")

class UnsupportedFormatError(ValueError):
    """A serialisation that does not exist for this kind of result."""


@dataclass
class QueryResult:
    """A finished query: solutions, a boolean or triples, cut at a row limit if one was set."""

    kind: ResultKind
    variables: tuple[str, ...] = ()
    rows: list[ox.QuerySolution] = field(default_factory=list)
    boolean: bool = False
    triples: list[ox.Triple] = field(default_factory=list)
    truncated: bool = False

    def __len__(self) -> int:
        return len(self.triples) if self.kind == "graph" else len(self.rows)

    def formats(self) -> dict[str, str]:
        """Return the serialisation names this result supports, with their media types."""
        table = GRAPH_FORMATS if self.kind == "graph" else SOLUTION_FORMATS
        return {name: media for name, (media, _) in table.items()}

    def serialize(self, name: str) -> bytes:
        """Serialise the result in a named format (see SOLUTION_FORMATS and GRAPH_FORMATS)."""
        if self.kind == "graph":
            if name not in GRAPH_FORMATS:
                raise UnsupportedFormatError(f"{name!r} is not a format for graph results")
            return serialize(self.triples, GRAPH_FORMATS[name][1], vocab.PREFIXES)
        if name not in SOLUTION_FORMATS:
            raise UnsupportedFormatError(f"{name!r} is not a format for SELECT or ASK results")
        document = json.dumps(self._json_document(), ensure_ascii=False).encode()
        if name == "json":
            return document
        # pyoxigraph writes the other formats natively; it reads them from the JSON document
        # because it cannot serialise a list of solutions we cut at the row limit.
        reparsed = ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON)
        content = reparsed.serialize(format=SOLUTION_FORMATS[name][1])
        assert content is not None  # no output file was given, so pyoxigraph returns the bytes
        return content

    def _json_document(self) -> dict[str, object]:
        if self.kind == "ask":
            return {"head": {}, "boolean": self.boolean}
        bindings = [{var: term_json(row[var]) for var in self.variables if row[var] is not None} for row in self.rows]
        return {"head": {"vars": list(self.variables)}, "results": {"bindings": bindings}}

    def records(self) -> list[dict[str, str]]:
        """Return SELECT rows as plain dicts of variable to value (IRIs and lexical forms)."""
        return [{var: row[var].value for var in self.variables if row[var] is not None} for row in self.rows]


def term_json(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict[str, object]:
    """Encode one RDF term as in the SPARQL 1.1 JSON results format."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": term_json(term.subject),
                "predicate": term_json(term.predicate),
                "object": term_json(term.object),
            },
        }
    encoded: dict[str, object] = {"type": "literal", "value": term.value}
    if term.language:
        encoded["xml:lang"] = term.language
    elif term.datatype.value != vocab.PREFIXES["xsd"] + "string":
        encoded["datatype"] = term.datatype.value
    return encoded


def collect(
    answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list[ox.Triple], max_rows: int | None
) -> QueryResult:
    """Turn a pyoxigraph answer into a QueryResult, stopping after max_rows items."""
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(kind="ask", boolean=bool(answer))
    if not isinstance(answer, ox.QuerySolutions):
        triples, truncated = take(iter(answer), max_rows)
        return QueryResult(kind="graph", triples=triples, truncated=truncated)
    rows, truncated = take(answer, max_rows)
    variables = tuple(variable.value for variable in answer.variables)
    return QueryResult(kind="select", variables=variables, rows=rows, truncated=truncated)


def take(items: Iterator[_Item], limit: int | None) -> tuple[list[_Item], bool]:
    """Read at most `limit` items (all when None), and say whether more were left unread."""
    if limit is None:
        return list(items), False
    taken = list(itertools.islice(items, limit))
    return taken, next(items, None) is not None
