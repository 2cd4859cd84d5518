"""Run SPARQL queries in worker processes that can be killed when a query runs out of time.

pyoxigraph has no query timeout, and its evaluation is a native call that no Python signal can
interrupt, so a runaway query is stopped by killing the process running it. Each serving
process keeps a few query processes forked from itself, so they share its loaded store copy-on-
write; a killed one is replaced by a new fork. Forking from a threaded server is safe here because
the store is read-only: other threads can only hold shared read locks, which a child may take again.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from service.graph.store import EmbeddedStore, QuerySyntaxError, QueryTimeout, UnsupportedFormatError

_FORK = multiprocessing.get_context("fork")


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


def _work(connection: Connection, store: EmbeddedStore) -> None:
    # The query process: answer jobs until the serving process goes away.
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        try:
            reply: object = answer_job(store, job)
        except (QuerySyntaxError, UnsupportedFormatError) as error:
            reply = error
        except Exception as error:  # anything else is reported, not raised: the process must live on
            reply = QueryFailed(f"{type(error).__name__}: {error}")
        connection.send(reply)


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection


class QueryPool:
    """A few query processes per serving process, each running one query at a time."""

    def __init__(self, store: EmbeddedStore, size: int):
        self.store = store
        self.size = max(1, size)
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
            reply = worker.connection.recv()
        except (EOFError, OSError) as error:
            self._replace(worker)
            raise QueryFailed(f"the query process failed: {error}") from None
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
        process = _FORK.Process(target=_work, args=(theirs, self.store), daemon=True, name="stackatlas-query")
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
