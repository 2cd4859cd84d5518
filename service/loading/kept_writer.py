"""The second half of a kept store's writer: a fresh program that bulk-loads the dump into RocksDB (see kept.py).

A server's writer is forked from it (so it reads the loaded store copy-on-write) and dumps the store, then runs
this module in its place (exec): RocksDB starts threads and takes locks that a forked copy of a process where
they ran cannot use, so the database is written by a program that starts clean. Its lock on the version, its
parent-death signal and its low priority carry over the exec.

    python -m service.loading.kept_writer TARGET [--talk]

`write_kept` makes the whole store in one process (the dump, then the load), for tests and tools that run no server.
"""

from __future__ import annotations

import gc
import itertools
import logging
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox

from service.loading import kept

log = logging.getLogger(__name__)

# Quads bulk-loaded into a kept store at a time: RocksDB's loader holds what it is given in memory (see `pieces`).
QUADS_PER_PIECE = 20_000


def main(argv: Sequence[str]) -> int:
    """Load the dump a writer made for the store at TARGET, rename the store into place; return 0 if it is kept."""
    target = Path(argv[0])
    logging.basicConfig(level=logging.INFO if "--talk" in argv else logging.WARNING, format="%(message)s")
    try:
        load_dump(target)
        kept.forget_others(target.parent, keep=target)
    except (OSError, RuntimeError):  # RocksDB reports some failures as RuntimeError
        log.exception("the store could not be kept on disk at %s", target)
        return 1
    finally:
        shutil.rmtree(kept.partial_folder(target), ignore_errors=True)
        # The lock file goes once the store is written, so they do not pile up: a writer still waiting on it
        # finds the store written, and one that makes it anew writes beside, into a folder of its own.
        kept.writing_lock(target).unlink(missing_ok=True)
    return 0


def write_kept(store: ox.Store, target: Path) -> None:
    """Write a store to disk at `target`: into a temporary folder beside it, renamed into place once complete."""
    try:
        kept.dump_for(store, target)
        load_dump(target)
    finally:
        shutil.rmtree(kept.partial_folder(target), ignore_errors=True)


def load_dump(target: Path) -> None:
    """Bulk-load the dump of the store for `target` into a database, mark it complete, and rename it into place."""
    started = time.perf_counter()
    partial = kept.partial_folder(target)
    disk = ox.Store(str(partial / kept.DATABASE))
    for piece in pieces(partial / kept.DUMP, QUADS_PER_PIECE):
        disk.bulk_load(path=str(piece), format=ox.RdfFormat.N_QUADS)
        piece.unlink()
    disk.flush()
    del disk
    gc.collect()  # the database is closed when its last reference goes: before it is moved
    (partial / kept.COUNT).rename(partial / kept.COMPLETE)
    try:
        partial.rename(target)
    except OSError:
        if not (target / kept.COMPLETE).is_file():  # not another process's finished store: a real failure
            raise
    log.info("kept the store on disk at %s in %.2f s", target, time.perf_counter() - started)


def pieces(dump: Path, lines: int = QUADS_PER_PIECE) -> list[Path]:
    """Split an N-Quads dump into files of `lines` lines beside it, the lines naming blank nodes all in the first."""
    # RocksDB's bulk loader holds up to a million quads in memory at a time: 1.3 GB at a million triples in one
    # load. In pieces of 250,000 the loading program peaked at 314 MB (6.5 s for a million quads), of 50,000 at
    # 129 MB (4.6 s), of 20,000 at 79 MB (4.9 s, 333 MB on disk against 309): docs/performance.md. Each load names
    # the blank nodes it reads afresh, so every line that may name one ("_:" anywhere in it) is in one piece: the
    # same label, the same node.
    blank = dump.with_name("piece-blank.nq")
    made = [blank]
    with dump.open("rb") as reading, blank.open("wb") as blanks:

        def plain() -> Iterator[bytes]:
            for line in reading:
                if b"_:" in line:
                    blanks.write(line)
                else:
                    yield line

        rest = plain()
        while piece := list(itertools.islice(rest, lines)):
            made.append(dump.with_name(f"piece-{len(made)}.nq"))
            made[-1].write_bytes(b"".join(piece))
    dump.unlink()
    return made


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
