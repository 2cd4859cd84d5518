"""Where an uncached /sparql query's time goes, step by step: the per-step table of docs/performance.md.

Each step of the query path is timed where it runs, on the real objects: the app (answer cache off) answers
through Flask's test client in this process, its query processes are the real forked, confined ones, and the
steps inside them are timed there and reported back through a file. One request at a time, so a step's
time is its own, not a queue's. Beside it: the engine alone in process (pyoxigraph's query and its own
serialisation), which is what Oxigraph's server spends on the same query.

    .venv/bin/python bench/steps.py --runs 300
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pyoxigraph as ox
import servers

from service import create_app
from service.query import executor, graphs, guard, query_process, store
from service.query import results as results_module
from service.query.engine import reads_union
from service.web import sparql

TIMES: dict[str, list[float]] = defaultdict(list)
CHILD_LOG = Path(tempfile.mkdtemp(prefix="stackatlas-steps-")) / "child.jsonl"


def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a function so that each call's milliseconds are kept under `name` (in a query process: in CHILD_LOG)."""
    parent = os.getpid()

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent = (time.perf_counter() - started) * 1000
            if os.getpid() == parent:
                TIMES[name].append(spent)
            else:
                with CHILD_LOG.open("a") as log:
                    log.write(json.dumps([name, spent]) + "\n")

    return wrapper


def instrument() -> None:
    """Time each step of the query path, where it runs (before the app forks its query processes)."""
    sparql.read_request = timed("request parsing (Flask, protocol)", sparql.read_request)
    sparql.choose_format = timed("content negotiation", sparql.choose_format)
    guard.inspect = timed("the guard's lexer", guard.inspect)  # the gateway calls guard.inspect
    graphs.dataset_clauses = timed("in the query process: FROM clauses read (lexer)", graphs.dataset_clauses)
    # store.py calls the evaluate it imported from graphs.py: patched where it is called.
    store.evaluate = timed("in the query process: evaluation (pyoxigraph)", store.evaluate)  # type: ignore[attr-defined]
    # store.py calls the collect it imported from results.py: patched where it is called.
    store.collect = timed("in the query process: results read into Python", store.collect)  # type: ignore[attr-defined]
    results_module.QueryResult.serialize_within = timed(  # type: ignore[method-assign]
        "in the query process: serialisation", results_module.QueryResult.serialize_within
    )
    query_process.answer_job = timed("in the query process: the whole job", query_process.answer_job)
    executor.QueryPool.run = timed(  # type: ignore[method-assign]
        "the query process as the worker sees it: taken, job sent, answer back", executor.QueryPool.run
    )


def main() -> None:
    """Run each of the uncached queries `--runs` times through the app; print a table of median milliseconds."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    instrument()
    app = create_app({"CACHE_MB": 0, "CLIENT_QUERY_SECONDS": 1e9})
    client = app.test_client()
    raw = app.extensions["stackatlas.store"].dataset.store
    union = reads_union(raw)
    print(f"load average {os.getloadavg()[0]:.1f}; median ms of {args.runs} runs, one at a time\n")
    print("| step | " + " | ".join(servers.UNCACHED_QUERIES) + " |")
    print("|---|" + "---|" * len(servers.UNCACHED_QUERIES))
    table: dict[str, list[str]] = defaultdict(list)
    for query in servers.UNCACHED_QUERIES.values():
        TIMES.clear()
        CHILD_LOG.unlink(missing_ok=True)
        url = "/sparql?" + urllib.parse.urlencode({"query": query})
        headers = {"Accept": "application/sparql-results+json"}
        for _ in range(20):  # the query processes start, and warm up
            assert client.get(url, headers=headers).status_code == 200
        TIMES.clear()
        CHILD_LOG.unlink(missing_ok=True)
        for _ in range(args.runs):
            started = time.perf_counter()
            response = client.get(url, headers=headers)
            TIMES["the whole request (WSGI, no socket)"].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        for line in CHILD_LOG.read_text().splitlines():
            name, spent = json.loads(line)
            TIMES[name].append(spent)
        engine = []
        for _ in range(args.runs):
            started = time.perf_counter()
            raw.query(query, use_default_graph_as_union=union).serialize(format=ox.QueryResultsFormat.JSON)
            engine.append((time.perf_counter() - started) * 1000)
        TIMES["the engine alone in process: query + its JSON writer"] = engine
        medians = {name: statistics.median(values) for name, values in TIMES.items()}
        inside = medians.get("in the query process: the whole job", 0.0)
        web = sum(
            medians.get(name, 0.0)
            for name in ("request parsing (Flask, protocol)", "content negotiation", "the guard's lexer")
        )
        pooled = medians["the query process as the worker sees it: taken, job sent, answer back"]
        medians["hand-off: pickles, the pipe both ways, waking each process"] = pooled - inside
        medians["Flask, the answer cache's wrapper, fairness, the response (the rest)"] = (
            medians["the whole request (WSGI, no socket)"] - pooled - web
        )
        for name, value in medians.items():
            table[name].append(f"{value:.3f}")
    for name, values in table.items():
        print(f"| {name} | " + " | ".join(values) + " |")


if __name__ == "__main__":
    main()
