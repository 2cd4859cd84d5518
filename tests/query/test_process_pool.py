"""service/query/process_pool.py: processes lent one caller at a time, a bounded wait, no orphan left behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from service.query.executor import QueryPool
from service.query.jobs import Job, QueryBusy, QueryTimeout

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }"
ASK = Job("ASK { ?s ?p ?o }", "json", None)
ROOT = Path(__file__).parents[2]


def _query_process_pid(pool: QueryPool) -> int:
    (pid,) = pool.idle_pids  # the pool of size 1, idle between queries
    return pid


def _until(condition: Callable[[], bool], seconds: float = 10) -> None:
    # Wait for a condition, checking often: as long as it takes, never longer than `seconds`.
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition did not come true in time"
        time.sleep(0.01)


@pytest.fixture
def pool(store):
    made = QueryPool(store, size=1)
    yield made
    made.close()


# --- No starvation ------------------------------------------------------------------------------------------------


def _run_away(pool: QueryPool, timeout: float) -> threading.Thread:
    # Start a runaway query on another thread and return once it holds one more of the pool's processes.
    def run_away() -> None:
        with pytest.raises(QueryTimeout):
            pool.run(Job(RUNAWAY, "json", None), timeout)

    idle = len(pool.idle_pids)
    thread = threading.Thread(target=run_away)
    thread.start()
    _until(lambda: len(pool.idle_pids) < idle)
    return thread


def _busy(pool: QueryPool, timeout: float) -> threading.Thread:
    # Start a runaway query on another thread and return once it holds the pool's only process.
    pool.run(ASK, 10)
    return _run_away(pool, timeout)


def test_a_query_that_finds_every_process_busy_is_refused_after_the_wait(pool: QueryPool) -> None:
    runaway = _busy(pool, 3)
    with pytest.raises(QueryBusy, match=r"no query process became free within 0.3 s"):
        pool.run(ASK, 10, wait=0.3)
    assert runaway.is_alive()  # refused at the end of its wait, not when the process came free
    runaway.join()


def test_a_query_that_finds_a_process_free_within_the_wait_is_answered(pool: QueryPool) -> None:
    runaway = _busy(pool, 0.3)
    assert json.loads(pool.run(ASK, 10, wait=5).body)["boolean"] is True  # waited for the runaway's end
    runaway.join()


def test_the_wait_for_a_process_ends_with_the_time_limit(pool: QueryPool) -> None:
    runaway = _busy(pool, 3)
    with pytest.raises(QueryBusy):
        pool.run(ASK, 0.3, wait=5)  # a wait longer than the time limit is cut to it
    assert runaway.is_alive()
    runaway.join()


def test_the_time_limit_counts_from_the_call_including_the_wait(store) -> None:
    # Two processes, both held: one until 1 s, the other until 2.5 s. A query with 2 s that waits for the first
    # has ~1 s left to run, so it stops before the second's runaway does; counted from when it got its
    # process, its time limit would end at ~3 s, after the second runaway.
    pool = QueryPool(store, size=2)
    try:
        pool.run(ASK, 10)
        short = _run_away(pool, 1)
        long = _run_away(pool, 2.5)
        with pytest.raises(QueryTimeout):
            pool.run(Job(RUNAWAY, "json", None), 2, wait=1.5)
        assert not short.is_alive()  # it did wait for the first process
        assert long.is_alive()
        short.join()
        long.join()
    finally:
        pool.close()


def test_a_burst_the_processes_can_serve_in_time_waits_its_turn_and_is_answered(pool: QueryPool) -> None:
    # Eight queries at once for one process: each waits for the ones before it, none is refused as busy.
    pool.run(ASK, 10)
    with ThreadPoolExecutor(max_workers=8) as clients:
        answers = list(clients.map(lambda _: pool.run(ASK, 10, wait=5), range(8)))
    assert [json.loads(answer.body)["boolean"] for answer in answers] == [True] * 8


def test_a_query_that_would_wait_past_its_limit_is_refused_without_waiting(pool: QueryPool) -> None:
    runaway = _busy(pool, 3)
    time.sleep(0.5)  # the only process has run the runaway longer than the next query may wait
    with pytest.raises(QueryBusy, match=r"past the 0\.3 s a query may wait"):
        pool.run(ASK, 10, wait=0.3)
    assert runaway.is_alive()
    runaway.join()


# --- No orphans ---------------------------------------------------------------------------------------------------


def test_a_query_process_outlives_the_request_thread_that_first_used_the_pool(pool: QueryPool) -> None:
    thread = threading.Thread(target=pool.run, args=(ASK, 10))
    thread.start()
    thread.join()
    first = _query_process_pid(pool)
    # The kernel sends a parent-death signal as the thread exits: once the thread is gone from /proc, it was sent.
    _until(lambda: not Path(f"/proc/self/task/{thread.native_id}").exists())
    assert json.loads(pool.run(ASK, 10).body)["boolean"] is True
    assert _query_process_pid(pool) == first


SERVING_PROCESS = f"""
import threading, time
import pyoxigraph as ox
from service.query.executor import Job, QueryPool
from service.loading.load import Dataset
from service.query.store import EmbeddedStore

store = ox.Store()
for i in range(100):
    node = ox.NamedNode(f"http://example.org/{{i}}")
    store.add(ox.Quad(node, node, node))
pool = QueryPool(EmbeddedStore(Dataset(store=store, version="small", files=())), size=1)
# A request thread starts the pool and ends; another starts a query that runs for hours.
first = threading.Thread(target=pool.run, args=(Job("ASK {{}}", "json", None), 10))
first.start()
first.join()
(pid,) = pool.idle_pids
threading.Thread(target=pool.run, args=(Job({RUNAWAY!r}, "json", None), 3600), daemon=True).start()


def cpu_ticks() -> int:
    fields = open(f"/proc/{{pid}}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime and stime


# Once the query process has used some CPU time past its start, it is deep in its native evaluation.
ticks = cpu_ticks()
while pool.idle_pids or cpu_ticks() < ticks + 10:
    time.sleep(0.01)
print(pid, flush=True)
time.sleep(3600)
"""


def _alive(pid: int) -> bool:
    # A zombie is dead: it only waits for whoever adopted it to reap it.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_no_query_process_outlives_its_serving_process(how: signal.Signals) -> None:
    serving = subprocess.Popen([sys.executable, "-c", SERVING_PROCESS], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    query_process = 0
    try:
        assert serving.stdout is not None
        query_process = int(serving.stdout.readline())
        assert _alive(query_process)
        serving.send_signal(how)
        serving.wait(timeout=10)
        deadline = time.monotonic() + 2
        while _alive(query_process) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(query_process)
    finally:
        if serving.poll() is None:
            serving.kill()
            serving.wait()
        assert serving.stdout is not None
        serving.stdout.close()
        if query_process and _alive(query_process):
            os.kill(query_process, signal.SIGKILL)  # the orphan this test failed to prevent


def test_idle_pids_are_the_processes_not_lent(pool: QueryPool) -> None:
    assert pool.idle_pids == ()  # started at the first query, not before
    pool.run(ASK, 10)
    (pid,) = pool.idle_pids
    worker = pool.take(wait=1, timeout=10)
    assert (worker.pid, pool.idle_pids) == (pid, ())
    pool.give_back(worker)
    assert pool.idle_pids == (pid,)
