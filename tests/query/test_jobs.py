"""service/query/jobs.py: what crosses the pipe to a query process survives the crossing."""

from __future__ import annotations

import pickle

import pytest

from service.query.jobs import (
    Answer,
    Job,
    QueryBusy,
    QueryFailed,
    QueryTimeout,
    QueryTooLarge,
    QueryUnavailable,
    too_large,
)


def test_a_job_asks_the_engine_to_order_and_keeps_no_byte_limit_by_default() -> None:
    job = Job("ASK {}", "json", None)
    assert (job.order_outside, job.max_bytes, job.default_graphs, job.named_graphs) == (False, None, (), ())


def test_a_job_and_an_answer_cross_a_pipe_unchanged() -> None:
    job = Job("SELECT * {}", "csv", 10, ("urn:g",), ("urn:h",), order_outside=True, max_bytes=100)
    answer = Answer(b"x", "text/csv", truncated=True, rows=1)
    assert pickle.loads(pickle.dumps(job)) == job
    assert pickle.loads(pickle.dumps(answer)) == answer


@pytest.mark.parametrize("error", [QueryFailed, QueryUnavailable, QueryTooLarge, QueryTimeout, QueryBusy])
def test_each_error_crosses_a_pipe_with_its_message(error: type[Exception]) -> None:
    crossed = pickle.loads(pickle.dumps(error("what happened")))
    assert type(crossed) is error
    assert str(crossed) == "what happened"


def test_unavailable_is_a_failure() -> None:
    assert issubclass(QueryUnavailable, QueryFailed)


def test_too_large_names_the_limit() -> None:
    assert too_large(256) == "the query needed more than 256 MB and was stopped"
    assert too_large(1.5) == "the query needed more than 1.5 MB and was stopped"
