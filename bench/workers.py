"""Which server shape serves best on this machine: granian workers x Python threads, with wrk on the API and /sparql.

Each configuration serves the bundled graph with the answer cache off (so that the work is done on
every request); wrk -t2 -c16 runs against three URLs in turn, on loopback, server and load sharing
the machine's cores. Bounded in time: --seconds per URL.

    .venv/bin/python bench/workers.py --seconds 5
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import urllib.parse
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from servers import BIN, PYTHON_APIS, free_port, stop, wait_for, wrk  # noqa: E402

SHAPES = ((1, 8), (2, 2), (2, 4), (2, 8), (2, 16), (3, 4))
PATHS = {
    "/api/ask": "/api/ask?q=Python%20frameworks%20suited%20to%20APIs",
    "/api/frameworks/flask": "/api/frameworks/flask",
    "/sparql": "/sparql?" + urllib.parse.urlencode({"query": PYTHON_APIS}),
}


def main() -> None:
    """Serve with each shape, measure, print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=5)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk")
    print(f"{date.today()}, {platform.machine()}, {os.cpu_count()} cores, wrk -t2 -c16 -d{args.seconds}s\n")
    print("| workers x threads | " + " | ".join(f"{name} req/s, p99 ms" for name in PATHS) + " |")
    print("|---|" + "---|" * len(PATHS))
    for workers, threads in SHAPES:
        port = free_port()
        command = [
            str(BIN / "stackatlas"),
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--threads",
            str(threads),
        ]
        # The answer cache off: with it, every shape only measures cache hits.
        env = {**os.environ, "STACKATLAS_CACHE_MB": "0"}
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/healthz")
            cells = []
            for path in PATHS.values():
                accept = "application/sparql-results+json" if path.startswith("/sparql") else "application/json"
                result = wrk(base + path, args.seconds, accept)
                cells.append(f"{result.requests_per_second:,.0f}, {result.p99:.1f}")
            print(f"| {workers} x {threads} | " + " | ".join(cells) + " |", flush=True)
        finally:
            stop(process)


if __name__ == "__main__":
    main()
