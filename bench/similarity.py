"""Benchmark similarity: top 5 among 35,000 frameworks (goal < 50 ms) and clusters of 1,000 (goal < 1 s).

python bench/similarity.py            # generates its graphs under /tmp
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from service.knowledge.derived import load_known_dataset
from service.knowledge.similarity import SimilarityIndex
from service.knowledge.similarity_clusters import clusters_of

HERE = Path(__file__).parent


def graph(frameworks: int) -> Path:
    """Return a synthetic graph of that many frameworks (plus the bundled vocabulary), made once."""
    folder = Path(f"/tmp/stackatlas-bench-{frameworks}")
    target = folder / "synthetic.nq"
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, str(HERE / "synthetic.py"), "--frameworks", str(frameworks), "-o", str(target)], check=True
        )
        vocabulary = Path(__file__).resolve().parents[1] / "graph_data" / "vocabulary.trig"
        (folder / "vocabulary.trig").write_bytes(vocabulary.read_bytes())
    return folder


def main() -> None:
    """Print build time, top-5 latency percentiles at 35,000 frameworks and clustering time at 1,000."""
    started = time.perf_counter()
    big = load_known_dataset(graph(35_000), check=False)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    index = SimilarityIndex.build(big.store)
    built = time.perf_counter() - started
    timings = []
    for n in range(0, 35_000, 175):  # 200 frameworks spread over the graph
        started = time.perf_counter()
        index.similar(f"synthetic-{n}", 5)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p50, p99 = statistics.median(timings), timings[int(len(timings) * 0.99) - 1]
    small = SimilarityIndex.build(load_known_dataset(graph(1_000), check=False).store)
    started = time.perf_counter()
    clusters = clusters_of(small)
    clustered = time.perf_counter() - started
    print("| measure | value | goal |")
    print("|---|---|---|")
    print(f"| load 35,000 frameworks ({len(big.store):,} quads) | {loaded:.1f} s | |")
    print(f"| build the similarity index | {built:.1f} s | once per dataset version |")
    print(f"| top 5 among 35,000, p50 / p99 | {p50:.1f} / {p99:.1f} ms | < 50 ms |")
    print(f"| clusters of 1,000 frameworks | {clustered:.2f} s ({len(clusters)} clusters) | < 1 s |")


if __name__ == "__main__":
    main()
