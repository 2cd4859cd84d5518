"""A loaded in-memory store dumped as N-Quads by short-lived processes, a part of its graphs each.

Reading pyoxigraph's in-memory store writes to each quad it reads: its reference counts and its lock
(oxigraph/oxigraph@7396ddfd lib/oxigraph/src/storage/memory.rs, `QuadIterator::next` upgrades a weak
reference and `is_node_in_range` takes a mutex). So a process forked from the server copies every page
of the store it reads, and keeps the copies until it ends: dumped in one go by the kept store's writer,
a million triples cost ~380 MB more for the second the dump lasted. Dumped graph by graph, in a process
per part that ends once it has read its share, each part's copies are handed back before the next one
starts (docs/performance.md, "Writing the kept store in parts").
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from service.query.process_memory import private_memory_mb
from service.query.sandbox import die_with

log = logging.getLogger(__name__)

# Quads each dumping process reads (at least a whole graph): what it copies of the loaded store is freed when
# it ends. At a million triples, ~40 MB a part at 40,000 (its private memory; 70 MB at ~93,000, 21 MB at
# ~23,000), against ~380 MB in one go; more parts cost a fork each (docs/performance.md).
QUADS_PER_PART = 40_000

Graph = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


@dataclass(frozen=True)
class Dumped:
    """What a dump in parts wrote, and the most memory a part wrote since its fork (its copies of the store's pages)."""

    quads: int
    parts: int
    largest_part_mb: float


def dump_in_parts(store: ox.Store, dump: Path) -> Dumped:
    """Write every quad of the store to `dump` as N-Quads, graph by graph, a part of the graphs per child process."""
    graphs: list[Graph] = [ox.DefaultGraph(), *store.named_graphs()]
    dump.write_bytes(b"")
    count = parts = start = 0
    largest = 0.0
    while start < len(graphs):
        start, quads, held = dump_part(store, graphs, start, dump)
        count, parts, largest = count + quads, parts + 1, max(largest, held)
    return Dumped(count, parts, largest)


def dump_part(store: ox.Store, graphs: Sequence[Graph], start: int, dump: Path) -> tuple[int, int, float]:
    """Append graphs from `start` on to the dump, in a child process, until QUADS_PER_PART quads or more are in.

    Returns the index of the first graph left for the next part, how many quads this part dumped, and the MB the
    part's process wrote since it was forked (what it copied of the store, mostly).
    """
    reading, writing = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the part's process: what it copies of the store is freed when it ends
        code = 1
        try:
            die_with(parent)
            os.close(reading)
            end, tally = start, [0]
            with dump.open("ab") as out:
                while end < len(graphs) and tally[0] < QUADS_PER_PART:
                    in_graph = store.quads_for_pattern(None, None, None, graphs[end])
                    ox.serialize(_counted(in_graph, tally), out, ox.RdfFormat.N_QUADS)
                    end += 1
            os.write(writing, f"{end} {tally[0]} {private_memory_mb()}".encode())
            code = 0
        except BaseException:
            log.exception("a part of the store could not be dumped")
        finally:
            os._exit(code)  # never back into the caller's code
    os.close(writing)
    with os.fdopen(reading, "rb") as answer:
        said = answer.read()
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0 or not said:
        raise RuntimeError(f"the process dumping the graphs from the {start}th on failed (wait status {status})")
    first_left, quads, held = said.split()
    return int(first_left), int(quads), float(held)


def _counted(quads: Iterator[ox.Quad], tally: list[int]) -> Iterator[ox.Quad]:
    for quad in quads:
        tally[0] += 1
        yield quad
