"""service/importers/run.py: each importer's pin, where snapshots are found, and a failed import writing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.importers.run import IMPORTERS, SOURCES_VARIABLE, default_snapshot, pin_of, run_import, snapshots_folder
from service.importers.snapshot import ImportFailure


@pytest.mark.parametrize("name", sorted(IMPORTERS))
def test_every_importer_has_a_pin_and_writes_a_graph_file(name: str) -> None:
    pin = pin_of(name)
    assert pin.source == IMPORTERS[name].pin
    assert len(pin.commit) == 40
    assert IMPORTERS[name].output.endswith(".trig")


def test_the_snapshots_folder_is_the_one_the_variable_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SOURCES_VARIABLE, str(tmp_path))
    assert snapshots_folder() == tmp_path
    monkeypatch.delenv(SOURCES_VARIABLE)
    assert snapshots_folder().parts[-2:] == ("shared", "sources")


def test_a_missing_snapshot_says_which_commit_and_how_to_give_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SOURCES_VARIABLE, str(tmp_path))
    pin = pin_of("survey")
    with pytest.raises(ImportFailure) as caught:
        default_snapshot(pin)
    message = str(caught.value)
    assert f"no snapshot of {pin.repository} at {pin.commit[:7]} here" in message
    assert f"set {SOURCES_VARIABLE} to the folder holding {pin.archive}" in message


def test_a_failed_import_writes_nothing(tmp_path: Path) -> None:
    output = tmp_path / "out.trig"
    with pytest.raises(ImportFailure, match="no such file or folder"):
        run_import("survey", tmp_path / "missing.tar.gz", output)
    assert list(tmp_path.iterdir()) == []
