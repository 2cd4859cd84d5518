"""A worker's short /sparql queries run one per lane, on the query process that ran the last one.

pyoxigraph's in-memory store writes to every quad it reads (it counts a reference to each node and locks
its version range: oxigraph's `storage/memory.rs`), so a forked query process keeps its own copy of every
page its queries touched: 21 MB after one frameworks-per-language GROUP BY on the bundled graph. Two
workers of two query processes each, all busy, hold four copies of the same hot pages, more than the cache
holds, and each query then takes about twice the engine's CPU (bench/contention.py; docs/performance.md).

So a worker runs its short queries one per lane (by default one lane per core it has to itself: with two
workers on two cores, one), each on the query process given back last (the pool lends the most recently
returned): one process per lane stays hot, the others wait idle. A query still running after
`hold_seconds` is slow: it gives its lane to the next query, which takes another process; and no query waits
for a lane longer than that. So slow queries never hold short ones back and the pool's other processes are
there for them, as before; a lane only orders queries that would have been running at the same time anyway.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# A query running this long is slow: it gives its lane to the next one (short ones take a few milliseconds).
HOLD_SECONDS = 0.02


def lanes_per_worker(workers: int) -> int:
    """Return how many lanes a worker gets by default: the cores this process may use, shared out, at least one."""
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        available = os.cpu_count() or 1
    return max(1, available // max(1, workers))


class Lane:
    """One query's lane: `leave` gives it to the next query (once; later calls do nothing)."""

    def __init__(self, free: threading.Semaphore | None):
        self._free = free

    @property
    def held(self) -> bool:
        """Say whether this query holds a lane now."""
        return self._free is not None

    def leave(self) -> None:
        """Let the next query have the lane; this one runs on."""
        if self._free is not None:
            self._free.release()
            self._free = None


class Lanes:
    """`count` lanes for the queries of this process (0: no lanes, every query runs as soon as a process is free)."""

    def __init__(self, count: int, hold_seconds: float = HOLD_SECONDS):
        self.count, self.hold_seconds = count, hold_seconds
        self._free = threading.BoundedSemaphore(count) if count > 0 else None

    @contextmanager
    def turn(self) -> Iterator[Lane]:
        """Take a lane for the body, waiting at most `hold_seconds` (past it, run without one); give it back after."""
        # No longer than a slow query keeps one: a lane only orders queries, it never holds one back for long
        # (nor delays the pool's refusal of a query that would wait in vain).
        taken = self._free is not None and self._free.acquire(timeout=self.hold_seconds)
        lane = Lane(self._free if taken else None)
        try:
            yield lane
        finally:
            lane.leave()
