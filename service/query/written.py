"""Answers written by the engine itself, in one pass, within the row and byte limits.

The JSON results of a SELECT or ASK are written by pyoxigraph's own writer straight from the evaluation,
in the query process, and the serving process passes the bytes through: no Python object per row or term,
no second serialisation (the Python writer in results.py costs 0.2-0.5 ms on a 40-row answer, as much as
a third of the evaluation; bench/steps.py). The writer streams into `_Limited`, which counts the rows as
they are written and stops the evaluation as soon as either limit is passed; such an answer (and every
other format) is written as before, cut at a row by results.py.

Rows are counted in the written bytes: in the SPARQL JSON results pyoxigraph writes (compact, no spaces),
`,{"` occurs only between two rows, never inside one (a term is `"var":{...}`, terms are joined by `},"`,
and a quotation mark inside a string is always escaped). A row that binds nothing is written `{}` and has no
such separator: as soon as one may have been written (`[{}` or `,{}`, which a string can also hold: then the
answer is only written again, never miscounted), the answer is handed to results.py, which counts rows as
values. tests/query/test_written.py holds the writer to it.
"""

from __future__ import annotations

from typing import IO, cast

import pyoxigraph as ox

from service.query.formats import SOLUTION_FORMATS

_JSON = ox.QueryResultsFormat.JSON
_BETWEEN_ROWS = b',{"'
_EMPTY_ROWS = (b"[{}", b",{}")
_NO_ROWS = b'"bindings":[]}}'
# How the engine's writer begins (pyoxigraph 0.5): compact, which the count of rows relies on.
_COMPACT = b'{"head":{'


class OverLimit(Exception):
    """The answer passed the row or the byte limit while it was being written, or its rows cannot be counted."""


class _Limited:
    """A binary output that keeps what is written, counts SPARQL JSON rows, and raises OverLimit past a limit."""

    def __init__(self, max_rows: int | None, max_bytes: int | None):
        self.max_rows, self.max_bytes = max_rows, max_bytes
        self.parts: list[bytes] = []
        self.size = 0
        self.separators = 0
        self._tail = b""  # the last bytes of the previous part: a separator may straddle two parts

    def write(self, data: bytes) -> int:
        """Keep a part of the answer; raise OverLimit once the answer is past a limit."""
        part = bytes(data)
        self.size += len(part)
        if self.max_bytes is not None and self.size > self.max_bytes:
            raise OverLimit
        seen = self._tail + part
        if any(empty in seen for empty in _EMPTY_ROWS):  # a row binding nothing: not counted by separators
            raise OverLimit
        self.separators += seen.count(_BETWEEN_ROWS)
        self._tail = part[-(len(_BETWEEN_ROWS) - 1) :]
        self.parts.append(part)
        # Rows so far: one more than the separators (the last row is counted when the answer is complete).
        if self.max_rows is not None and self.separators and self.separators + 1 > self.max_rows:
            raise OverLimit
        return len(part)

    def flush(self) -> None:
        """Nothing is buffered here."""


def json_answer(
    answer: ox.QuerySolutions | ox.QueryBoolean, max_rows: int | None, max_bytes: int | None
) -> tuple[bytes, int] | None:
    """Write a SELECT or ASK answer as SPARQL JSON results with the engine's writer: the bytes and the row count.

    None when the answer is past max_rows rows or max_bytes bytes: the caller writes it again, cut at a row.
    """
    output = _Limited(None if isinstance(answer, ox.QueryBoolean) else max_rows, max_bytes)
    try:
        answer.serialize(cast(IO[bytes], output), format=_JSON)  # it calls write() only
    except OverLimit:  # pyoxigraph lets the output's exception through, and stops evaluating
        return None
    body = b"".join(output.parts)
    if not body.startswith(_COMPACT):  # another spacing than the rows are counted by: let results.py write it
        return None
    if isinstance(answer, ox.QueryBoolean):
        return body, 0
    rows = 0 if body.endswith(_NO_ROWS) else output.separators + 1
    if max_rows is not None and rows > max_rows:
        return None
    return body, rows


MEDIA_TYPE = SOLUTION_FORMATS["json"][0]
