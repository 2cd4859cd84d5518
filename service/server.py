"""Run the Flask app under granian, loaded once in the main process and shared by forked workers.

granian's HTTP layer is Rust (hyper on tokio): it reads request lines and headers without a Python
thread, so slow clients cost a socket, not a thread, and it answers small requests faster than
gunicorn's gthread workers did (docs/guide/http-api.md, docs/performance.md). Its workers are forked by
multiprocessing with the "fork" start method, so the graph loaded here is inherited copy-on-write; it has no
control socket, so instances on one machine cannot interfere.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import multiprocessing
import os
import socket
from typing import Any

from flask import Flask
from granian._granian import SocketHolder
from granian.constants import HTTPModes, Interfaces
from granian.http import HTTP1Settings
from granian.server.mp import MPServer

from service.loading.kept import KEEPING, Keeping
from service.query.sandbox import die_with
from service.web.sending import UnsentAnswers

# A client has this long to send its request line and headers, which must fit in this buffer
# (granian answers 431 or 414 past it; under it, web/limits.py refuses what is too big in the JSON shape).
HEADER_READ_TIMEOUT_MS = 10_000
HEADER_BUFFER_BYTES = 65_536
# Seconds a stopping worker may take to finish its requests before it is killed (and its query
# processes with it): answers take milliseconds, and a long query is cut short either way.
GRACEFUL_SECONDS = 1
# glibc's mallopt parameters, and the size from which a block is mapped on its own (and unmapped when freed).
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
GIVE_BACK_FROM_BYTES = 128 * 1024


class _ThreadsByChoice(logging.Filter):
    """Drop granian's warning that the Python threads outnumber the cores: THREADS is that high on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Threads mostly wait (for a query process, or for a body under web/limits.py), so more of
        # them than cores keeps GETs answering, and a query waiting its turn is not refused for want of
        # one (THREADS in settings.py; docs/performance.md, the capacity runs at 16 and 64 threads).
        return "Python threads" not in record.getMessage()


class _ListeningServer(MPServer):
    """granian's server (of processes, as with the GIL) on listeners made here, with a send timeout.

    granian has no send timeout: a client that reads nothing kept its answer, and the thread sending it,
    until it left. The kernel's TCP_USER_TIMEOUT closes a connection whose sent bytes stay unacknowledged
    that long, a zero window included (Linux 5.11+), and accepted connections inherit it from the listener.
    granian makes each worker's listener inside the worker (SO_REUSEPORT, so the kernel spreads connections
    over the workers), out of reach; it also takes a listener made beforehand (granian 2.8, server/mp.py,
    `_spawn_worker`, the socket holder it passes on other systems). So each worker gets one made here, the
    same way and with the timeout set, before it is forked.
    """

    send_timeout_ms = 30_000

    def _listener(self) -> socket.socket:
        family = socket.AF_INET6 if ":" in self.bind_addr else socket.AF_INET
        listener = socket.socket(family, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT, self.send_timeout_ms)
        listener.bind((self.bind_addr, self.bind_port))
        return listener

    def _init_shared_socket(self) -> None:
        # What granian does on Linux before its workers start: check that the address can be bound.
        self._listener().close()
        self._ssp = None
        self._sso = None  # the listener other systems share, used on Windows only

    # MPServer's own signature (granian's base class declares one more parameter, which MPServer drops).
    def _spawn_worker(self, idx: int, target: Any, callback_loader: Any) -> Any:  # type: ignore[override]
        listener = self._listener()
        listener.listen(self.backlog)
        fd = listener.detach()
        # On Linux: fd, whether it is a UNIX socket, backlog (the stub gives another system's signature).
        self._shd = SocketHolder(fd, False, self.backlog)  # type: ignore[call-arg, assignment]
        worker = super()._spawn_worker(idx, target, callback_loader)
        start = worker.start

        def start_and_let_go() -> None:
            start()  # type: ignore[no-untyped-call]
            # The forked worker has the listener; one left open here would take its share of connections
            # and never accept them once the worker is gone.
            os.close(fd)

        worker.start = start_and_let_go  # type: ignore[method-assign]
        return worker


def give_memory_back() -> None:
    """Make freed answer buffers return to the system (glibc only; elsewhere nothing changes).

    By default glibc raises its mmap threshold each time a large block is freed, so after a few answers of
    megabytes the next ones come from the heap and stay there once freed: a worker that served six 16 MB
    answers to clients that left kept +150 MB for good (tests/attack/test_round_three.py). A fixed threshold
    keeps such blocks mapped on their own and unmapped when freed, and trims the heap's top at the same size.
    """
    name = ctypes.util.find_library("c")
    libc = ctypes.CDLL(name) if name else None
    if libc is None or not hasattr(libc, "mallopt") or not hasattr(libc, "gnu_get_libc_version"):
        return
    libc.mallopt(M_MMAP_THRESHOLD, GIVE_BACK_FROM_BYTES)
    libc.mallopt(M_TRIM_THRESHOLD, GIVE_BACK_FROM_BYTES)


def serve(app: Flask, *, host: str, port: int, workers: int, threads: int, access_log: bool = False) -> None:
    """Serve the app until interrupted (SIGINT or SIGTERM stop the workers gracefully)."""
    # granian forks with multiprocessing's default method; the shared graph needs "fork" itself.
    multiprocessing.set_start_method("fork", force=True)
    logging.getLogger("_granian").addFilter(_ThreadsByChoice())
    server = _ListeningServer(
        "stackatlas",
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        # Python threads per worker that run requests; a request waiting for its body holds one.
        blocking_threads=threads,
        http=HTTPModes.http1,
        http1_settings=HTTP1Settings(header_read_timeout=HEADER_READ_TIMEOUT_MS, max_buffer_size=HEADER_BUFFER_BYTES),
        websockets=False,
        log_access=access_log,
        respawn_failed_workers=True,
        workers_kill_timeout=GRACEFUL_SECONDS,
    )
    server.send_timeout_ms = int(app.config["SEND_TIMEOUT"] * 1000)
    # Everything loaded so far lives as long as the server: move it out of the collector's reach
    # before the workers fork. A full collection would otherwise walk ~100k objects (~45 ms) in the
    # middle of a request, and its writes to object headers would unshare the pages they sit on.
    gc.collect()
    gc.freeze()
    give_memory_back()  # before the fork: workers inherit the setting
    keeping: Keeping | None = app.extensions.pop(KEEPING, None)
    if keeping is not None:  # a new dataset version's store, written for the next start (see Keeping.start)
        keeping.start()
    main = os.getpid()

    def load_in_worker() -> Any:
        # granian's workers outlive a main process killed outright, still serving; the kernel ends them
        # with it instead (and their query processes end with them, see query/executor.py).
        die_with(main)
        # Outermost, so that answers from the cache are counted too; one bound per worker.
        return UnsentAnswers(app, app.config["UNSENT_ANSWER_MB"] * 2**20, threads)

    server.serve(target_loader=load_in_worker, wrap_loader=False)
