"""service/importers/pins.py: one source's pin read from pins.csv; a missing row, column or file is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.importers.pins import Pin, read_pin
from service.importers.snapshot import ImportFailure

HEADER = "source,title,archive,repository,commit,date,licence\n"
ROW = "demo,Demo data,demo.tar.gz,https://github.com/o/demo,abc123,2026-01-02,MIT\n"


def test_the_row_of_the_source_is_its_pin(tmp_path: Path) -> None:
    pins = tmp_path / "pins.csv"
    pins.write_text(HEADER + "other,Other,o.tar.gz,https://github.com/o/o,def,2026-01-01,MIT\n" + ROW)
    assert read_pin(pins, "demo") == Pin(
        "demo", "Demo data", "demo.tar.gz", "https://github.com/o/demo", "abc123", "2026-01-02", "MIT"
    )


def test_no_row_for_the_source_is_named(tmp_path: Path) -> None:
    pins = tmp_path / "pins.csv"
    pins.write_text(HEADER + ROW)
    with pytest.raises(ImportFailure, match=r"pins\.csv: no row for source 'elsewhere'"):
        read_pin(pins, "elsewhere")


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    pins = tmp_path / "pins.csv"
    pins.write_text("source,title\ndemo,Demo\n")
    with pytest.raises(ImportFailure, match=r"pins\.csv: column 'archive' is missing"):
        read_pin(pins, "demo")


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure, match=r"gone\.csv: No such file or directory"):
        read_pin(tmp_path / "gone.csv", "demo")
