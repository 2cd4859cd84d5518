"""Run SPARQL queries in worker processes that can be killed when a query runs out of time.

pyoxigraph has no query timeout, and its evaluation is a native call that no Python signal can
interrupt, so a runaway query is stopped by killing the process running it. Each serving
process keeps a few query processes forked from itself, so they share its loaded store copy-on-
write; a killed one is replaced by a new fork. Forking from a threaded server is safe here because
the store is read-only: other threads can only hold shared read locks, which a child may take again.

Reading the store is not free of writes: a query that scans much of it touches bookkeeping next to
the data, and every touched page becomes the query process's private copy (a full scan of a
million-triple store costs a query process ~400 MB). So a process whose private memory passed
`retire_after_mb` (the QUERY_PROCESS_MB setting) is retired after its answer and replaced by a
fresh fork: memory stays bounded, and the next big scan pays for copying the pages it touches again.

A query process (query_process.py) is confined before it answers anything (see sandbox.py): it cannot open network
sockets, its address space may grow by `memory_mb` only, and the kernel kills it when the thread
that forked it ends. One that cannot be confined refuses every query (QueryUnavailable). Past its
memory the engine aborts the process (Rust's allocator) or Python raises MemoryError: both end as
QueryTooLarge. pyoxigraph 0.5.13 also aborts on some legal ORDER BY queries; those are run once
more with the ordering done in Python (`Job.order_outside`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import signal
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection

from service.query import guard, query_process
from service.query.jobs import (
    Answer,
    Job,
    QueryFailed,
    QueryTimeout,
    QueryTooLarge,
    too_large,
)
from service.query.lanes import Lane, Lanes
from service.query.process_memory import peak_resident_kb
from service.query.process_pool import ProcessPool, Worker
from service.query.store import EmbeddedStore, QuerySyntaxError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Death:
    """How a query process ended while running a job: its signal or exit code, and how much its memory grew."""

    signal: int | None
    code: int | None
    grew_mb: float


class QueryPool(ProcessPool):
    """A few query processes per serving process, each running one query at a time."""

    def __init__(
        self,
        store: EmbeddedStore,
        size: int,
        retire_after_mb: float = 64,
        memory_mb: float = 1024,
        max_waiting: int | None = None,
        lanes: int = 0,
    ):
        super().__init__(size, max_waiting)
        self.store = store
        self.retire_after_mb = retire_after_mb
        self.memory_mb = memory_mb
        # Each serving process forked from this one has its own copy, none taken at the fork (see lanes.py).
        self.lanes = Lanes(lanes)

    def run(self, job: Job, timeout: float, wait: float = 0.5) -> Answer:
        """Answer within `timeout` s of this call (else QueryTimeout); QueryBusy if no process frees up in `wait` s."""
        deadline = time.monotonic() + timeout
        # The lane is taken before the process, and given back after it: the next query then takes the same one.
        with self.lanes.turn() as lane:
            worker = self.take(wait, timeout)
            try:
                reply, fresh = self.run_on(worker, job, deadline, timeout, lane)
            except BaseException:
                # Whatever went wrong (a job that cannot be pickled, say), the process is not lost to the pool: a
                # new one takes its place, as the old one may still owe an answer.
                self.give_back(self._replace(worker))
                raise
            self.give_back(fresh)
        return self.result(reply, job)

    def run_on(
        self, worker: Worker, job: Job, deadline: float, timeout: float, lane: Lane | None = None
    ) -> tuple[object, Worker | None]:
        """Run a job on a taken process by `deadline`: the reply, and the process to go on with (or None).

        With a `lane`, a job still running after the lane's hold gives it to the next query (see lanes.py).
        """
        reply, fresh = self._ask(worker, job, deadline, timeout, lane)
        retry = isinstance(reply, _Death) and self._crashed_ordering(reply, job) and time.monotonic() < deadline
        if retry and fresh is not None:
            reply, fresh = self._ask(fresh, dataclasses.replace(job, order_outside=True), deadline, timeout, lane)
            reply = self._after_reordering(reply)
        return reply, fresh

    def result(self, reply: object, job: Job) -> Answer:
        """Return the answer a reply holds, or raise the error it stands for."""
        if isinstance(reply, _Death):
            raise self._death_error(reply, job)
        if isinstance(reply, Exception):
            raise reply
        assert isinstance(reply, Answer)
        return reply

    def _ask(
        self, worker: Worker, job: Job, deadline: float, timeout: float, lane: Lane | None
    ) -> tuple[object, Worker | None]:
        # Run a job on a worker: return the reply (an Answer, an exception, or a _Death) and the worker
        # to put back, which is the same one or its replacement (None if none could be started).
        # The peak is read from /proc again only after a job that ran long enough to have raised it by much
        # (a fast one cannot allocate a sizeable part of the memory limit): a read per job cost 0.05 ms.
        if worker.peak_kb is None:
            worker.peak_kb = peak_resident_kb(worker.pid)
        peak_before, sent = worker.peak_kb, time.monotonic()
        try:
            worker.connection.send(job)
        except OSError:  # it died while idle (killed from outside): the job never reached it
            self._bury(worker, peak_before)
            return QueryFailed("the query process had died before the query reached it"), self._replace(worker)
        try:
            if not self._reply_by(worker, deadline, lane):
                # Killing is the only way to stop a native evaluation.
                log.warning("query stopped at its time limit of %.1f s (query process %d)", timeout, worker.pid)
                return QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped"), self._replace(worker)
            reply, retire = worker.connection.recv()
        except (EOFError, OSError):
            return self._bury(worker, peak_before), self._replace(worker)
        if time.monotonic() - sent >= query_process.SLOW_SECONDS:
            worker.peak_kb = None
        return reply, self._replace(worker) if retire else worker

    def _reply_by(self, worker: Worker, deadline: float, lane: Lane | None) -> bool:
        # Wait for the reply until the deadline; a job still running after the lane's hold lets the next one have it.
        if lane is not None:
            if worker.connection.poll(min(self.lanes.hold_seconds, max(0.0, deadline - time.monotonic()))):
                return True
            lane.leave()
        return worker.connection.poll(max(0.0, deadline - time.monotonic()))

    def _bury(self, worker: Worker, peak_before_kb: int) -> _Death:
        # Reap a query process that died on a job and tell how: the kernel keeps its peak memory.
        with contextlib.suppress(OSError):
            worker.connection.close()
        status, peak_kb = self.reap(worker.pid) or (signal.SIGKILL, 0)  # no fork server: killed with it
        death = _Death(
            signal=os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
            code=os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            grew_mb=max(0, peak_kb - peak_before_kb) / 1024,
        )
        how = f"signal {death.signal}, {signal.strsignal(death.signal)}" if death.signal else f"exit code {death.code}"
        log.warning("query process %d died (%s); its memory grew by %.0f MB", worker.pid, how, death.grew_mb)
        worker.pid = 0  # reaped: never to be signalled again
        return death

    def _by_memory(self, death: _Death) -> bool:
        # The allocator aborts when an allocation would pass the address-space limit; an abort after the
        # process grew by half its allowance or more is taken for that (doubling buffers fail with a
        # third to all of it in use), a smaller one for a crash of the engine.
        return death.signal == signal.SIGABRT and death.grew_mb >= self.memory_mb / 2

    def _crashed_ordering(self, death: _Death, job: Job) -> bool:
        # The engine reads keywords by their letters: ORDERBY is ORDER BY to it.
        ordered = any(word.startswith("ORDER") for word in guard.keywords(job.sparql))
        return death.signal == signal.SIGABRT and not self._by_memory(death) and ordered and not job.order_outside

    def _after_reordering(self, reply: object) -> object:
        # The result of running a job again with its ordering done outside the engine.
        if isinstance(reply, _Death) and not self._by_memory(reply):
            return QueryFailed("the engine crashed while ordering the results (ORDER BY)")
        if isinstance(reply, QueryFailed | QuerySyntaxError):  # the query cannot be ordered outside the engine
            return QueryFailed(f"the engine crashed while ordering the results (ORDER BY); {reply}")
        return reply

    def _death_error(self, death: _Death, job: Job) -> Exception:
        if self._by_memory(death):
            return QueryTooLarge(too_large(self.memory_mb))
        if death.signal is None:
            return QueryFailed(f"the query process exited with code {death.code}")
        if self._crashed_ordering(death, job):  # no time or no process left to try again
            return QueryFailed("the engine crashed while ordering the results (ORDER BY)")
        return QueryFailed("the engine crashed on this query")

    def _child(self, connection: Connection, serving_process: int) -> None:
        query_process.serve_jobs(connection, self.store, serving_process, self.retire_after_mb, self.memory_mb)
