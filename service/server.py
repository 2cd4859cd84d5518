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

from flask import Flask
from granian.constants import HTTPModes, Interfaces
from granian.http import HTTP1Settings
from granian.server import Server

from service.query.sandbox import die_with

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
        # them than cores keeps GETs answering; bench/workers.py measured 2 x 8 among the best.
        return "Python threads" not in record.getMessage()


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
    server = Server(
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
    # Everything loaded so far lives as long as the server: move it out of the collector's reach
    # before the workers fork. A full collection would otherwise walk ~100k objects (~45 ms) in the
    # middle of a request, and its writes to object headers would unshare the pages they sit on.
    gc.collect()
    gc.freeze()
    give_memory_back()  # before the fork: workers inherit the setting
    main = os.getpid()

    def load_in_worker() -> Flask:
        # granian's workers outlive a main process killed outright, still serving; the kernel ends them
        # with it instead (and their query processes end with them, see graph/executor.py).
        die_with(main)
        return app

    server.serve(target_loader=load_in_worker, wrap_loader=False)
