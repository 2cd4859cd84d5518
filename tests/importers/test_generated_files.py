"""The committed graph files are exactly what the importers make of the pinned snapshots (in ../shared/sources)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from importers_support import DATA, TECHEMPOWER_ARCHIVE

from service.importers.run import IMPORTERS, build

# Every test here re-reads a pinned snapshot: without ../shared/sources it fails, never skips.
pytestmark = pytest.mark.usefixtures("snapshots")

STACKATLAS = Path(sys.executable).parent / "stackatlas"


@pytest.mark.parametrize("name", sorted(IMPORTERS))
def test_generated_files_are_what_the_importers_produce(name: str) -> None:
    committed = (DATA / IMPORTERS[name].output).read_bytes()
    assert build(name) == committed, (
        f"graph_data/{IMPORTERS[name].output} is not what the importer makes of the pinned snapshot: "
        f"never edit it by hand; run `stackatlas import {name}` and commit the result"
    )


def test_cli_import_techempower_end_to_end(tmp_path: Path) -> None:
    target = tmp_path / "out" / "techempower.trig"
    target.parent.mkdir()
    done = subprocess.run(
        [str(STACKATLAS), "import", "techempower", str(TECHEMPOWER_ARCHIVE), "-o", str(target)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert target.read_bytes() == (DATA / "techempower.trig").read_bytes(), (
        "run `stackatlas import techempower` and commit graph_data/techempower.trig"
    )
    assert "TechEmpower: reading test configurations" in done.stderr
    assert "TechEmpower: reading test configurations: done" in done.stderr
    assert f"wrote {target}" in done.stdout
    assert not list(target.parent.glob("*.partial")), "the partial file is left behind"


def test_cli_import_benchmarker_end_to_end(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from service.cli import main

    target = tmp_path / "benchmarker.trig"
    result = CliRunner().invoke(main, ["import", "benchmarker", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == (DATA / "benchmarker.trig").read_bytes(), (
        "run `stackatlas import benchmarker` and commit graph_data/benchmarker.trig"
    )
    assert "the-benchmarker: reading framework configurations" in result.stderr
    assert "the-benchmarker: measured figures" in result.stderr


@pytest.mark.parametrize(
    ("name", "progress"),
    [("endoflife", "endoflife.date: reading product files"), ("survey", "Stack Overflow survey: reading the table")],
)
def test_cli_import_of_lifecycles_and_popularity_end_to_end(tmp_path: Path, name: str, progress: str) -> None:
    from click.testing import CliRunner

    from service.cli import main

    target = tmp_path / IMPORTERS[name].output
    result = CliRunner().invoke(main, ["import", name, "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == (DATA / IMPORTERS[name].output).read_bytes(), (
        f"run `stackatlas import {name}` and commit graph_data/{IMPORTERS[name].output}"
    )
    assert f"{progress}: done" in result.stderr
    assert f"wrote {target}" in result.stdout
