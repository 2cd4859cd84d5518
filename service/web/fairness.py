"""Each client's fair share of /sparql's query processes: a share of them at once, and a query-time budget.

One client sending slow queries (and hanging up after a second: the query runs on to QUERY_TIMEOUT
regardless) could keep every query process busy, and everyone else would get 503. So, per worker:

- while other clients are active (a query within the last `ACTIVE_SECONDS`), a client may run at most
  its share of the query processes at once (CLIENT_QUERIES, or an equal share: QUERY_PROCESSES divided
  by the clients active); alone, it may use them all, as before;
- a client may spend at most CLIENT_QUERY_SECONDS of query time in any CLIENT_WINDOW seconds (as the
  Wikidata Query Service gives each client 60 s per 60 s), shared out among the workers.

Past either, 429 with Retry-After. Answers from the cache cost nothing and are never refused. A client
is its peer address; only a peer listed in TRUSTED_PROXIES (a load balancer of the two-tier set-up) is
believed about the address it forwards in X-Forwarded-For.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from flask import Flask, Request

from service.web.errors import ApiError

# A client that queried within this many seconds counts as active: it takes a share of the processes.
ACTIVE_SECONDS = 10.0
# Past this many clients known, the idle ones are forgotten (their charges too, once out of the window).
_FORGET_PAST = 1000


@dataclass
class _Client:
    running: int = 0
    last_seen: float = 0.0
    # [a whole second, the query time of the queries that ended in it], oldest first, within the window:
    # one entry a second however many queries end in it, so a busy client costs O(window) and the sum
    # is kept as they come and go (a sum over every query of the window cost 40 % of uncached throughput).
    charges: deque[list[float]] = field(default_factory=deque)
    spent: float = 0.0


class Fairness:
    """Who runs how many queries for how long, in this worker; refuses a client over its share with 429."""

    def __init__(self, processes: int, queries: int, budget_seconds: float, window_seconds: float):
        self.processes, self.queries = processes, queries
        self.budget, self.window = budget_seconds, window_seconds
        self._clients: dict[str, _Client] = {}
        self._lock = threading.Lock()

    @contextmanager
    def admit(self, client: str) -> Iterator[None]:
        """Run the body as one of `client`'s queries, charging its time; ApiError 429 if over its share."""
        with self._lock:
            now = time.monotonic()
            entry = self._clients.setdefault(client, _Client())
            self._expire(entry, now)
            if entry.spent >= self.budget:
                wait = max(1, math.ceil(entry.charges[0][0] + 1 + self.window - now))
                raise _over(f"This client used its {self.budget:g} s of query time in {self.window:g} s", wait)
            entry.last_seen = now
            active = sum(
                1 for other in self._clients.values() if other.running or now - other.last_seen < ACTIVE_SECONDS
            )
            share = self.queries or max(1, self.processes // active)
            if active > 1 and entry.running >= share:
                raise _over(f"This client runs {entry.running} queries at once, its share while others query", 1)
            entry.running += 1
        started = time.monotonic()
        try:
            yield
        finally:
            with self._lock:
                ended = time.monotonic()
                entry.running -= 1
                second = float(math.floor(ended))
                if entry.charges and entry.charges[-1][0] == second:
                    entry.charges[-1][1] += ended - started
                else:
                    entry.charges.append([second, ended - started])
                entry.spent += ended - started
                entry.last_seen = ended
                if len(self._clients) > _FORGET_PAST:
                    self._forget(ended)

    def _expire(self, entry: _Client, now: float) -> None:
        # A second's charges leave the window once all of that second has (so a charge stays a little long).
        while entry.charges and entry.charges[0][0] + 1 <= now - self.window:
            entry.spent -= entry.charges.popleft()[1]
        if not entry.charges:
            entry.spent = 0.0  # no rounding left behind

    def _forget(self, now: float) -> None:
        for name, entry in list(self._clients.items()):
            self._expire(entry, now)
            if not entry.running and not entry.charges and now - entry.last_seen >= ACTIVE_SECONDS:
                del self._clients[name]


def _over(reason: str, retry_after: int) -> ApiError:
    return ApiError(429, f"{reason}; try again in {retry_after} s.", headers={"Retry-After": str(retry_after)})


def init_app(app: Flask) -> None:
    """Keep the shares of this worker's clients: the budget is shared out among the workers."""
    config = app.config
    app.extensions["stackatlas.fairness"] = Fairness(
        processes=config["QUERY_PROCESSES"],
        queries=config["CLIENT_QUERIES"],
        budget_seconds=float(config["CLIENT_QUERY_SECONDS"]) / max(1, config["WORKERS"]),
        window_seconds=float(config["CLIENT_WINDOW"]),
    )


def client_of(request: Request, trusted_proxies: str) -> str:
    """Return the client's address: the peer's, or the one a trusted proxy forwarded (the nearest untrusted hop)."""
    peer = request.remote_addr or ""
    trusted = set(trusted_proxies.split())
    if peer not in trusted:
        return peer
    hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop.strip()]
    for hop in reversed(hops):  # the proxy appends what it saw; earlier entries are the client's own say
        if hop not in trusted:
            return hop
    return peer
