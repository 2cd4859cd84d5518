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

A query process is confined before it answers anything (see sandbox.py): it cannot open network
sockets, its address space may grow by `memory_mb` only, and the kernel kills it when the thread
that forked it ends. One that cannot be confined refuses every query (QueryUnavailable). Past its
memory the engine aborts the process (Rust's allocator) or Python raises MemoryError: both end as
QueryTooLarge. pyoxigraph 0.5.13 also aborts on some legal ORDER BY queries; those are run once
more with the ordering done in Python (`Job.order_outside`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import faulthandler
import gc
import logging
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from service.graph import guard, sandbox
from service.graph.remote import bind_inline
from service.graph.store import EmbeddedStore, QuerySyntaxError, QueryTimeout, UnsupportedFormatError

log = logging.getLogger("stackatlas")

# Only a query that ran this long can have touched much of the store: faster ones skip the check.
_CHECK_AFTER_SECONDS = 0.02
# How often an idle query process checks that the serving process that forked it is still there.
_ORPHAN_CHECK_SECONDS = 1.0


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


@dataclass(frozen=True)
class Answer:
    """A serialised answer, with its media type and whether it was cut at the row limit."""

    body: bytes
    media_type: str
    truncated: bool
    rows: int


class QueryFailed(Exception):
    """The query process died or broke for a reason other than the query itself."""


class QueryUnavailable(QueryFailed):
    """No query process may answer here: they could not be confined (the reason is in the message and the log)."""


class QueryTooLarge(Exception):
    """A query that needed more memory than a query process may have; its process was stopped."""


class QueryBusy(Exception):
    """Every query process stayed busy for the whole wait: the query was not started."""


def answer_job(store: EmbeddedStore, job: Job) -> Answer:
    """Run a job in this process and serialise its answer."""
    # Passed only when asked for, so that a store whose query() does not take it still answers.
    options = {"order_outside": True} if job.order_outside else {}
    result = store.query(
        job.sparql,
        max_rows=job.max_rows,
        default_graphs=job.default_graphs or None,
        named_graphs=job.named_graphs or None,
        **options,
    )
    return Answer(
        body=result.serialize(job.format),
        media_type=result.formats()[job.format],
        truncated=result.truncated,
        rows=len(result),
    )


def _too_large(memory_mb: float) -> str:
    # What every QueryTooLarge says.
    return f"the query needed more than {memory_mb:g} MB and was stopped"


def _work(
    connection: Connection, store: EmbeddedStore, serving_process: int, retire_after_mb: float, memory_mb: float
) -> None:
    # The query process: confine it, then answer jobs until the serving process goes away.
    unconfined = _confine(serving_process, memory_mb)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # An abort here is expected (a query past its memory, an engine panic) and the serving process
    # reports it; a Python stack dump of it, inherited from PYTHONFAULTHANDLER or pytest, says nothing.
    faulthandler.disable()
    if unconfined is not None:
        log.error("query process %d refuses every query: %s", os.getpid(), unconfined)
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
        return QueryTooLarge(_too_large(memory_mb)), True  # the heap may be left fragmented: start afresh
    except Exception as error:  # anything else is reported, not raised: the process must live on
        reply = QueryFailed(f"{type(error).__name__}: {error}")
    slow = time.monotonic() - started >= _CHECK_AFTER_SECONDS
    return reply, slow and private_memory_mb() > retire_after_mb


def private_memory_mb() -> float:
    """Return the memory this process has written since it was forked (private dirty pages), in MB."""
    try:
        for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
            if line.startswith("Private_Dirty:"):
                return int(line.split()[1]) / 1024
    except OSError:  # not Linux: never retire
        pass
    return 0.0


def _peak_resident_kb(pid: int) -> int:
    # The most memory a live process has held at once (VmHWM), from outside it.
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass
class _Worker:
    pid: int
    connection: Connection


@dataclass(frozen=True)
class _Death:
    """How a query process ended while running a job: its signal or exit code, and how much its memory grew."""

    signal: int | None
    code: int | None
    grew_mb: float


class PooledSource:
    """The query processes as a source for the project's own queries, when a client shapes them.

    One source serves one request: it takes a query process at its first query and keeps it until
    `close()`, so a request of several queries (a comparison reads two records) waits for a process
    once, not once per query, and cannot be refused half-way by its own earlier queries' neighbours.
    All its queries share one time limit, counted from the first, and each the memory limit.
    """

    def __init__(self, pool: QueryPool, timeout: float, wait: float):
        self.pool, self.timeout, self.wait = pool, timeout, wait
        self._worker: _Worker | None = None
        self._deadline: float | None = None

    def query(
        self, sparql: str, iris: dict[str, str] | None = None
    ) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        """Run a query in this request's query process; bind variables to IRIs with an inline VALUES block."""
        if iris:
            sparql = bind_inline(sparql, iris)
        graph = guard.inspect(sparql).form in {"CONSTRUCT", "DESCRIBE"}
        job = Job(sparql, "nt" if graph else "json", None)
        if self._deadline is None:
            self._deadline = time.monotonic() + self.timeout
            self._worker = self.pool.take(self.wait, self.timeout)
        if self._worker is None:
            raise QueryFailed("the query process died and no other could be started")
        reply, self._worker = self.pool.run_on(self._worker, job, self._deadline, self.timeout)
        answer = self.pool.result(reply, job)
        if graph:
            return [quad.triple for quad in ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES)]
        return ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.JSON)

    def close(self) -> None:
        """Give the query process back to the pool."""
        self.pool.give_back(self._worker)
        self._worker = None


class QueryPool:
    """A few query processes per serving process, each running one query at a time."""

    def __init__(self, store: EmbeddedStore, size: int, retire_after_mb: float = 64, memory_mb: float = 1024):
        self.store = store
        self.size = max(1, size)
        self.retire_after_mb = retire_after_mb
        self.memory_mb = memory_mb
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._waiters = threading.BoundedSemaphore(self.size)
        self._owner: int | None = None
        self._lock = threading.Lock()
        self._forker: ThreadPoolExecutor | None = None
        self._missing = 0  # processes that could not be replaced, to start again on the next query

    def run(self, job: Job, timeout: float, wait: float = 0.5) -> Answer:
        """Answer within `timeout` s of this call (else QueryTimeout); QueryBusy if no process frees up in `wait` s."""
        deadline = time.monotonic() + timeout
        worker = self.take(wait, timeout)
        reply, fresh = self.run_on(worker, job, deadline, timeout)
        self.give_back(fresh)
        return self.result(reply, job)

    def take(self, wait: float, timeout: float) -> _Worker:
        """Take an idle query process, waiting at most `wait` s (QueryBusy past it); give it back after."""
        self._start_here()
        self._top_up()
        # At most one query waits per query process: with more, a burst would queue for many rounds of
        # `wait` while holding its threads; past that the answer is "busy" at once.
        if not self._waiters.acquire(blocking=False):
            raise QueryBusy(f"all {self.size} query processes are busy and as many queries wait already")
        try:
            return self._idle.get(timeout=min(wait, timeout))
        except queue.Empty:
            # Failing fast lets the client retry; waiting a full timeout for a process and then one more
            # for the query would hold the request twice as long as promised.
            raise QueryBusy(f"no query process became free within {wait:g} s") from None
        finally:
            self._waiters.release()

    def run_on(self, worker: _Worker, job: Job, deadline: float, timeout: float) -> tuple[object, _Worker | None]:
        """Run a job on a taken process by `deadline`: the reply, and the process to go on with (or None)."""
        reply, fresh = self._ask(worker, job, deadline, timeout)
        retry = isinstance(reply, _Death) and self._crashed_ordering(reply, job) and time.monotonic() < deadline
        if retry and fresh is not None:
            reply, fresh = self._ask(fresh, dataclasses.replace(job, order_outside=True), deadline, timeout)
            reply = self._after_reordering(reply)
        return reply, fresh

    def give_back(self, worker: _Worker | None) -> None:
        """Return a taken process to the idle ones (None: it died and could not be replaced)."""
        if worker is not None:
            self._idle.put(worker)

    def result(self, reply: object, job: Job) -> Answer:
        """Return the answer a reply holds, or raise the error it stands for."""
        if isinstance(reply, _Death):
            raise self._death_error(reply, job)
        if isinstance(reply, Exception):
            raise reply
        assert isinstance(reply, Answer)
        return reply

    def close(self) -> None:
        """Stop every idle query process of this serving process."""
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return
            self._stop(worker)

    def _ask(self, worker: _Worker, job: Job, deadline: float, timeout: float) -> tuple[object, _Worker | None]:
        # Run a job on a worker: return the reply (an Answer, an exception, or a _Death) and the worker
        # to put back, which is the same one or its replacement (None if none could be started).
        peak_before = _peak_resident_kb(worker.pid)
        try:
            worker.connection.send(job)
        except OSError:  # it died while idle (killed from outside): the job never reached it
            self._bury(worker, peak_before)
            return QueryFailed("the query process had died before the query reached it"), self._replace(worker)
        try:
            if not worker.connection.poll(max(0.0, deadline - time.monotonic())):
                # Killing is the only way to stop a native evaluation.
                return QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped"), self._replace(worker)
            reply, retire = worker.connection.recv()
        except (EOFError, OSError):
            return self._bury(worker, peak_before), self._replace(worker)
        return reply, self._replace(worker) if retire else worker

    def _bury(self, worker: _Worker, peak_before_kb: int) -> _Death:
        # Reap a query process that died on a job and tell how: the kernel keeps its peak memory.
        with contextlib.suppress(OSError):
            worker.connection.close()
        _, status, usage = os.wait4(worker.pid, 0)
        death = _Death(
            signal=os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
            code=os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            grew_mb=max(0, usage.ru_maxrss - peak_before_kb) / 1024,
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
            return QueryTooLarge(_too_large(self.memory_mb))
        if death.signal is None:
            return QueryFailed(f"the query process exited with code {death.code}")
        if self._crashed_ordering(death, job):  # no time or no process left to try again
            return QueryFailed("the engine crashed while ordering the results (ORDER BY)")
        return QueryFailed("the engine crashed on this query")

    def _start_here(self) -> None:
        # After the server forks a serving process, the processes of the parent are not ours:
        # start our own, once.
        if self._owner == os.getpid():
            return
        with self._lock:
            if self._owner == os.getpid():
                return
            # The kernel's parent-death signal fires when the *thread* that forked a process ends, and
            # the server's request threads come and go: every fork happens on this one thread, which
            # lives as long as the serving process.
            self._forker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stackatlas-fork")
            self._idle = queue.Queue()
            self._waiters = threading.BoundedSemaphore(self.size)
            self._missing = 0
            for _ in range(self.size):
                self._idle.put(self._spawn())
            self._owner = os.getpid()

    def _top_up(self) -> None:
        if not self._missing:
            return
        with self._lock:
            while self._missing:
                try:
                    self._idle.put(self._spawn())
                except OSError as error:
                    log.error("could not start a query process: %s", error)
                    return
                self._missing -= 1

    def _spawn(self) -> _Worker:
        assert self._forker is not None
        return self._forker.submit(self._fork).result()

    def _fork(self) -> _Worker:
        ours, theirs = multiprocessing.Pipe()
        serving_process = os.getpid()
        pid = os.fork()
        if pid == 0:  # the query process: never returns
            code = 1
            try:
                # What the process inherited lives as long as it does: out of the collector's reach, so a
                # collection never writes to those pages (measured: 25 MB dirtied by one collection in a
                # child of a big heap, 8 MB frozen). Unfrozen, a parent that did not freeze (a worker's
                # lazily built index, a test session) made small answers look big and retired processes.
                gc.freeze()
                ours.close()
                sandbox.close_inherited(theirs.fileno())
                _work(theirs, self.store, serving_process, self.retire_after_mb, self.memory_mb)
                code = 0
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stderr.flush()
                os._exit(code)
        theirs.close()
        return _Worker(pid=pid, connection=ours)

    def _replace(self, worker: _Worker) -> _Worker | None:
        self._stop(worker)
        try:
            return self._spawn()
        except OSError as error:  # fork failed (no memory, too many processes): try again on the next query
            log.error("could not start a query process: %s", error)
            with self._lock:
                self._missing += 1
            return None

    @staticmethod
    def _stop(worker: _Worker) -> None:
        with contextlib.suppress(OSError):
            worker.connection.close()
        if worker.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.wait4(worker.pid, 0)
            worker.pid = 0
