"""A worker's short /sparql queries run one per lane, on the query process that ran the last one.

Two workers of two query processes each, all four busy on two cores, spend about twice the engine's CPU
on a small GROUP BY (2.3-2.4 ms a query against 1.07 ms alone; bench/contention.py shows the same without
HTTP: 1.1-1.2 ms a query in two processes, 1.8-2.1 ms in four). One likely part: pyoxigraph's in-memory store
writes to every quad it reads (it counts a reference to each node and locks its version range: oxigraph's
`storage/memory.rs`), so each forked query process keeps its own copy of the pages its queries touched (21 MB
after one such GROUP BY), and four processes hold four copies of the same hot pages.

So a worker runs its short queries one per lane (by default one lane per core it has to itself: with two
workers on two cores, one), each on the query process given back last (the pool lends the most recently
returned). A query still running after `hold_seconds` is slow: it gives its lane to the next query, which
takes another process; and no query waits for a lane longer than that. So slow queries never hold short ones
back and the pool's other processes are there for them, as before; a lane only orders queries that would
have been running at the same time anyway. Measured against the code before it (docs/performance.md): the
GROUP BY served 1.1-1.7 times as fast, the other two queries as fast or faster.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from service.settings import cores

# A query running this long is slow: it gives its lane to the next one (short ones take a few milliseconds).
HOLD_SECONDS = 0.02


def lanes_per_worker(workers: int) -> int:
    """Return how many lanes a worker gets by default: the cores this process may use, shared out, at least one."""
    return max(1, cores() // max(1, workers))


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
        self.hold_seconds = hold_seconds
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
