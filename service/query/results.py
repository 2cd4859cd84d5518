"""Finished query results: solutions, a boolean or triples, cut at a row limit, and their serialisations."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal, TypeVar

import pyoxigraph as ox

from service.query.engine import XSD_STRING, serialize
from service.query.formats import GRAPH_FORMATS, SOLUTION_FORMATS

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
    # The prefixes a graph is written with in Turtle and the like: the dataset's, handed down by its store.
    prefixes: Mapping[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.triples) if self.kind == "graph" else len(self.rows)

    def formats(self) -> dict[str, str]:
        """Return the serialisation names this result supports, with their media types."""
        table = GRAPH_FORMATS if self.kind == "graph" else SOLUTION_FORMATS
        return {name: media for name, (media, _) in table.items()}

    def serialize(self, name: str) -> bytes:
        """Serialise the result in a named format (see SOLUTION_FORMATS and GRAPH_FORMATS)."""
        return self.serialize_within(name, None)[0]

    def serialize_within(self, name: str, max_bytes: int | None) -> tuple[bytes, int]:
        """Serialise the result in at most max_bytes (None: no bound), cut at a row or triple; say how many it kept.

        A small query can ask for a large answer (ten thousand rows of a long string built by CONCAT; JSON
        writes a control character in six bytes), so the bytes are bounded, not just the rows. Solutions
        are written row by row as JSON, stopping at the first that does not fit, so nothing much bigger
        than the bound is ever built; triples are written whole by the engine (the query process's memory
        limit bounds that) and cut by their N-Triples size when over. Another format of the rows kept is
        cut further, in proportion, while it is still over.
        """
        if self.kind == "graph":
            if name not in GRAPH_FORMATS:
                raise UnsupportedFormatError(f"{name!r} is not a format for graph results")
            return self._graph_within(name, max_bytes)
        if name not in SOLUTION_FORMATS:
            raise UnsupportedFormatError(f"{name!r} is not a format for SELECT or ASK results")
        if self.kind == "ask":
            document = json.dumps({"head": {}, "boolean": self.boolean}).encode()
            return _well_formed(self._other_format(document, name), SOLUTION_FORMATS[name]), 0
        rows = self._json_rows(max_bytes)
        kept = len(rows)
        while True:
            document = self._json_document(rows[:kept])
            body = document if name == "json" else self._other_format(document, name)
            if max_bytes is None or len(body) <= max_bytes or kept == 0:
                return _well_formed(body, SOLUTION_FORMATS[name]), kept
            kept = min(kept - 1, int(kept * max_bytes / len(body) * 0.95))

    def _json_rows(self, max_bytes: int | None) -> list[bytes]:
        # Each row's JSON binding, as many as fit in max_bytes with the document around them.
        head = len(self._json_document([]))
        rows: list[bytes] = []
        size = head
        for row in self.rows:
            binding = {var: term_json(row[var]) for var in self.variables if row[var] is not None}
            text = json.dumps(binding, ensure_ascii=False).encode()
            size += len(text) + (2 if rows else 0)  # ", " between rows
            if max_bytes is not None and size > max_bytes:
                break
            rows.append(text)
        return rows

    def _json_document(self, rows: list[bytes]) -> bytes:
        # The SPARQL 1.1 JSON results document around rows already written, spaced as json.dumps spaces it.
        head = json.dumps({"vars": list(self.variables)}, ensure_ascii=False).encode()
        return b'{"head": ' + head + b', "results": {"bindings": [' + b", ".join(rows) + b"]}}"

    def _other_format(self, document: bytes, name: str) -> bytes:
        if name == "json":
            return document
        # pyoxigraph writes the other formats natively; it reads them from the JSON document
        # because it cannot serialise a list of solutions we cut at the row limit.
        reparsed = ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON)
        content = reparsed.serialize(format=SOLUTION_FORMATS[name][1])
        assert content is not None  # no output file was given, so pyoxigraph returns the bytes
        return content

    def _graph_within(self, name: str, max_bytes: int | None) -> tuple[bytes, int]:
        body = _graph(self.triples, GRAPH_FORMATS[name], self.prefixes)
        if max_bytes is None or len(body) <= max_bytes:
            return body, len(self.triples)
        kept, size = 0, 0
        for triple in self.triples:
            size += len(str(triple)) + 3
            if size > max_bytes:
                break
            kept += 1
        while True:
            body = _graph(self.triples[:kept], GRAPH_FORMATS[name], self.prefixes)
            if len(body) <= max_bytes or kept == 0:
                return body, kept
            kept = min(kept - 1, int(kept * max_bytes / len(body) * 0.95))

    def records(self) -> list[dict[str, str]]:
        """Return SELECT rows as plain dicts of variable to value (IRIs and lexical forms)."""
        return [{var: row[var].value for var in self.variables if row[var] is not None} for row in self.rows]


# Characters XML 1.0 cannot hold, even escaped (its Char production), as they appear in UTF-8.
_NOT_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")


def _well_formed(body: bytes, written: tuple[str, object]) -> bytes:
    # pyoxigraph writes control characters into XML raw, which no XML parser reads: refuse rather than send that.
    media = written[0]
    if media.endswith("xml") and _NOT_XML.search(body):
        raise UnsupportedFormatError(
            f"{media} cannot carry this answer: it holds control characters that XML 1.0 does not allow; "
            "ask for JSON, CSV, TSV, Turtle or N-Triples"
        )
    return body


def _graph(triples: list[ox.Triple], written: tuple[str, ox.RdfFormat], prefixes: Mapping[str, str]) -> bytes:
    # The engine's writer refuses what its format cannot say (JSON-LD and RDF 1.2 triple terms): 406, not 500.
    try:
        body = serialize(triples, written[1], dict(prefixes))
    except (OSError, ValueError):
        raise UnsupportedFormatError(
            f"{written[0]} cannot carry this graph (RDF 1.2 triple terms, say); ask for Turtle or N-Triples"
        ) from None
    return _well_formed(body, written)


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
    elif term.datatype != XSD_STRING:
        encoded["datatype"] = term.datatype.value
    return encoded


def collect(
    answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list[ox.Triple],
    max_rows: int | None,
    prefixes: Mapping[str, str] | None = None,
) -> QueryResult:
    """Turn a pyoxigraph answer into a QueryResult, stopping after max_rows items; a graph keeps the prefixes."""
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(kind="ask", boolean=bool(answer))
    if not isinstance(answer, ox.QuerySolutions):
        triples, truncated = take(iter(answer), max_rows)
        return QueryResult(kind="graph", triples=triples, truncated=truncated, prefixes=prefixes or {})
    rows, truncated = take(answer, max_rows)
    variables = tuple(variable.value for variable in answer.variables)
    return QueryResult(kind="select", variables=variables, rows=rows, truncated=truncated)


def take(items: Iterator[_Item], limit: int | None) -> tuple[list[_Item], bool]:
    """Read at most `limit` items (all when None), and say whether more were left unread."""
    if limit is None:
        return list(items), False
    taken = list(itertools.islice(items, limit))
    return taken, next(items, None) is not None
