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
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from service.graph.store import EmbeddedStore, QuerySyntaxError, QueryTimeout, UnsupportedFormatError

_FORK = multiprocessing.get_context("fork")
# Only a query that ran this long can have touched much of the store: faster ones skip the check.
_CHECK_AFTER_SECONDS = 0.02
# How often an idle query process checks that the serving process that forked it is still there.
_ORPHAN_CHECK_SECONDS = 1.0


@dataclass(frozen=True)
class Job:
    """One query to answer: the text, the format to write, limits and the dataset to query."""

    sparql: str
    format: str
    max_rows: int | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """A serialised answer, with its media type and whether it was cut at the row limit."""

    body: bytes
    media_type: str
    truncated: bool
    rows: int


class QueryFailed(Exception):
    """The query process died or broke for a reason other than the query itself."""


def answer_job(store: EmbeddedStore, job: Job) -> Answer:
    """Run a job in this process and serialise its answer."""
    result = store.query(
        job.sparql,
        max_rows=job.max_rows,
        default_graphs=job.default_graphs or None,
        named_graphs=job.named_graphs or None,
    )
    return Answer(
        body=result.serialize(job.format),
        media_type=result.formats()[job.format],
        truncated=result.truncated,
        rows=len(result),
    )


def _work(connection: Connection, store: EmbeddedStore, retire_after_mb: float) -> None:
    # The query process: answer jobs until the serving process goes away.
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    serving_process = os.getppid()
    while True:
        try:
            # A serving process killed outright (SIGKILL after a slow shutdown, the OOM killer) cannot
            # stop us, and a sibling query process may hold its end of our pipe open, so no EOF comes:
            # being handed to another parent is the sign to go.
            while not connection.poll(_ORPHAN_CHECK_SECONDS):
                if os.getppid() != serving_process:
                    return
            job = connection.recv()
        except (EOFError, OSError):
            return
        started = time.monotonic()
        try:
            reply: object = answer_job(store, job)
        except (QuerySyntaxError, UnsupportedFormatError) as error:
            reply = error
        except Exception as error:  # anything else is reported, not raised: the process must live on
            reply = QueryFailed(f"{type(error).__name__}: {error}")
        slow = time.monotonic() - started >= _CHECK_AFTER_SECONDS
        try:
            connection.send((reply, slow and private_memory_mb() > retire_after_mb))
        except OSError:  # the serving process went away while we worked
            return


def private_memory_mb() -> float:
    """Return the memory this process has written since it was forked (private dirty pages), in MB."""
    try:
        for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
            if line.startswith("Private_Dirty:"):
                return int(line.split()[1]) / 1024
    except OSError:  # not Linux: never retire
        pass
    return 0.0


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection


class QueryPool:
    """A few query processes per serving process, each running one query at a time."""

    def __init__(self, store: EmbeddedStore, size: int, retire_after_mb: float = 64):
        self.store = store
        self.size = max(1, size)
        self.retire_after_mb = retire_after_mb
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._owner: int | None = None
        self._lock = threading.Lock()

    def run(self, job: Job, timeout: float) -> Answer:
        """Answer a job within `timeout` seconds, or kill its process and raise QueryTimeout."""
        self._start_here()
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise QueryTimeout(f"every query process stayed busy for {timeout:g} s") from None
        try:
            worker.connection.send(job)
            if not worker.connection.poll(timeout):
                self._replace(worker)  # the only way to stop a native evaluation
                raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped")
            reply, retire = worker.connection.recv()
        except (EOFError, OSError) as error:
            self._replace(worker)
            raise QueryFailed(f"the query process failed: {error}") from None
        if retire:
            self._replace(worker)
        else:
            self._idle.put(worker)
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

    def _start_here(self) -> None:
        # After gunicorn forks a serving process, the processes of the parent are not ours:
        # start our own, once.
        if self._owner == os.getpid():
            return
        with self._lock:
            if self._owner == os.getpid():
                return
            self._idle = queue.Queue()
            for _ in range(self.size):
                self._idle.put(self._spawn())
            self._owner = os.getpid()

    def _spawn(self) -> _Worker:
        ours, theirs = _FORK.Pipe()
        process = _FORK.Process(
            target=_work, args=(theirs, self.store, self.retire_after_mb), daemon=True, name="stackatlas-query"
        )
        process.start()
        theirs.close()
        return _Worker(process=process, connection=ours)

    def _replace(self, worker: _Worker) -> None:
        self._stop(worker)
        self._idle.put(self._spawn())

    @staticmethod
    def _stop(worker: _Worker) -> None:
        with contextlib.suppress(OSError):
            worker.connection.close()
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)
