"""A non-editable install finds its ontology and data when run from another folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from service.graph import vocab
from service.graph.load import load_dataset

RDF_TYPE, FRAMEWORK = ox.NamedNode(vocab.RDF_TYPE), ox.NamedNode(vocab.FRAMEWORK)
ROOT = Path(__file__).resolve().parents[1]


def test_wheel_install_finds_bundled_data(tmp_path: Path) -> None:
    wheels, target, elsewhere = tmp_path / "wheels", tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    # Built from a copy: setuptools' build/ folder in the checkout would carry files deleted since.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".*", "build", "dist", "*.egg-info", "tests"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(source),
        ],
        check=True,
    )
    wheel = next(wheels.glob("stackatlas-*.whl"))
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
    )
    script = (
        "import service, sys; from service.cli import main;print(service.__file__, file=sys.stderr); main(['stats'])"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    done = subprocess.run([sys.executable, "-c", script], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().startswith(str(target))
    counts = dict(line.rsplit(None, 1) for line in done.stdout.splitlines()[2:])
    expected = len({quad.subject for quad in load_dataset().store.quads_for_pattern(None, RDF_TYPE, FRAMEWORK)})
    assert int(counts["frameworks"]) == expected  # the installed copy holds the checkout's data
    # The pins, crosswalks and shipped validation verdict travel with the data; the snapshots never do.
    installed = target / "service" / "graph_data"
    assert (installed / "verdict.txt").is_file()
    assert (installed / "sources" / "pins.csv").is_file()
    assert not list((installed / "sources").glob("*.tar.gz"))
    assert (installed / "crosswalk" / "values.csv").is_file()
