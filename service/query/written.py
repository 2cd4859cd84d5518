"""Answers written by the engine itself, in one pass, within the row and byte limits.

The JSON results of a SELECT or ASK are written by pyoxigraph's own writer straight from the evaluation,
in the query process, and the serving process passes the bytes through: no Python object per row or term,
no second serialisation (the Python writer in results.py costs 0.2-0.5 ms on a 40-row answer, as much as
a third of the evaluation; bench/steps.py). The writer streams into `_Limited`, which counts the rows as
they are written and stops the evaluation as soon as either limit is passed; such an answer is cut at the
last whole row within the limits from what was written (an ORDER BY or GROUP BY past MAX_ROWS is not
evaluated twice). Every other format is written by results.py, cut at a row.

Rows are counted in the written bytes: in the SPARQL JSON results pyoxigraph writes (compact, no spaces),
`,{"` occurs only between two rows, never inside one (a term is `"var":{...}`, terms are joined by `},"`,
and a quotation mark inside a string is always escaped). A row that binds nothing is written `{}` and has no
such separator: as soon as one may have been written (`[{}` or `,{}`, which a string can also hold: then the
answer is only written again, never miscounted), the answer is handed to results.py, which counts rows as
values. tests/query/test_written.py holds the writer to it.
"""

from __future__ import annotations

from typing import IO, NamedTuple, cast

import pyoxigraph as ox

from service.query.formats import SOLUTION_FORMATS

_JSON = ox.QueryResultsFormat.JSON
_BETWEEN_ROWS = b',{"'
_EMPTY_ROWS = (b"[{}", b",{}")
_NO_ROWS = b'"bindings":[]}}'
# How the engine's writer begins (pyoxigraph 0.5): compact, which the count of rows relies on.
_COMPACT = b'{"head":{'
_CLOSE = b"]}}"  # what ends the bindings, the results and the document


class OverLimit(Exception):
    """The answer passed the row or the byte limit while it was being written."""


class Uncountable(Exception):
    """A row that binds nothing may have been written: the separators no longer count the rows."""


class Written(NamedTuple):
    """An answer the engine wrote: its bytes, its rows, and whether it was cut at a limit."""

    body: bytes
    rows: int
    truncated: bool


class _Limited:
    """A binary output that keeps what is written, finds where rows begin, and raises OverLimit past a limit."""

    def __init__(self, max_rows: int | None, max_bytes: int | None):
        self.max_rows, self.max_bytes = max_rows, max_bytes
        self.parts: list[bytes] = []
        self.size = 0
        self.separators: list[int] = []  # the offset of each `,{"`: row n + 1 begins at separators[n - 1]
        self._tail = b""  # the last bytes of the previous part: a separator may straddle two parts

    def write(self, data: bytes) -> int:
        """Keep a part of the answer; raise OverLimit once the answer is past a limit."""
        part = bytes(data)
        seen, start = self._tail + part, self.size - len(self._tail)
        self.parts.append(part)
        self.size += len(part)
        if any(empty in seen for empty in _EMPTY_ROWS):  # a row binding nothing: not counted by separators
            raise Uncountable
        at = seen.find(_BETWEEN_ROWS)
        while at != -1:
            self.separators.append(start + at)
            at = seen.find(_BETWEEN_ROWS, at + 1)
        self._tail = part[-(len(_BETWEEN_ROWS) - 1) :]
        if self.max_bytes is not None and self.size > self.max_bytes:
            raise OverLimit
        # Row max_rows + 1 has begun once there are max_rows separators.
        if self.max_rows is not None and len(self.separators) >= self.max_rows:
            raise OverLimit
        return len(part)

    def flush(self) -> None:
        """Nothing is buffered here."""

    def cut(self) -> Written | None:
        """Return what was written cut after its last whole row within both limits (None if no row fits)."""
        rows = len(self.separators)  # whole rows before the last separator written
        if self.max_rows is not None:
            rows = min(rows, self.max_rows)
        if self.max_bytes is not None:
            while rows and self.separators[rows - 1] + len(_CLOSE) > self.max_bytes:
                rows -= 1
        if not rows:  # not even the first row fits: results.py says so its own way
            return None
        body = b"".join(self.parts)[: self.separators[rows - 1]] + _CLOSE
        return Written(body, rows, truncated=True) if body.startswith(_COMPACT) else None


def json_answer(
    answer: ox.QuerySolutions | ox.QueryBoolean, max_rows: int | None, max_bytes: int | None
) -> Written | None:
    """Write a SELECT or ASK answer as SPARQL JSON results with the engine's writer, cut at a row past a limit.

    None when the rows cannot be counted in the bytes, or no row fits the byte limit: the caller writes it again.
    """
    output = _Limited(None if isinstance(answer, ox.QueryBoolean) else max_rows, max_bytes)
    try:
        answer.serialize(cast(IO[bytes], output), format=_JSON)  # it calls write() only
    except OverLimit:  # pyoxigraph lets the output's exception through, and stops evaluating
        return output.cut()
    except Uncountable:
        return None
    body = b"".join(output.parts)
    if not body.startswith(_COMPACT):  # another spacing than the rows are counted by: let results.py write it
        return None
    if isinstance(answer, ox.QueryBoolean):
        return Written(body, 0, truncated=False)
    rows = 0 if body.endswith(_NO_ROWS) else len(output.separators) + 1
    return Written(body, rows, truncated=False)


MEDIA_TYPE = SOLUTION_FORMATS["json"][0]
