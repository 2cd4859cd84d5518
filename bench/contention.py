"""What running the engine in processes rather than threads costs on this machine, with no HTTP at all.

Oxigraph's server evaluates queries on threads of one process; StackAtlas evaluates them in forked query
processes (killable: pyoxigraph cannot cancel a query), two per worker, four in all on two cores. This runs
the same query back to back in N forked processes, then in N threads of one process (pyoxigraph lets go
of the GIL while it evaluates), and prints queries per second, the CPU time one query took, and how often
each was preempted. More processes than cores, each preempted in the middle of a query, cost CPU per query
that threads do not (docs/performance.md, "Why the GROUP BY stays behind").

    .venv/bin/python bench/contention.py --queries 2000
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pyoxigraph as ox
import servers

from service.knowledge.derived import load_known_dataset

JSON = ox.QueryResultsFormat.JSON


def run(store: ox.Store, query: str, count: int) -> tuple[float, int]:
    """Answer a query `count` times as the engine writes it; return this thread's CPU ms per query and preemptions."""
    started = time.thread_time()
    for _ in range(count):
        answer = store.query(query)
        assert isinstance(answer, ox.QuerySolutions)
        answer.serialize(format=JSON)
    return (time.thread_time() - started) * 1000 / count, preemptions()


def preemptions() -> int:
    """Return how many times the kernel took the CPU from this thread while it could run (Linux)."""
    for line in Path("/proc/thread-self/status").read_text().splitlines():
        if line.startswith("nonvoluntary_ctxt_switches:"):
            return int(line.split()[1])
    return 0


def in_processes(store: ox.Store, query: str, total: int, n: int) -> tuple[float, list[tuple[float, int]]]:
    """Run the query in n forked processes, total times in all; return queries per second and each one's figures."""
    read, write = os.pipe()
    began = time.perf_counter()
    children = []
    for _ in range(n):
        pid = os.fork()
        if pid == 0:  # the child: answer its share, report, and leave without running the parent's cleanup
            cpu, preempted = run(store, query, total // n)
            os.write(write, f"{cpu} {preempted}\n".encode())
            os._exit(0)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)
    rate = total / (time.perf_counter() - began)
    os.close(write)
    with os.fdopen(read) as reports:
        figures = [(float(cpu), int(preempted)) for cpu, preempted in (line.split() for line in reports)]
    return rate, figures


def in_threads(store: ox.Store, query: str, total: int, n: int) -> tuple[float, list[tuple[float, int]]]:
    """Run the query on n threads of this process, total times in all; return queries per second and their figures."""
    figures: list[tuple[float, int]] = []
    threads = [threading.Thread(target=lambda: figures.append(run(store, query, total // n))) for _ in range(n)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return total / (time.perf_counter() - began), figures


def main() -> None:
    """Print the table: each query, in 1, 2, 4 and 8 processes and threads."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", type=int, default=2000, help="answers per measurement, shared among the runners")
    args = parser.parse_args()
    print("loading the bundled graph ...", file=sys.stderr)
    store = load_known_dataset(None, check=False).store
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start\n")
    print(
        "| query | runners | processes: q/s | CPU ms per query | preempted per 100 | threads: q/s | CPU ms per query |"
    )
    print("|---|---|---|---|---|---|---|")
    for title, query in servers.UNCACHED_QUERIES.items():
        for n in (1, 2, 4, 8):
            print(f"measuring {title} with {n} ...", file=sys.stderr)
            forked_rate, forked = in_processes(store, query, args.queries, n)
            threaded_rate, threaded = in_threads(store, query, args.queries, n)
            preempted = sum(each for _, each in forked) * 100 / args.queries
            print(
                f"| {title} | {n} | {forked_rate:,.0f} | {statistics.mean(cpu for cpu, _ in forked):.2f} | "
                f"{preempted:.0f} | {threaded_rate:,.0f} | {statistics.mean(cpu for cpu, _ in threaded):.2f} |"
            )


if __name__ == "__main__":
    main()
