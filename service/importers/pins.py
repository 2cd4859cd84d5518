"""Which commit of which repository each pinned snapshot holds (graph_data/sources/pins.csv)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from service.importers.snapshot import ImportFailure


@dataclass(frozen=True)
class Pin:
    """A dataset's snapshot: the archive, the repository and commit it was taken from, and its licence."""

    source: str
    title: str
    archive: str
    repository: str
    commit: str
    date: str
    licence: str


def read_pin(path: Path, source: str) -> Pin:
    """Return the pin of one source; a missing row or column names the file."""
    try:
        with path.open(newline="", encoding="utf-8") as file:
            for row in csv.DictReader(file):
                if row.get("source") == source:
                    try:
                        return Pin(**{name: row[name] for name in Pin.__dataclass_fields__})
                    except KeyError as missing:
                        raise ImportFailure(str(path), f"column {missing} is missing") from None
    except OSError as error:
        raise ImportFailure(str(path), error.strerror or str(error)) from None
    raise ImportFailure(str(path), f"no row for source {source!r}")
