"""The loaded dataset kept on disk, one store per dataset version: parsed, inferred, merged and checked once.

Loading a million triples takes seconds of parsing, inference and the merge check at every start
(docs/performance.md). With the store kept, every start after the first for a dataset version opens a
pyoxigraph on-disk store (RocksDB) under the cache folder read-only, in milliseconds. The key is the dataset's
content version (its files' names and bytes) and the code that derives the store from them (loading, inference,
the vocabulary, the derivations it is handed, pyoxigraph's version), so changed data or rules build a new store,
never reuse a stale one.

The first start of a version does not wait for that store: writing it costs twice the load (a dump, 1.8 s, then
RocksDB's bulk load, 7.6 s, at a million triples on a quiet machine), and the service must answer as soon as the
data is loaded. So it serves from the dataset loaded in memory at once, and forks a writer process that reads
that dataset copy-on-write and dumps it (a part of its graphs per short-lived process, dumping.py), then runs
service.loading.kept_writer in its place (a fresh program, for RocksDB) to bulk-load the dump into the store for
the next start, at a lower priority than the server. The writer is started by the server right before it forks
its workers (`Keeping.start`), never by a request; the kernel kills it when the server ends (a parent-death
signal, as for query processes), so no writer outlives its server; one writer per version writes at a time (a
lock file beside the store), the others wait and find it written.

A store is written to a temporary folder beside its final place and renamed into place only once complete,
with a marker written last: a folder without the marker (a writer killed half-way) is never opened, and is
removed and built again. A store that fails to open is built again too.

An on-disk store answers queries more slowly than the in-memory one (the bundled graph's uncached queries:
1.3-1.8x in process, docs/performance.md), so KEEP_STORE=auto keeps only data of KEEP_FROM_MB or more.
Query processes open the store again for themselves (`EmbeddedStore.for_this_process`): a handle forked from
a threaded serving process could carry a lock another thread held at the fork.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import shutil
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import platformdirs
import pyoxigraph as ox

from service import vocab
from service.loading import dumping, infer, load, merge
from service.loading.load import Derivation
from service.query.sandbox import close_inherited, die_with
from service.query.store import Dataset

log = logging.getLogger(__name__)

# Written last into a store's folder: a folder without it was not finished and is never opened.
COMPLETE = "COMPLETE"
DATABASE = "db"
# In a store's temporary folder while it is written: the N-Quads dump it is loaded from, and its size.
DUMP, COUNT = "all.nq", "quads"
# A store's lock file: each process serving the store holds a shared lock on it for its life (its workers and
# query processes inherit it); a store is removed only under an exclusive one, so never while it is served.
IN_USE = "in-use"
_SERVED: list[int] = []  # the descriptors of the lock files this process holds
# Data of this many MB or more is kept on disk under KEEP_STORE=auto (the bundled graph is ~4 MB).
KEEP_FROM_MB = 50.0
# Stores of other versions kept besides the one in use (the newest first), so that switching back is fast.
OTHERS_KEPT = 2
# The writer's niceness: on a busy machine the server's answers come before the store for the next start.
WRITER_NICENESS = 10
# The program that finishes a store a writer dumped (a module run with -m).
WRITER = "service.loading.kept_writer"
# Where create_app leaves the store to keep for the server, which starts its writer right before its workers fork.
KEEPING = "stackatlas.keeping"


def store_folder(configured: str | None = None) -> Path:
    """Return the folder stores are kept in: the setting, else the user's cache (~/.cache/stackatlas/stores)."""
    return Path(configured) if configured else Path(platformdirs.user_cache_dir("stackatlas")) / "stores"


def worth_keeping(data: Path | None, mode: str, from_mb: float = KEEP_FROM_MB) -> bool:
    """Say whether KEEP_STORE (on, off or auto) keeps this data's store on disk: auto keeps big data only."""
    if mode == "off":
        return False
    if mode == "on":
        return True
    files = load.data_files(data if data is not None else load.bundled_data())
    return sum(path.stat().st_size for path in files) / 2**20 >= from_mb


def store_key(version: str, derived: Sequence[Derivation] = ()) -> str:
    """Return the name of the store for a dataset version: the version and what derives the store from the data."""
    digest = hashlib.sha256(f"{ox.__version__}\0{sys.version_info[:2]}".encode())
    # A derivation's function calls into the rest of its package (similarity-as-data into similarity*.py,
    # imported inside it): the whole package is what derives, so every module of it is in the key.
    packages = sorted({Path(str(sys.modules[derivation.quads.__module__].__file__)).parent for derivation in derived})
    derivers = sorted(path for package in packages for path in package.rglob("*.py"))
    # What builds the store from the files: loading (and its merge of the graphs), inference, the vocabulary,
    # the dump the kept store is loaded from.
    builders = (load, infer, merge, dumping, vocab, sys.modules[__name__])
    # And the program that loads the dump into the store (it imports this module: named by its file here).
    loader = Path(__file__).with_name(WRITER.rsplit(".", 1)[1] + ".py")
    for path in (*(Path(str(module.__file__)) for module in builders), loader, *derivers):
        digest.update(path.read_bytes())
    return f"{version}-{digest.hexdigest()[:12]}"


def kept_dataset(
    data: Path | None, *, check: bool, folder: Path, derived: Sequence[Derivation] = ()
) -> tuple[Dataset, Keeping | None]:
    """Open the store kept for this data's version, or load the data in memory, to keep its store in the background.

    Returns the dataset to serve, and the store to write for the next start (the caller starts its writer): None
    when the store was opened, or when the folder cannot be written (then the data is served from memory, and
    the next start loads it).
    """
    files = load.data_files(data if data is not None else load.bundled_data())
    version = load.content_version([load.ontology_file(), *files])
    target = folder / store_key(version, derived)
    started = time.perf_counter()
    opened = open_kept(target, version, tuple(files))
    if opened is not None:
        if check:  # a verdict lookup when this version passed before; the shapes run once otherwise
            load.check_shapes(opened.store, version)
        log.info("opened the store kept on disk at %s in %.2f s", target, time.perf_counter() - started)
        return opened, None
    built = load.load_dataset(data, check=check, derived=derived, version=version)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        log.warning("the store cannot be kept on disk (%s): serving it from memory", error)
        return built, None
    return built, Keeping(built.store, target)


@dataclass(frozen=True)
class Keeping:
    """A store loaded in memory, to be written to disk for the next start by a process the caller starts."""

    store: ox.Store
    target: Path

    def start(self) -> Writer:
        """Fork the writer now; it dies with this process."""
        # As late as the caller can: once the writer is forked, each page of the store or of Python's heap this
        # process writes (a query's reference counts, a garbage collection) is copied. The server starts it after
        # its last collection, right before its workers fork: the tree's peak while the store is written went
        # from ~730 to ~680 MB at a million triples (docs/performance.md, "Writing the kept store in parts").
        return keep_in_background(self.store, self.target)


class Writer:
    """The process writing a loaded store to disk for the next start, and the thread that waits for its end."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.exit_code: int | None = None
        # Reaped by a thread of its own, so that a finished writer is not left a zombie while the server runs.
        self._reaper = threading.Thread(target=self._reap, name=f"kept-store-writer-{pid}", daemon=True)
        self._reaper.start()

    def _reap(self) -> None:
        _, status = os.waitpid(self.pid, 0)
        self.exit_code = os.waitstatus_to_exitcode(status)

    def wait(self, timeout: float | None = None) -> int | None:
        """Wait for the writer to end; return its exit code (negative: the signal that ended it), None if it runs on."""
        self._reaper.join(timeout)
        return self.exit_code


def keep_in_background(store: ox.Store, target: Path) -> Writer:
    """Start a process that writes the store to disk at `target` while this one serves; it dies with this process."""
    parent = os.getpid()
    talk = log.isEnabledFor(logging.INFO)
    pid = os.fork()
    if pid == 0:  # the writer: it reads the loaded store copy-on-write, so the server never waits for a dump
        code = 1
        try:
            die_with(parent)  # a server that stops takes its writer along (the signal survives the exec below)
            close_inherited(keep=2)  # the server's sockets, pipes and store locks are not the writer's to hold
            os.nice(WRITER_NICENESS)
            lock = os.open(writing_lock(target), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            fcntl.flock(lock, fcntl.LOCK_EX)  # one writer per version; held through the exec, freed at the end
            if (target / COMPLETE).is_file():  # written by another server started with the same data meanwhile
                code = 0
            else:
                dump_for(store, target)
                os.set_inheritable(lock, True)
                # RocksDB runs in a fresh program: its threads and locks cannot be used in a process forked from
                # one where they ran (the server may have opened a store before; a forked bulk load hung here).
                arguments = ["-m", WRITER, str(target), *(["--talk"] if talk else [])]
                os.execv(sys.executable, [sys.executable, *arguments])
        except BaseException:  # the server serves on from memory; the next start loads and tries again
            log.exception("the store could not be kept on disk at %s", target)
            shutil.rmtree(partial_folder(target), ignore_errors=True)
        finally:
            os._exit(code)  # never back into the server's code (its atexit handlers, its threads' state)
    log.info("serving from memory; a process (%d) writes the store to %s for the next start", pid, target)
    return Writer(pid)


def writing_lock(target: Path) -> Path:
    """Return the lock file a writer holds while it writes the store at `target`."""
    return target.parent / f".{target.name}.writing"


def open_kept(target: Path, version: str, files: tuple[Path, ...]) -> Dataset | None:
    """Open a complete kept store read-only; None if there is none, and a broken one is removed to be built again."""
    if not (target / COMPLETE).is_file():
        if target.exists():
            log.warning("the store at %s was never finished: building it again", target)
            shutil.rmtree(target, ignore_errors=True)
        return None
    try:
        store = ox.Store.read_only(str(target / DATABASE))
    except (OSError, RuntimeError) as error:  # RocksDB reports a corrupt database as a RuntimeError
        if remove_unless_served(target):
            log.warning("the store at %s cannot be opened (%s): building it again", target, error)
        else:
            log.warning("the store at %s cannot be opened (%s), and another server uses it: kept", target, error)
        return None
    serve_from(target)
    with contextlib.suppress(OSError):
        os.utime(target)  # the most recently used stores are the ones kept
    return Dataset(store=store, version=version, files=files, prefixes=vocab.PREFIXES, path=target / DATABASE)


def partial_folder(target: Path) -> Path:
    """Return the folder this process writes the store for `target` in, before it is renamed into place."""
    return target.parent / f".{target.name}.{os.getpid()}.partial"


def dump_for(store: ox.Store, target: Path) -> None:
    """Dump a store as N-Quads into the temporary folder of the store to be written at `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = partial_folder(target)
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    started = time.perf_counter()
    # Dumped, then bulk-loaded by the engine: 13 s at a million triples where feeding the quads through
    # Python took 17 s (bulk_extend), measured here under load. In parts, each read by a process of its own:
    # what reading the store copies of it is handed back part by part (dumping.py).
    dumped = dumping.dump_in_parts(store, partial / DUMP)
    (partial / COUNT).write_text(f"{dumped.quads} quads\n")
    log.info(
        "dumped %s quads for the store at %s in %.2f s (%d parts, the largest holding %.0f MB of its own)",
        f"{dumped.quads:,}",
        target,
        time.perf_counter() - started,
        dumped.parts,
        dumped.largest_part_mb,
    )


def forget_others(folder: Path, keep: Path) -> None:
    """Remove kept stores beyond the most recently used few, but never one a process serves (see IN_USE)."""
    for partial in folder.glob(".*.partial"):  # left by a build that was killed: its process is gone
        pid = partial.name.rsplit(".", 2)[-2]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(partial, ignore_errors=True)
    stores = sorted(
        (path for path in folder.iterdir() if path.is_dir() and path != keep and not path.name.startswith(".")),
        key=lambda path: path.stat().st_mtime,
        reverse=True,
    )
    for old in stores[OTHERS_KEPT:]:
        remove_unless_served(old)


def serve_from(target: Path) -> None:
    """Hold a shared lock on a kept store for as long as this process (and what it forks) may read it."""
    try:  # a bare descriptor, open for the life of the process on purpose
        held = os.open(target / IN_USE, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o644)
    except OSError:  # a folder this process cannot write: no one here can remove it either
        return
    fcntl.flock(held, fcntl.LOCK_SH)
    _SERVED.append(held)


def remove_unless_served(target: Path) -> bool:
    """Remove a kept store unless a process serves it (holds its lock); say whether it was removed."""
    try:
        with open(target / IN_USE, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            shutil.rmtree(target, ignore_errors=True)  # the lock file goes too; a late opener finds no store
    except BlockingIOError:
        return False
    except OSError:  # no lock file can be made there (gone already, or read-only): as before, try to remove
        shutil.rmtree(target, ignore_errors=True)
    return True
