"""Run one importer: read the snapshot, build the graph file in memory, write it only when all of it is built."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from service.importers.benchmarker import import_benchmarker
from service.importers.endoflife import import_endoflife
from service.importers.graphfile import write_atomically
from service.importers.pins import Pin, read_pin
from service.importers.snapshot import ImportFailure, open_snapshot
from service.importers.survey import import_survey
from service.importers.techempower import import_techempower
from service.loading.load import bundled_data


@dataclass(frozen=True)
class Importer:
    """One source's importer: the pin it reads, the function that builds its graph, and the file it writes."""

    pin: str
    build: Callable[..., bytes]
    output: str


IMPORTERS = {
    "techempower": Importer("techempower", import_techempower, "techempower.trig"),
    "benchmarker": Importer("the-benchmarker", import_benchmarker, "benchmarker.trig"),
    "endoflife": Importer("endoflife-date", import_endoflife, "lifecycles.trig"),
    "survey": Importer("so-survey", import_survey, "popularity.trig"),
}


# The environment variable naming the folder of the snapshots, when not ../shared/sources.
SOURCES_VARIABLE = "STACKATLAS_SOURCES"


def sources_folder() -> Path:
    """Return the folder of the pins (which commit of which repository each dataset is) and the attribution."""
    return bundled_data() / "sources"


def snapshots_folder() -> Path:
    """Return the folder of the snapshot archives: $STACKATLAS_SOURCES, else ../shared/sources beside the project."""
    # The archives are copies of public repositories: the project commits none of them.
    configured = os.environ.get(SOURCES_VARIABLE)
    if configured:
        return Path(configured)
    return (bundled_data().parent.parent / "shared" / "sources").resolve()


def default_snapshot(pin: Pin) -> Path:
    """Return the archive of a pinned snapshot in the snapshots folder; a missing one stops the import, saying why."""
    path = snapshots_folder() / pin.archive
    if not path.exists():
        raise ImportFailure(
            str(path),
            f"no snapshot of {pin.repository} at {pin.commit[:7]} here: give a checkout or archive of it as PATH, "
            f"or set {SOURCES_VARIABLE} to the folder holding {pin.archive}",
        )
    return path


def tables_folder() -> Path:
    """Return the folder of the reviewed crosswalk and value tables."""
    return bundled_data() / "crosswalk"


def pin_of(name: str) -> Pin:
    """Return the pin of an importer's source."""
    return read_pin(sources_folder() / "pins.csv", IMPORTERS[name].pin)


def build(name: str, snapshot_path: Path | None = None, tables: Path | None = None) -> bytes:
    """Return the graph file an importer makes of a snapshot (the pinned archive in the snapshots folder by default)."""
    importer, pin = IMPORTERS[name], pin_of(name)
    snapshot = open_snapshot(snapshot_path or default_snapshot(pin))
    return importer.build(snapshot, tables or tables_folder(), pin)


def run_import(name: str, snapshot_path: Path | None, output: Path | None) -> Path:
    """Import a snapshot and write its graph file (graph_data/<source>.trig by default); return the path."""
    content = build(name, snapshot_path)
    target = output or bundled_data() / IMPORTERS[name].output
    write_atomically(target, content)
    return target
