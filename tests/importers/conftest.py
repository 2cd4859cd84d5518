"""Fixtures of the importer tests: the pinned snapshots unpacked, the tables copied, the generated graph loaded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from importers_support import (
    BENCHMARKER_ARCHIVE,
    ENDOFLIFE_ARCHIVE,
    TABLES,
    TECHEMPOWER_ARCHIVE,
    require_snapshots,
    unpack,
)

from service.knowledge.derived import load_known_dataset
from service.query.store import Dataset


@pytest.fixture
def snapshots() -> None:
    """The pinned snapshots in ../shared/sources: a test that re-reads them fails when they are missing."""
    require_snapshots()


@pytest.fixture
def techempower_tree(tmp_path: Path) -> Path:
    """A folder snapshot of TechEmpower that a test may edit."""
    return unpack(TECHEMPOWER_ARCHIVE, tmp_path / "techempower")


@pytest.fixture
def benchmarker_tree(tmp_path: Path) -> Path:
    """A folder snapshot of the-benchmarker that a test may edit."""
    return unpack(BENCHMARKER_ARCHIVE, tmp_path / "the-benchmarker")


@pytest.fixture
def endoflife_tree(tmp_path: Path) -> Path:
    """A folder snapshot of endoflife.date that a test may edit."""
    return unpack(ENDOFLIFE_ARCHIVE, tmp_path / "endoflife-date")


@pytest.fixture
def tables(tmp_path: Path) -> Path:
    """A copy of graph_data/crosswalk that a test may edit."""
    copy = tmp_path / "crosswalk"
    shutil.copytree(TABLES, copy)
    return copy


@pytest.fixture(scope="session")
def generated() -> Dataset:
    """The committed graph (generated files included), loaded without validation."""
    return load_known_dataset(check=False)
