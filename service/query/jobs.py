"""What crosses the pipe between a serving process and a query process: a job, its answer, and the errors."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Job:
    """One query to answer: the text, the format to write, limits, the dataset, and who sorts the results."""

    sparql: str
    format: str
    max_rows: int | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    # Whether the top-level ORDER BY is done in Python instead of by the engine (see ordering.py).
    order_outside: bool = False
    # The most bytes the answer may take; a longer one is cut at a row (or triple) and marked truncated.
    max_bytes: int | None = None
    # Variables bound to IRIs (name, IRI) by the engine's substitution, never spliced into the text.
    bindings: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Answer:
    """A serialised answer, with its media type and whether it was cut (at the row limit or the byte limit)."""

    body: bytes
    media_type: str
    truncated: bool
    rows: int


def read_answer(answer: Answer, graph: bool) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
    """Read a serialised answer back into pyoxigraph's values: triples (N-Triples), or solutions (SPARQL JSON)."""
    if graph:
        return [quad.triple for quad in ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES)]
    return ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.JSON)


class QueryFailed(Exception):
    """The query process died or broke for a reason other than the query itself."""


class QueryUnavailable(QueryFailed):
    """No query process may answer here: they could not be confined (the reason is in the message and the log)."""


class QueryTooLarge(Exception):
    """A query that needed more memory than a query process may have; its process was stopped."""


class QueryTimeout(Exception):
    """A query that ran out of its time (reading it, waiting for it, or running it)."""


class QueryBusy(Exception):
    """Every query process stayed busy for the whole wait: the query was not started."""


def too_large(memory_mb: float) -> str:
    """Return what every QueryTooLarge says."""
    return f"the query needed more than {memory_mb:g} MB and was stopped"
