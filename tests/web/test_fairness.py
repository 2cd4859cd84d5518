"""Each client's share of the query processes and its query-time budget, and who the client is."""

from __future__ import annotations

import sys
import tracemalloc
from types import SimpleNamespace

import pytest
from flask import Flask

from service.web import fairness as fairness_module
from service.web.errors import ApiError
from service.web.fairness import Fairness, client_of


def test_a_client_over_its_budget_is_refused_with_retry_after() -> None:
    fairness = Fairness(processes=2, queries=0, budget_seconds=1e-9, window_seconds=60)
    with fairness.admit("a"):
        pass  # a query that took a moment: over a budget of a nanosecond
    with pytest.raises(ApiError) as refused, fairness.admit("a"):
        pass
    assert refused.value.status == 429
    assert 1 <= int(refused.value.headers["Retry-After"]) <= 61
    with fairness.admit("b"):  # another client has its own budget
        pass


def test_a_client_alone_may_use_every_process_but_only_its_share_beside_another() -> None:
    fairness = Fairness(processes=2, queries=0, budget_seconds=60, window_seconds=60)
    with fairness.admit("a"), fairness.admit("a"):  # alone: both processes
        pass
    # b active: a's share is one
    with fairness.admit("b"), fairness.admit("a"), pytest.raises(ApiError) as refused, fairness.admit("a"):
        pass
    assert refused.value.status == 429


def held_by_fairness() -> int:
    """Return the bytes allocated by web/fairness.py that are still held (tracemalloc must be tracing)."""
    snapshot = tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(True, fairness_module.__file__)])
    return sum(statistic.size for statistic in snapshot.statistics("filename"))


def test_many_queries_keep_one_charge_a_second(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every query ends in the same second of a clock that stands still: a charge each would hold ~600 KB.
    monkeypatch.setattr(fairness_module, "time", SimpleNamespace(monotonic=lambda: 1000.5))
    charge = sys.getsizeof([0.0, 0.0]) + sys.getsizeof(0.0)  # [second, seconds spent] and the float it adds
    fairness = Fairness(processes=2, queries=0, budget_seconds=60, window_seconds=60)
    tracemalloc.start()
    try:
        with fairness.admit("a"):
            pass
        after_one = held_by_fairness()
        for _ in range(5000):
            with fairness.admit("a"):
                pass
        after_many = held_by_fairness()
    finally:
        tracemalloc.stop()
    assert after_many - after_one <= 2 * charge  # three charges at most, as many as the seconds they ended in


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "client"),
    (
        ("203.0.113.5", "198.51.100.1", "", "203.0.113.5"),  # no proxy is trusted: the header is ignored
        ("203.0.113.5", "198.51.100.1", "10.0.0.2", "203.0.113.5"),  # not from the trusted proxy
        ("10.0.0.2", "198.51.100.1", "10.0.0.2", "198.51.100.1"),
        ("10.0.0.2", "6.6.6.6, 198.51.100.1", "10.0.0.2", "198.51.100.1"),  # the client's own say comes first
        ("10.0.0.2", "198.51.100.1, 10.0.0.3", "10.0.0.2 10.0.0.3", "198.51.100.1"),  # two proxies
        ("10.0.0.2", "", "10.0.0.2", "10.0.0.2"),
    ),
)
def test_the_client_is_the_peer_or_what_a_trusted_proxy_forwards(
    peer: str, forwarded: str, trusted: str, client: str
) -> None:
    app = Flask(__name__)
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    with app.test_request_context("/sparql", headers=headers, environ_base={"REMOTE_ADDR": peer}):
        from flask import request

        assert client_of(request, trusted) == client
