"""service/query/lanes.py: short queries one per lane, on the process given back last; slow ones step aside."""

from __future__ import annotations

import os
import threading

import pytest

from service.query.executor import QueryPool
from service.query.jobs import Job, QueryTimeout
from service.query.lanes import Lanes, lanes_per_worker

GROUP_BY = Job(
    "SELECT ?language (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f a <https://w3id.org/stackatlas/ontology#Framework> ; "
    "<https://w3id.org/stackatlas/ontology#language> ?language } GROUP BY ?language",
    "json",
    None,
)
RUNAWAY = Job("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }", "json", None)


def test_a_lane_is_held_until_left_and_then_taken_by_the_next() -> None:
    lanes = Lanes(1)
    with lanes.turn() as first:
        assert first.held
        with lanes.turn() as second:  # none free within the hold: it runs without one (a lane is a hint)
            assert not second.held
        first.leave()  # a slow query steps aside and runs on
        assert not first.held
        with lanes.turn() as third:
            assert third.held
    with lanes.turn() as after:  # every lane is given back when its turn ends
        assert after.held


def test_without_lanes_no_query_holds_one() -> None:
    with Lanes(0).turn() as lane:
        assert not lane.held


def test_the_default_shares_the_cores_among_the_workers() -> None:
    cores = len(os.sched_getaffinity(0))
    assert lanes_per_worker(1) == cores
    assert lanes_per_worker(cores * 4) == 1  # never none


@pytest.fixture
def laned_pool(store):
    made = QueryPool(store, size=2, lanes=1)
    yield made
    made.close()


def test_short_queries_run_on_the_process_given_back_last(laned_pool: QueryPool) -> None:
    laned_pool.run(GROUP_BY, 10)
    hot = laned_pool.idle_pids[-1]  # given back last: lent first
    for _ in range(10):
        laned_pool.run(GROUP_BY, 10)
        assert laned_pool.idle_pids[-1] == hot
    assert len(set(laned_pool.idle_pids)) == 2  # the other stays there for slow queries


def test_a_slow_query_gives_its_lane_to_the_next_which_runs_beside_it(laned_pool: QueryPool) -> None:
    laned_pool.run(GROUP_BY, 10)  # both processes started
    stopped: list[BaseException] = []

    def slow() -> None:
        try:
            laned_pool.run(RUNAWAY, 5)
        except QueryTimeout as error:
            stopped.append(error)

    runaway = threading.Thread(target=slow)
    runaway.start()
    try:
        while len(laned_pool.idle_pids) == 2:  # until the runaway holds its process
            threading.Event().wait(0.005)
        answer = laned_pool.run(GROUP_BY, 10, wait=10)
        # Answered while the runaway still runs (it is stopped at 5 s): it had stepped aside from the lane.
        assert runaway.is_alive()
        assert answer.rows > 0
    finally:
        runaway.join(timeout=30)
    assert len(stopped) == 1
