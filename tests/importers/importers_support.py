"""Paths and helpers shared by the importer tests (a module of its own: tests/ folders are not packages)."""

from __future__ import annotations

import tarfile
from pathlib import Path

from service.graph.load import bundled_data

DATA = bundled_data()
SOURCES = DATA / "sources"
TABLES = DATA / "crosswalk"
TECHEMPOWER_ARCHIVE = SOURCES / "techempower-57d92fb.tar.gz"
BENCHMARKER_ARCHIVE = SOURCES / "the-benchmarker-6ea7019.tar.gz"


def unpack(archive: Path, target: Path) -> Path:
    """Unpack a bundled snapshot into a folder snapshot and return the folder."""
    target.mkdir()
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(target, filter="data")
    return target
