"""A few processes forked from a serving process, lent one caller at a time, replaced when they die.

They are forked by a fork server: a small process the serving process forks once, when the pool first
starts (before it holds any answer), which then forks every query process on request and hands back the
process id and its end of the pipe. A query process forked from the serving process itself would inherit,
copy-on-write, every answer the serving process held in flight at that moment, and keep it after the
serving process let go (measured: +989 MB 15 s after six clients of big answers left). The fork server
holds only what the serving process held before its first query; it also reaps its children and tells how
each ended. It dies with the serving process (parent-death signal), and its children with it.

Every fork of the fork server happens on one long-lived thread: the kernel's parent-death signal fires
when the *thread* that forked a process ends, and a server's request threads come and go. What each
process runs is a subclass's `_child` (executor.QueryPool: the query process's loop).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import queue
import signal
import statistics
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing import reduction
from multiprocessing.connection import Connection

from service.query import sandbox
from service.query.jobs import QueryBusy

log = logging.getLogger(__name__)

# How many recent holds of a process the expected wait is read from (their median: one long query does not
# make every later query look long).
HOLDS_KEPT = 64


@dataclass
class Worker:
    """A forked process and our end of its pipe (pid 0 once it is reaped)."""

    pid: int
    connection: Connection
    # Its peak memory (kB) as last read, to tell how much a job that ends it grew it by (None: to read).
    peak_kb: int | None = None


class ProcessPool:
    """Processes forked from this serving process (again after the server forks it), each lent to one caller."""

    def __init__(self, size: int, max_waiting: int | None = None):
        self.size = max(1, size)
        # The most queries that may wait at once (None: as many as the expected wait allows): each holds a
        # request thread (bounded.py allows as many as a worker has threads beside the running queries).
        self.max_waiting = max_waiting
        # The process given back last is lent first: it holds the pages recent queries touched (see lanes.py).
        self._idle: queue.Queue[Worker] = queue.LifoQueue()
        self._admission = threading.Lock()  # guards the three below
        self._waiting = 0  # queries waiting for a process
        self._holding: dict[int, float] = {}  # when each request thread holding a process took it
        self._holds: deque[float] = deque(maxlen=HOLDS_KEPT)  # how long recent queries held a process
        self._owner: int | None = None
        self._lock = threading.Lock()
        self._forker: ThreadPoolExecutor | None = None
        self._missing = 0  # processes that could not be replaced, to start again on the next query
        self._server: Connection | None = None  # the pipe to the fork server
        self._server_pid = 0
        self._server_lock = threading.Lock()  # one conversation with the fork server at a time

    @property
    def idle_pids(self) -> tuple[int, ...]:
        """The process ids of the query processes idle at this moment (read-only: to watch the pool from outside)."""
        return tuple(worker.pid for worker in list(self._idle.queue))

    def take(self, wait: float, timeout: float) -> Worker:
        """Take an idle query process, waiting at most `wait` s (QueryBusy past it); give it back after.

        A query that finds every process busy waits its turn when the wait it can expect fits in `wait` (and
        in `timeout`); when it does not, it is refused at once (QueryBusy): a burst the processes can serve in
        time is served, and a client that would wait in vain is told at once to come back.
        """
        self._start_here()
        self._top_up()
        budget = min(wait, timeout)
        with self._admission:
            try:
                if self._waiting:  # a process just given back is for those already waiting: join them, behind
                    raise queue.Empty
                worker = self._idle.get_nowait()
            except queue.Empty:
                if self.max_waiting is not None and self._waiting >= self.max_waiting:
                    raise QueryBusy(
                        f"all {self.size} query processes are busy and {self._waiting} queries wait already"
                    ) from None
                expected = self._expected_wait(time.monotonic())
                if expected > budget:
                    raise QueryBusy(
                        f"all {self.size} query processes are busy and {self._waiting} queries wait already; "
                        f"a turn would come in about {expected:.2g} s, past the {budget:g} s a query may wait"
                    ) from None
                self._waiting += 1
            else:
                self._holding[threading.get_ident()] = time.monotonic()
                return worker
        try:
            worker = self._idle.get(timeout=budget)
        except queue.Empty:
            # Failing fast lets the client retry; waiting a full timeout for a process and then one more
            # for the query would hold the request twice as long as promised.
            raise QueryBusy(f"no query process became free within {budget:g} s") from None
        finally:
            with self._admission:
                self._waiting -= 1
        with self._admission:
            self._holding[threading.get_ident()] = time.monotonic()
        return worker

    def _expected_wait(self, now: float) -> float:
        # The wait a query joining the queue now can expect: the queries before it (those waiting, and it)
        # share the processes, each holding one for about the median of recent holds. A process held longer
        # than that already runs a long query: a turn comes no sooner than the youngest such query ends, and
        # its remaining time is taken to be its age (a long query has a long tail).
        typical = statistics.median(self._holds) if self._holds else 0.0
        youngest = min((now - since for since in self._holding.values()), default=0.0)
        return max((self._waiting + 1) * typical / self.size, youngest if youngest > typical else 0.0)

    def give_back(self, worker: Worker | None) -> None:
        """Return a taken process to the idle ones (None: it died and could not be replaced)."""
        with self._admission:
            since = self._holding.pop(threading.get_ident(), None)
            if since is not None:
                self._holds.append(time.monotonic() - since)
        if worker is not None:
            self._idle.put(worker)

    def close(self) -> None:
        """Stop every idle query process of this serving process, and its fork server."""
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            self._stop(worker)
        if self._server is not None and self._owner == os.getpid():
            self._server.close()  # it ends when its pipe does
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self._server_pid, 0)
            self._server, self._owner = None, None

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
            self._server, self._server_pid = self._forker.submit(self._start_fork_server).result()
            self._idle = queue.LifoQueue()
            self._waiting, self._holding, self._holds = 0, {}, deque(maxlen=HOLDS_KEPT)
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

    def _spawn(self) -> Worker:
        assert self._forker is not None
        return self._forker.submit(self._fork).result()

    def _start_fork_server(self) -> tuple[Connection, int]:
        return _fork_child(self._run_fork_server)

    def _run_fork_server(self, requests: Connection, serving_process: int) -> None:
        # In the fork server, which never returns to the caller's code: it dies with the serving process.
        sandbox.die_with(serving_process)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which stops us
        self._serve_forks(requests)

    def _serve_forks(self, requests: Connection) -> None:
        # The fork server's loop: fork a query process, or reap one and tell how it ended, until the pipe closes.
        while True:
            try:
                request = requests.recv()
            except (EOFError, OSError):
                return
            if request[0] == "fork":
                worker = self._fork_here()
                requests.send(worker.pid)
                reduction.send_handle(requests, worker.connection.fileno(), os.getppid())
                worker.connection.close()
            else:  # ("reap", pid)
                try:
                    _, status, usage = os.wait4(request[1], 0)
                except ChildProcessError:
                    requests.send(None)
                else:
                    requests.send((status, usage.ru_maxrss))

    def _fork(self) -> Worker:
        # Ask the fork server for a query process: its pid, and our end of its pipe.
        assert self._server is not None
        with self._server_lock:
            self._server.send(("fork",))
            pid = self._server.recv()
            handle = reduction.recv_handle(self._server)
        return Worker(pid=pid, connection=Connection(handle))

    def reap(self, pid: int) -> tuple[int, int] | None:
        """Wait for a query process that has ended or been killed: its wait status and peak memory (kB), or None."""
        if self._server is None:
            return None
        try:
            with self._server_lock:
                self._server.send(("reap", pid))
                ended: tuple[int, int] | None = self._server.recv()
        except (EOFError, OSError):  # the fork server is gone, and its children with it
            return None
        return ended

    def _fork_here(self) -> Worker:
        # In the fork server: fork one query process.
        connection, pid = _fork_child(self._child)
        return Worker(pid=pid, connection=connection)

    def _replace(self, worker: Worker) -> Worker | None:
        self._stop(worker)
        try:
            return self._spawn()
        except OSError as error:  # fork failed (no memory, too many processes): try again on the next query
            log.error("could not start a query process: %s", error)
            with self._lock:
                self._missing += 1
            return None

    def _stop(self, worker: Worker) -> None:
        with contextlib.suppress(OSError):
            worker.connection.close()
        if worker.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker.pid, signal.SIGKILL)
            self.reap(worker.pid)
            worker.pid = 0

    def _child(self, connection: Connection, serving_process: int) -> None:
        # What a forked process runs; it returns when the process should end.
        raise NotImplementedError


def _fork_child(run: Callable[[Connection, int], None]) -> tuple[Connection, int]:
    """Fork a process that runs `run(its end of a pipe, our pid)` and exits: our end of the pipe, and its pid.

    The fork server and each query process start alike: what they inherited lives as long as they do, so it is
    kept out of the collector's reach (a collection would write to those pages: measured, 25 MB dirtied by one
    collection in a child of a big heap, 8 MB frozen; unfrozen, a parent that did not freeze made small answers
    look big and retired processes), and they hold no descriptor but their pipe.
    """
    ours, theirs = multiprocessing.Pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 1
        try:
            gc.freeze()
            ours.close()
            sandbox.close_inherited(theirs.fileno())
            run(theirs, parent)
            code = 0
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stderr.flush()
            os._exit(code)
    theirs.close()
    return ours, pid
