"""Run one importer: read the snapshot, build the graph file in memory, write it only when all of it is built."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from service.graph.load import bundled_data
from service.importers.benchmarker import import_benchmarker
from service.importers.graphfile import write_atomically
from service.importers.pins import Pin, read_pin
from service.importers.snapshot import open_snapshot
from service.importers.techempower import import_techempower


@dataclass(frozen=True)
class Importer:
    """One source's importer: the pin it reads, the function that builds its graph, and the file it writes."""

    pin: str
    build: Callable[..., bytes]
    output: str


IMPORTERS = {
    "techempower": Importer("techempower", import_techempower, "techempower.trig"),
    "benchmarker": Importer("the-benchmarker", import_benchmarker, "benchmarker.trig"),
}


def sources_folder() -> Path:
    """Return the folder of the bundled snapshots and their pins."""
    return bundled_data() / "sources"


def tables_folder() -> Path:
    """Return the folder of the reviewed crosswalk and value tables."""
    return bundled_data() / "crosswalk"


def pin_of(name: str) -> Pin:
    """Return the pin of an importer's source."""
    return read_pin(sources_folder() / "pins.csv", IMPORTERS[name].pin)


def build(name: str, snapshot_path: Path | None = None, tables: Path | None = None) -> bytes:
    """Return the graph file an importer makes of a snapshot (the bundled one by default)."""
    importer, pin = IMPORTERS[name], pin_of(name)
    snapshot = open_snapshot(snapshot_path or sources_folder() / pin.archive)
    return importer.build(snapshot, tables or tables_folder(), pin)


def run_import(name: str, snapshot_path: Path | None, output: Path | None) -> Path:
    """Import a snapshot and write its graph file (graph_data/<source>.trig by default); return the path."""
    content = build(name, snapshot_path)
    target = output or bundled_data() / IMPORTERS[name].output
    write_atomically(target, content)
    return target
