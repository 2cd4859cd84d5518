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
from pathlib import Path

import pyoxigraph as ox

from service.query.sandbox import die_with

log = logging.getLogger(__name__)

# Quads each dumping process reads (at least a whole graph): what it copies of the loaded store is freed when
# it ends. At a million triples, ~40 MB a part at 40,000 (its private memory; 70 MB at ~93,000, 21 MB at
# ~23,000), against ~380 MB in one go; more parts cost a fork each (docs/performance.md).
QUADS_PER_PART = 40_000

Graph = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


def dump_in_parts(store: ox.Store, dump: Path) -> tuple[int, int]:
    """Write every quad of the store to `dump` as N-Quads, graph by graph in parts; return the quads and the parts."""
    graphs: list[Graph] = [ox.DefaultGraph(), *store.named_graphs()]
    dump.write_bytes(b"")
    count = parts = start = 0
    while start < len(graphs):
        start, quads = dump_part(store, graphs, start, dump)
        count, parts = count + quads, parts + 1
    return count, parts


def dump_part(store: ox.Store, graphs: Sequence[Graph], start: int, dump: Path) -> tuple[int, int]:
    """Append graphs from `start` on to the dump, in a child process, until QUADS_PER_PART quads or more are in.

    Returns the index of the first graph left for the next part, and how many quads this part dumped.
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
                    quads = store.quads_for_pattern(None, None, None, graphs[end])
                    ox.serialize(_counted(quads, tally), out, ox.RdfFormat.N_QUADS)
                    end += 1
            os.write(writing, f"{end} {tally[0]}".encode())
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
    end, dumped = (int(word) for word in said.split())
    return end, dumped


def _counted(quads: Iterator[ox.Quad], tally: list[int]) -> Iterator[ox.Quad]:
    for quad in quads:
        tally[0] += 1
        yield quad
