"""The store kept on disk per dataset version: built once, opened at the next start, built again for new data."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from service import create_app
from service.loading import kept, load
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


def _target(data: Path, folder: Path) -> Path:
    files = load.data_files(data)
    return folder / kept.store_key(load.content_version([load.ontology_file(), *files]))


def test_the_first_start_builds_the_store_and_the_next_opens_it(tmp_path: Path) -> None:
    data, folder = _data(tmp_path / "data", 1), tmp_path / "stores"
    first = kept.kept_dataset(data, check=False, folder=folder)
    assert first.path is not None and first.path.is_relative_to(folder)
    assert _labels(first) == ["Kept 1"]
    witness = _target(data, folder) / "witness"
    witness.write_text("a rebuild would replace this folder")
    again = kept.kept_dataset(data, check=False, folder=folder)
    assert again.path == first.path
    assert witness.exists()
    assert _labels(again) == ["Kept 1"]
    assert again.version == first.version
    assert len(again.store) == len(first.store)


def test_changed_data_builds_a_new_store(tmp_path: Path) -> None:
    data, folder = _data(tmp_path / "data", 1), tmp_path / "stores"
    first = kept.kept_dataset(data, check=False, folder=folder)
    _data(data, 2)
    second = kept.kept_dataset(data, check=False, folder=folder)
    assert second.version != first.version
    assert second.path != first.path
    assert _labels(second) == ["Kept 2"]


def test_a_half_written_store_is_never_opened_and_is_built_again(tmp_path: Path) -> None:
    data, folder = _data(tmp_path / "data", 1), tmp_path / "stores"
    target = _target(data, folder)
    # What a build killed before its end leaves: a database holding only part of the data, no marker.
    target.mkdir(parents=True)
    partial = ox.Store(str(target / kept.DATABASE))
    partial.add(ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"), ox.Literal("x")))
    partial.flush()
    del partial
    dataset = kept.kept_dataset(data, check=False, folder=folder)
    assert _labels(dataset) == ["Kept 1"]
    assert (target / kept.COMPLETE).is_file()
    assert not any(quad.object == ox.Literal("x") for quad in dataset.store)


def test_a_store_that_cannot_be_opened_is_built_again(tmp_path: Path) -> None:
    data, folder = _data(tmp_path / "data", 1), tmp_path / "stores"
    target = _target(data, folder)
    (target / kept.DATABASE).mkdir(parents=True)
    (target / kept.DATABASE / "CURRENT").write_text("not a database\n")
    (target / kept.COMPLETE).write_text("marked complete, but broken\n")
    assert _labels(kept.kept_dataset(data, check=False, folder=folder)) == ["Kept 1"]


def test_an_unwritable_folder_serves_the_data_from_memory(tmp_path: Path) -> None:
    data = _data(tmp_path / "data", 1)
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    dataset = kept.kept_dataset(data, check=False, folder=blocked)
    assert dataset.path is None
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


def test_a_store_another_server_serves_is_never_removed(tmp_path: Path) -> None:
    # Three versions one after the other: the oldest goes, as only OTHERS_KEPT are kept beside the newest,
    # unless a server still reads it (its query processes open it again by path whenever one is replaced).
    data, folder = _data(tmp_path / "data", 1), tmp_path / "stores"
    served = kept.kept_dataset(data, check=False, folder=folder)
    assert served.path is not None
    for version in range(2, 2 + kept.OTHERS_KEPT + 1):
        _data(data, version)
        kept.kept_dataset(data, check=False, folder=folder)
    assert served.path.exists()  # this test's process serves it: its lock is held
    assert len([path for path in folder.iterdir() if not path.name.startswith(".")]) == kept.OTHERS_KEPT + 2


def test_a_store_no_one_serves_is_removed_past_the_few_kept(tmp_path: Path) -> None:
    data, folder = _data(tmp_path / "data", 1), tmp_path / "stores"
    first = _target(data, folder)
    kept.write_kept(ox.Store(), first)  # written, never served
    for version in range(2, 2 + kept.OTHERS_KEPT + 1):
        _data(data, version)
        kept.kept_dataset(data, check=False, folder=folder)
    assert not first.exists()
