"""Every speed and memory goal in one table: the figure measured, the goal, the ratio where there is a peer.

Runs bench/servers.py (StackAtlas beside Oxigraph's server and rdflib-endpoint, with wrk; then the
uncached side-by-side with Oxigraph's server) and bench/scale.py (start-up, a million triples, in memory
and kept on disk) once, prints their own tables, then one table of the goals the issues set (issue 14:
questions; issue 17: speed near Oxigraph's server, the API, big data, start-up; issue 27: uncached
queries, no 503 at 8 connections, restarts), each marked met or not. Figures from one run on one
machine: read ratios, not absolutes.

    .venv/bin/python bench/goals.py --seconds 10      # what `make bench` runs first (about 6 minutes)
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scale
import servers

SPARQL = "Python frameworks suited to APIs"
CACHED, UNCACHED = "stackatlas", servers.UNCACHED
API_ROUTES = ("/api/ask", "/api/frameworks/flask", "/api/frameworks/flask/similar")


@dataclass(frozen=True)
class Goal:
    """One goal: what is measured, the figure, the target, and whether the figure meets it."""

    what: str
    figure: str
    target: str
    met: bool

    def row(self) -> str:
        """Return the goal as a Markdown table row."""
        return f"| {self.what} | {self.figure} | {self.target} | {'met' if self.met else 'NOT met'} |"


def server_goals(results: dict[tuple[str, str], servers.Result]) -> list[Goal]:
    """The goals measured by bench/servers.py."""
    goals = []
    peer, small = results.get(("oxigraph", SPARQL)), results.get(("rdflib-endpoint", SPARQL))
    for name, least in ((CACHED, 0.8), (UNCACHED, 0.3)):
        ours = results.get((name, SPARQL))
        if ours and peer:
            ratio = ours.requests_per_second / peer.requests_per_second
            figure = f"{ours.requests_per_second:,.0f} req/s = {ratio:.2f}x Oxigraph's {peer.requests_per_second:,.0f}"
            goals.append(Goal(f"/sparql, {SPARQL}, {name}", figure, f">= {least}x Oxigraph's server", ratio >= least))
    ours = results.get((CACHED, SPARQL))
    if ours and small:
        ratio = ours.requests_per_second / small.requests_per_second
        goals.append(Goal(f"/sparql, {SPARQL}, as served", f"{ratio:.1f}x rdflib-endpoint", ">= 10x", ratio >= 10))
    for route in API_ROUTES:
        cached, uncached = results.get((CACHED, route)), results.get((UNCACHED, route))
        calm = results.get((CACHED, route + servers.LATENCY_SUFFIX))
        if cached and calm:
            figure = (
                f"{cached.requests_per_second:,.0f} req/s at 16 connections (p99 {cached.p99:.1f} ms); "
                f"{calm.requests_per_second:,.0f} req/s, p99 {calm.p99:.1f} ms at {servers.LATENCY_CONNECTIONS}"
            )
            met = calm.requests_per_second >= 8000 and calm.p99 <= 10
            goals.append(Goal(f"{route}, as served", figure, ">= 8,000 req/s, p99 <= 10 ms", met))
        if uncached and route == "/api/ask":  # issue 14: what a question not asked before costs
            figure = f"{uncached.requests_per_second:,.0f} req/s, p50 {uncached.p50:.1f} ms (cache off)"
            goals.append(Goal("/api/ask, a question not asked before", figure, "measured", True))
    return goals


def uncached_goals(results: dict[tuple[str, str], servers.Result]) -> list[Goal]:
    """The goals of issue 27 measured by bench/servers.py's uncached side-by-side: ratio, and no refusals."""
    goals = []
    ours, peer = servers.SIDE_BY_SIDE
    for title in servers.UNCACHED_QUERIES:
        a, b = results.get((ours, title)), results.get((peer, title))
        if a is None or b is None:
            continue
        # The median of the rounds' ratios: each round runs both servers back to back, under the same load.
        ratio = statistics.median(servers.ROUND_RATIOS.get(title, [a.requests_per_second / b.requests_per_second]))
        figure = (
            f"{ratio:.2f}x Oxigraph's server (median of the rounds; best {a.requests_per_second:,.0f} against "
            f"{b.requests_per_second:,.0f} req/s); {a.failures} failed (load {a.load:.1f})"
        )
        met = ratio >= 0.8 and a.failures == 0
        what = f"/sparql uncached, {title}, {servers.UNCACHED_CONNECTIONS} connections"
        goals.append(Goal(what, figure, ">= 0.8x Oxigraph's server, no 503", met))
    return goals


def scale_goals(figures: dict[str, float]) -> list[Goal]:
    """The goals measured by bench/scale.py."""
    quads = f"{figures['big_quads']:,.0f} quads"
    return [
        Goal(
            "bundled graph: start to first 200 (its shipped verdict)",
            f"{figures['start_s']:.2f} s",
            "<= 1.5 s",
            figures["start_s"] <= 1.5,
        ),
        Goal(
            "the same with SHACL run (data no verdict covers)",
            f"{figures['validating_start_s']:.2f} s",
            "measured",
            True,
        ),
        Goal(
            f"{quads} through --data: start to first 200",
            f"{figures['big_start_s']:.2f} s",
            "<= 5 s",
            figures["big_start_s"] <= 5,
        ),
        Goal(
            f"{quads}: memory of the tree (PSS)",
            f"{figures['big_pss_mb']:.0f} MB",
            "<= 700 MB",
            figures["big_pss_mb"] <= 700,
        ),
        Goal(
            f"{quads} kept on disk, a new version: start to first 200 (served from memory)",
            f"{figures['disk_first_start_s']:.2f} s (its store written in the background after "
            f"{figures['disk_written_s']:.1f} s)",
            "<= 5 s",
            figures["disk_first_start_s"] <= 5,
        ),
        Goal(
            f"{quads} kept on disk, a new version: memory of the tree (PSS) at the first 200",
            f"{figures['disk_first_pss_mb']:.0f} MB (highest while its store is written: "
            f"{figures['disk_writing_pss_mb']:.0f} MB)",
            "<= 700 MB",
            figures["disk_first_pss_mb"] <= 700,
        ),
        Goal(
            f"{quads} kept on disk: restart to first 200",
            f"{figures['disk_restart_s']:.2f} s",
            "<= 2 s",
            figures["disk_restart_s"] <= 2,
        ),
        Goal(
            f"{quads} kept on disk: memory of the tree (PSS) after queries",
            f"{figures['disk_pss_mb']:.0f} MB",
            "<= 700 MB",
            figures["disk_pss_mb"] <= 700,
        ),
        Goal(
            f"{quads}: selective query over HTTP, p50",
            f"{figures['selective_p50_ms']:.2f} ms",
            "<= 5 ms",
            figures["selective_p50_ms"] <= 5,
        ),
        Goal(
            f"{quads}: GROUP BY over all frameworks over HTTP",
            f"{figures['group_by_ratio']:.2f}x in process",
            "<= 2x the engine in process",
            figures["group_by_ratio"] <= 2,
        ),
    ]


def main() -> None:
    """Measure with both benchmarks, print their tables, then the goals."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10, help="seconds of each wrk run")
    parser.add_argument("--uncached-seconds", type=int, default=5, help="seconds of each uncached side-by-side round")
    parser.add_argument("--rounds", type=int, default=4, help="interleaved rounds of the uncached side-by-side")
    args, rest = parser.parse_known_args()
    print("measuring servers side by side (bench/servers.py) ...", file=sys.stderr)
    results = servers.measure(args.seconds)
    servers.print_table(results, args.seconds)
    print("\nmeasuring uncached queries side by side with Oxigraph's server (bench/servers.py) ...", file=sys.stderr)
    uncached, row_counts = servers.measure_uncached(args.uncached_seconds, args.rounds)
    print()
    servers.print_uncached(uncached, row_counts, args.uncached_seconds, args.rounds)
    print("\nmeasuring start-up and a million triples (bench/scale.py) ...", file=sys.stderr)
    rows, figures = scale.measure(scale.arguments(rest))
    print()
    scale.print_rows(rows)
    print(f"\nGoals, {date.today()}, {platform.machine()}, {os.cpu_count()} cores, one run\n")
    print("| goal | figure | target | |\n|---|---|---|---|")
    for goal in server_goals(results) + uncached_goals(uncached) + scale_goals(figures):
        print(goal.row())


if __name__ == "__main__":
    main()
