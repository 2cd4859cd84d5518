"""What a query process runs: confined first, then one job at a time until its serving process goes away.

The query process answers each job in the format asked (the engine writes SPARQL JSON itself, see
written.py), sends the reply, and says whether it should be retired: a process whose private memory passed
`retire_after_mb` after a slow job is replaced by a fresh fork (see executor.py). What the engine writes to
stderr on its way down goes nowhere: the serving process logs one line for the query instead.
"""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import os
import signal
import time
from multiprocessing.connection import Connection
from typing import Any

from service.query import sandbox, written
from service.query.jobs import Answer, Job, QueryFailed, QueryTooLarge, QueryUnavailable, too_large
from service.query.process_memory import private_memory_mb
from service.query.results import UnsupportedFormatError
from service.query.store import EmbeddedStore, QuerySyntaxError

log = logging.getLogger(__name__)

# Only a query that ran this long can have touched much of the store: faster ones skip the check.
SLOW_SECONDS = 0.02
# How often an idle query process checks that the serving process that forked it is still there.
_ORPHAN_CHECK_SECONDS = 1.0


def answer_job(store: EmbeddedStore, job: Job) -> Answer:
    """Run a job in this process and serialise its answer."""
    if job.format == "json" and not job.order_outside:
        # The engine writes the answer in one pass, cut at a row past a limit (written.py).
        written_json = store.write_json(
            job.sparql,
            max_rows=job.max_rows,
            max_bytes=job.max_bytes,
            default_graphs=job.default_graphs or None,
            named_graphs=job.named_graphs or None,
            bindings=dict(job.bindings) if job.bindings else None,
        )
        if written_json is not None:
            body, rows, truncated = written_json
            return Answer(body=body, media_type=written.MEDIA_TYPE, truncated=truncated, rows=rows)
    # Passed only when asked for, so that a store whose query() does not take it still answers.
    options: dict[str, Any] = {"order_outside": True} if job.order_outside else {}
    if job.bindings:
        options["bindings"] = dict(job.bindings)
    result = store.query(
        job.sparql,
        max_rows=job.max_rows,
        default_graphs=job.default_graphs or None,
        named_graphs=job.named_graphs or None,
        **options,
    )
    body, rows = result.serialize_within(job.format, job.max_bytes)
    truncated = result.truncated or rows < len(result)
    return Answer(body=body, media_type=result.formats()[job.format], truncated=truncated, rows=rows)


def serve_jobs(
    connection: Connection, store: EmbeddedStore, serving_process: int, retire_after_mb: float, memory_mb: float
) -> None:
    """Confine this query process, then answer the jobs of its pipe until the serving process goes away."""
    unconfined = _confine(serving_process, memory_mb)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # An abort here is expected (a query past its memory, an engine panic) and the serving process
    # reports it; a Python stack dump of it, inherited from PYTHONFAULTHANDLER or pytest, says nothing.
    faulthandler.disable()
    if unconfined is not None:
        log.error("query process %d refuses every query: %s", os.getpid(), unconfined)
    else:
        try:
            store = store.for_this_process()
        except (OSError, RuntimeError) as error:  # the folder was removed, or broken, under the server
            unconfined = sandbox.SandboxUnavailable(f"the store on disk cannot be opened: {error}")
            log.error("query process %d refuses every query: %s", os.getpid(), unconfined)
    # What the engine writes on its way down (an allocator's "memory allocation failed", a panic with its
    # backtrace and build paths) goes nowhere: the serving process logs one line for the query instead.
    _silence_stderr()
    while True:
        job = _next_job(connection, serving_process)
        if job is None:
            return
        if unconfined is not None:
            reply: tuple[object, bool] = (QueryUnavailable(f"query processes unavailable: {unconfined}"), False)
        else:
            reply = _answer(store, job, retire_after_mb, memory_mb)
        try:
            connection.send(reply)
        except OSError:  # the serving process went away while we worked
            return


def _silence_stderr() -> None:
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)


def _confine(serving_process: int, memory_mb: float) -> sandbox.SandboxUnavailable | None:
    try:
        sandbox.die_with(serving_process)
        sandbox.deny_network()
        sandbox.cap_memory(memory_mb)
    except sandbox.SandboxUnavailable as error:
        return error
    return None


def _next_job(connection: Connection, serving_process: int) -> Job | None:
    try:
        # A serving process killed outright cannot stop us, and a sibling query process may hold its
        # end of our pipe open, so no EOF comes: being handed to another parent is the sign to go.
        # (The parent-death signal covers a death in the middle of an evaluation, where this loop is not.)
        while not connection.poll(_ORPHAN_CHECK_SECONDS):
            if os.getppid() != serving_process:
                return None
        job = connection.recv()
    except (EOFError, OSError):
        return None
    assert isinstance(job, Job)
    return job


def _answer(store: EmbeddedStore, job: Job, retire_after_mb: float, memory_mb: float) -> tuple[object, bool]:
    # The reply to a job, and whether this process should be retired after sending it.
    started = time.monotonic()
    try:
        reply: object = answer_job(store, job)
    except (QuerySyntaxError, UnsupportedFormatError) as error:
        reply = error
    except MemoryError:
        return QueryTooLarge(too_large(memory_mb)), True  # the heap may be left fragmented: start afresh
    except Exception as error:  # anything else is reported, not raised: the process must live on
        reply = QueryFailed(f"{type(error).__name__}: {error}")
    except BaseException as error:  # a panic in the engine (pyo3's PanicException is no Exception)
        if isinstance(error, SystemExit | KeyboardInterrupt):
            raise
        return QueryFailed("the engine failed on this query"), True
    slow = time.monotonic() - started >= SLOW_SECONDS
    return reply, slow and private_memory_mb() > retire_after_mb
