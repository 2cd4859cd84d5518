"""What running the engine in processes rather than threads costs on this machine, with no HTTP at all.

Oxigraph's server evaluates queries on threads of one process; StackAtlas evaluates them in forked query
processes (killable: pyoxigraph cannot cancel a query), two per worker, four in all on two cores. This runs
the same query back to back in N forked processes, then in N threads of one process, and prints queries
per second, the CPU time one query took, how often each process was preempted, and how many MB of the
store's pages each process came to hold a private copy of (the engine writes next to what it reads, so a
process that ran a query keeps its own copy of the pages the query touched). docs/performance.md ("Why the
GROUP BY stays behind") reads the figures.

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
from service.query.process_memory import private_memory_mb

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


def in_processes(store: ox.Store, query: str, total: int, n: int) -> tuple[float, list[tuple[float, int, float]]]:
    """Run the query in n forked processes, total times in all; return queries per second and each one's figures
    (CPU ms per query, preemptions, and the MB of the store's pages it came to hold a copy of)."""
    read, write = os.pipe()
    began = time.perf_counter()
    children = []
    for _ in range(n):
        pid = os.fork()
        if pid == 0:  # the child: answer its share, report, and leave without running the parent's cleanup
            cpu, preempted = run(store, query, total // n)
            os.write(write, f"{cpu} {preempted} {private_memory_mb()}\n".encode())
            os._exit(0)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)
    rate = total / (time.perf_counter() - began)
    os.close(write)
    with os.fdopen(read) as reports:
        figures = [(float(cpu), int(preempted), float(mb)) for cpu, preempted, mb in (line.split() for line in reports)]
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
        "| query | runners | processes: q/s | CPU ms per query | preempted per 100 | private MB each "
        "| threads: q/s | CPU ms per query |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for title, query in servers.UNCACHED_QUERIES.items():
        for n in (1, 2, 4, 8):
            print(f"measuring {title} with {n} ...", file=sys.stderr)
            forked_rate, forked = in_processes(store, query, args.queries, n)
            threaded_rate, threaded = in_threads(store, query, args.queries, n)
            preempted = sum(each for _, each, _ in forked) * 100 / args.queries
            print(
                f"| {title} | {n} | {forked_rate:,.0f} | {statistics.mean(cpu for cpu, _, _ in forked):.2f} | "
                f"{preempted:.0f} | {statistics.mean(mb for _, _, mb in forked):.1f} | {threaded_rate:,.0f} | "
                f"{statistics.mean(cpu for cpu, _ in threaded):.2f} |"
            )


if __name__ == "__main__":
    main()
