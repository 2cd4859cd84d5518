"""The second half of a kept store's writer: a fresh program that bulk-loads the dump into RocksDB (see kept.py).

A server's writer is forked from it (so it reads the loaded store copy-on-write) and dumps the store, then runs
this module in its place (exec): RocksDB starts threads and takes locks that a forked copy of a process where
they ran cannot use, so the database is written by a program that starts clean. Its lock on the version, its
parent-death signal and its low priority carry over the exec.

    python -m service.loading.kept_writer TARGET [--talk]
"""

from __future__ import annotations

import logging
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from service.loading import kept

log = logging.getLogger(__name__)


def main(argv: Sequence[str]) -> int:
    """Load the dump a writer made for the store at TARGET, rename the store into place; return 0 if it is kept."""
    target = Path(argv[0])
    logging.basicConfig(level=logging.INFO if "--talk" in argv else logging.WARNING, format="%(message)s")
    try:
        kept.load_dump(target)
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


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
