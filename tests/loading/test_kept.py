"""The store kept on disk per dataset version: built once, opened at the next start, built again for new data."""

from __future__ import annotations

import fcntl
import importlib
import os
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pyoxigraph as ox
import pytest

from service import create_app
from service.knowledge.derived import KNOWN
from service.loading import dumping, infer, kept, kept_writer, load, merge
from service.loading.load import Derivation
from service.query.store import Dataset, EmbeddedStore

FRAMEWORK = """@prefix sa: <https://w3id.org/stackatlas/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/stackatlas/id/kept-{n}> a sa:Framework ; rdfs:label "Kept {n}" .
"""
LABELS = (
    "PREFIX sa: <https://w3id.org/stackatlas/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?label WHERE { ?f a sa:Framework ; rdfs:label ?label } ORDER BY ?label"
)


def _data(folder: Path, n: int) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "frameworks.ttl").write_text(FRAMEWORK.format(n=n))
    return folder


def _labels(dataset: Dataset) -> list[str]:
    return [row["label"] for row in EmbeddedStore(dataset).query(LABELS).records()]


def _target(data: Path, folder: Path, derived: Sequence[Derivation] = ()) -> Path:
    files = load.data_files(data)
    return folder / kept.store_key(load.content_version([load.ontology_file(), *files]), derived)


def _kept(data: Path, folder: Path) -> Dataset:
    """Start as a server does, and let the store for the next start be written (when it is not opened)."""
    dataset, keeping = kept.kept_dataset(data, check=False, folder=folder)
    if keeping is not None:
        assert keeping.start().wait(timeout=120) == 0
    return dataset


@contextmanager
def _writer_held_back(target: Path) -> Iterator[None]:
    """Hold the lock a writer takes before it writes, so that it waits until the block ends."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(kept.writing_lock(target), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _ended(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status  # dead, not yet reaped by whoever adopted it


def test_the_first_start_serves_from_memory_and_the_next_opens_the_store(tmp_path: Path) -> None:
    data, folder = _data(tmp_path / "data", 1), tmp_path / "stores"
    target = _target(data, folder)
    first, keeping = kept.kept_dataset(data, check=False, folder=folder)
    assert first.path is None  # served from memory at once, not from the store being written
    assert _labels(first) == ["Kept 1"]
    assert keeping is not None and not target.exists()  # written by the writer the caller starts
    assert keeping.start().wait(timeout=120) == 0
    assert (target / kept.COMPLETE).is_file()
    witness = target / "witness"
    witness.write_text("a rebuild would replace this folder")
    again, none = kept.kept_dataset(data, check=False, folder=folder)
    assert none is None  # opened: nothing to write
    assert again.path is not None and again.path.is_relative_to(target)
    assert witness.exists()
    assert _labels(again) == ["Kept 1"]
    assert again.version == first.version
    assert len(again.store) == len(first.store)


def test_the_first_start_answers_before_the_store_exists(tmp_path: Path) -> None:
    data, folder = _data(tmp_path / "data", 1), tmp_path / "stores"
    target = _target(data, folder, KNOWN)  # what the service derives from the data is in the key
    config = {"TESTING": True, "DATA": str(data), "VALIDATE": False, "KEEP_STORE": "on", "STORE_FOLDER": str(folder)}
    with _writer_held_back(target):
        app = create_app(config)
        response = app.test_client().get("/sparql", query_string={"query": LABELS}, headers={"Accept": "text/csv"})
        assert response.status_code == 200
        assert response.get_data(as_text=True).split() == ["label", "Kept", "1"]
        assert not target.exists()
    deadline = time.monotonic() + 20  # the writer goes on once the lock is free; the store appears whole
    while not (target / kept.COMPLETE).is_file():
        assert time.monotonic() < deadline, "the store was never written"
        time.sleep(0.05)
    again, keeping = kept.kept_dataset(data, check=False, folder=folder, derived=KNOWN)
    assert keeping is None and again.path is not None and again.path.is_relative_to(target)
    assert _labels(again) == ["Kept 1"]


def test_a_killed_writer_leaves_nothing_that_is_opened(tmp_path: Path) -> None:
    data, folder = _data(tmp_path / "data", 1), tmp_path / "stores"
    target = _target(data, folder)
    with _writer_held_back(target):
        _, keeping = kept.kept_dataset(data, check=False, folder=folder)
        assert keeping is not None
        writer = keeping.start()
    os.kill(writer.pid, signal.SIGKILL)  # wherever it is: waiting, dumping, loading, or done
    assert writer.wait(timeout=60) in (0, -signal.SIGKILL)
    assert not target.exists() or (target / kept.COMPLETE).is_file()  # whole, or nowhere
    again = _kept(data, folder)  # opens the store if it was finished, else loads and writes it again
    assert _labels(again) == ["Kept 1"]
    assert (target / kept.COMPLETE).is_file()
    assert not list(folder.glob(".*.partial"))  # what a killed writer left is removed by the next one


def test_the_writer_ends_with_its_server(tmp_path: Path) -> None:
    data, folder = _data(tmp_path / "data", 1), tmp_path / "stores"
    target = _target(data, folder)
    read, write = os.pipe()
    with _writer_held_back(target):
        server = os.fork()
        if server == 0:  # a server that starts, hands its writer's pid over, and stops while the writer waits
            code = 1
            try:
                os.close(read)
                _, keeping = kept.kept_dataset(data, check=False, folder=folder)
                os.write(write, str(keeping.start().pid if keeping else 0).encode())
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        pid = int(os.read(read, 32) or b"0")
        os.close(read)
        assert os.waitpid(server, 0)[1] == 0
        assert pid > 0
        deadline = time.monotonic() + 30
        while not _ended(pid):
            assert time.monotonic() < deadline, "the writer outlived its server"
            time.sleep(0.05)
    assert not target.exists()


def test_changed_data_builds_a_new_store(tmp_path: Path) -> None:
    data, folder = _data(tmp_path / "data", 1), tmp_path / "stores"
    first = _kept(data, folder)
    _data(data, 2)
    second = _kept(data, folder)
    assert second.version != first.version
    assert _target(data, folder) != _target(_data(tmp_path / "data-1", 1), folder)
    assert _labels(second) == ["Kept 2"]
    assert sorted(path.name for path in folder.iterdir() if not path.name.startswith(".")) == sorted(
        (_target(data, folder).name, _target(tmp_path / "data-1", folder).name)
    )


def test_a_half_written_store_is_never_opened_and_is_built_again(tmp_path: Path) -> None:
    data, folder = _data(tmp_path / "data", 1), tmp_path / "stores"
    target = _target(data, folder)
    # What a build killed before its end leaves: a database holding only part of the data, no marker.
    target.mkdir(parents=True)
    partial = ox.Store(str(target / kept.DATABASE))
    partial.add(ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"), ox.Literal("x")))
    partial.flush()
    del partial
    dataset = _kept(data, folder)
    assert _labels(dataset) == ["Kept 1"]
    assert (target / kept.COMPLETE).is_file()
    assert not any(quad.object == ox.Literal("x") for quad in dataset.store)
    assert not any(quad.object == ox.Literal("x") for quad in _kept(data, folder).store)


def test_a_store_that_cannot_be_opened_is_built_again(tmp_path: Path) -> None:
    data, folder = _data(tmp_path / "data", 1), tmp_path / "stores"
    target = _target(data, folder)
    (target / kept.DATABASE).mkdir(parents=True)
    (target / kept.DATABASE / "CURRENT").write_text("not a database\n")
    (target / kept.COMPLETE).write_text("marked complete, but broken\n")
    assert _labels(_kept(data, folder)) == ["Kept 1"]
    assert _labels(_kept(data, folder)) == ["Kept 1"]  # and the store built again opens


def test_an_unwritable_folder_serves_the_data_from_memory(tmp_path: Path) -> None:
    data = _data(tmp_path / "data", 1)
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    dataset, keeping = kept.kept_dataset(data, check=False, folder=blocked)
    assert dataset.path is None and keeping is None
    assert _labels(dataset) == ["Kept 1"]


@pytest.mark.parametrize(("mode", "kept_on_disk"), (("on", True), ("off", False), ("auto", False)))
def test_the_setting_chooses_where_the_store_lives(tmp_path: Path, mode: str, kept_on_disk: bool) -> None:
    # auto keeps big data only: this tiny graph, like the bundled one, is faster in memory.
    data, folder = _data(tmp_path / "data", 1), tmp_path / "stores"
    config = {"TESTING": True, "DATA": str(data), "VALIDATE": False, "KEEP_STORE": mode, "STORE_FOLDER": str(folder)}
    app = create_app(config)
    assert folder.exists() == kept_on_disk
    # /sparql runs in the query processes, which open the kept store again for themselves.
    response = app.test_client().get("/sparql", query_string={"query": LABELS}, headers={"Accept": "text/csv"})
    assert response.status_code == 200
    assert response.get_data(as_text=True).split() == ["label", "Kept", "1"]


def test_an_unknown_setting_value_is_refused(tmp_path: Path) -> None:
    data = _data(tmp_path / "data", 1)
    with pytest.raises(ValueError, match="KEEP_STORE"):
        create_app({"TESTING": True, "DATA": str(data), "VALIDATE": False, "KEEP_STORE": "sometimes"})


def test_the_key_holds_every_module_of_a_derivations_package(tmp_path: Path) -> None:
    # A derivation whose function calls into another module of its package (similarity-as-data calls into
    # similarity*.py): a change to that module must not let the store derived with the old code be opened.
    package = tmp_path / "deriving"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "entry.py").write_text(
        "from deriving import helper\n\n\ndef quads(store):\n    return helper.quads(store)\n"
    )
    (package / "helper.py").write_text("def quads(store):\n    return []\n")
    sys.path.insert(0, str(tmp_path))
    try:
        entry = importlib.import_module("deriving.entry")
        derivation = Derivation("http://example.org/derived", entry.quads, "derived")
        before = kept.store_key("v1", [derivation])
        (package / "helper.py").write_text("def quads(store):\n    return ()\n")
        assert kept.store_key("v1", [derivation]) != before
    finally:
        sys.path.remove(str(tmp_path))
        for name in ("deriving", "deriving.entry", "deriving.helper"):
            sys.modules.pop(name, None)


@pytest.mark.parametrize("builder", [load, infer, merge, dumping])
def test_the_key_changes_with_the_code_that_builds_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, builder: ModuleType
) -> None:
    # How the graphs are loaded, inferred, merged or dumped decides what the store holds: a store built by other code
    # must not be opened.
    before = kept.store_key("v1")
    changed = tmp_path / "changed.py"
    changed.write_bytes(Path(str(builder.__file__)).read_bytes() + b"\n# changed\n")
    monkeypatch.setattr(builder, "__file__", str(changed))
    assert kept.store_key("v1") != before


def test_the_key_changes_with_the_program_that_loads_the_dump(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # kept_writer.py imports kept.py, so kept.py names it by its file, beside its own.
    before = kept.store_key("v1")
    (tmp_path / "kept.py").write_bytes(Path(str(kept.__file__)).read_bytes())
    (tmp_path / "kept_writer.py").write_bytes(Path(str(kept_writer.__file__)).read_bytes())
    monkeypatch.setattr(kept, "__file__", str(tmp_path / "kept.py"))
    assert kept.store_key("v1") == before  # the same files elsewhere: the same key
    with (tmp_path / "kept_writer.py").open("a") as changed:
        changed.write("\n# changed\n")
    assert kept.store_key("v1") != before


def test_a_store_another_server_serves_is_never_removed(tmp_path: Path) -> None:
    # Three versions one after the other: the oldest goes, as only OTHERS_KEPT are kept beside the newest,
    # unless a server still reads it (its query processes open it again by path whenever one is replaced).
    data, folder = _data(tmp_path / "data", 1), tmp_path / "stores"
    _kept(data, folder)
    served = _kept(data, folder)  # the second start serves the store from disk
    assert served.path is not None
    for version in range(2, 2 + kept.OTHERS_KEPT + 1):
        _data(data, version)
        _kept(data, folder)
    assert served.path.exists()  # this test's process serves it: its lock is held
    assert len([path for path in folder.iterdir() if not path.name.startswith(".")]) == kept.OTHERS_KEPT + 2


def test_a_store_no_one_serves_is_removed_past_the_few_kept(tmp_path: Path) -> None:
    data, folder = _data(tmp_path / "data", 1), tmp_path / "stores"
    first = _target(data, folder)
    kept_writer.write_kept(ox.Store(), first)  # written, never served
    for version in range(2, 2 + kept.OTHERS_KEPT + 1):
        _data(data, version)
        _kept(data, folder)
    assert not first.exists()
