"""Paths and helpers shared by the importer tests (a module of its own: tests/ folders are not packages)."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pyoxigraph
import pytest

from service.importers.run import snapshots_folder
from service.loading.load import bundled_data

DATA = bundled_data()
SOURCES = DATA / "sources"  # the pins and the attribution: the snapshots themselves are never committed
TABLES = DATA / "crosswalk"
# The pinned snapshots, outside the project (../shared/sources, or $STACKATLAS_SOURCES).
SNAPSHOTS = snapshots_folder()
TECHEMPOWER_ARCHIVE = SNAPSHOTS / "techempower-57d92fb.tar.gz"
BENCHMARKER_ARCHIVE = SNAPSHOTS / "the-benchmarker-6ea7019.tar.gz"
ENDOFLIFE_ARCHIVE = SNAPSHOTS / "endoflife-date-a70eca3.tar.gz"
SURVEY_ARCHIVE = SNAPSHOTS / "so-survey-frameworks-808ca27.tar.gz"
ARCHIVES = (TECHEMPOWER_ARCHIVE, BENCHMARKER_ARCHIVE, ENDOFLIFE_ARCHIVE, SURVEY_ARCHIVE)


def require_snapshots() -> None:
    """Fail (never skip) a test that re-reads the pinned snapshots when they are not there."""
    missing = [archive.name for archive in ARCHIVES if not archive.is_file()]
    if missing:
        pytest.fail(
            f"the pinned snapshots are missing from {SNAPSHOTS}: {', '.join(missing)}. "
            "They are copies of public repositories kept outside the project: put them in ../shared/sources "
            "(or point STACKATLAS_SOURCES at their folder); see graph_data/sources/README.md",
            pytrace=False,
        )


def unpack(archive: Path, target: Path) -> Path:
    """Unpack a pinned snapshot into a folder snapshot and return the folder."""
    require_snapshots()
    target.mkdir()
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(target, filter="data")
    return target


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write a small folder snapshot (path inside the repository: text) and return its folder."""
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def write_table(tables: Path, name: str, text: str) -> Path:
    """Replace one crosswalk table of a copied tables folder with the given CSV text; return its path."""
    path = tables / name
    path.write_text(text, encoding="utf-8")
    return path


def parse_trig(content: bytes) -> pyoxigraph.Store:
    """Load the TriG an importer returns into a store, for SPARQL on what it says."""
    store = pyoxigraph.Store()
    store.load(content, format=pyoxigraph.RdfFormat.TRIG)
    return store
