"""service/loading/verdicts.py: a pass remembered by the key of its data, shapes and rules; a shipped one first."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.loading import verdicts

SHAPES = "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own (platformdirs reads XDG_CACHE_HOME on Linux)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "stackatlas" / "verdicts"


@pytest.fixture
def shapes(tmp_path: Path) -> Path:
    path = tmp_path / "shapes.ttl"
    path.write_text(SHAPES)
    return path


def test_the_key_changes_with_the_data_and_with_the_shapes(shapes: Path, tmp_path: Path) -> None:
    key = verdicts.verdict_key("v1", shapes)
    assert key == verdicts.verdict_key("v1", shapes)
    assert len(key) == 32
    assert verdicts.verdict_key("v2", shapes) != key
    other = tmp_path / "other.ttl"
    other.write_text(SHAPES + "# changed\n")
    assert verdicts.verdict_key("v1", other) != key


def test_a_remembered_pass_is_found_by_its_key_only(cache: Path, shapes: Path) -> None:
    key = verdicts.verdict_key("v1", shapes)
    assert verdicts.remembered(key) is None
    verdicts.remember(key, "v1")
    found = verdicts.remembered(key)
    assert found == cache / key
    assert found.read_text().startswith("version v1 conformed to the shapes at ")
    assert verdicts.remembered(verdicts.verdict_key("v2", shapes)) is None


def test_a_shipped_verdict_is_read_first_and_only_for_its_own_key(cache: Path, tmp_path: Path) -> None:
    shipped = tmp_path / verdicts.SHIPPED_NAME
    verdicts.ship("abc", shipped)
    assert shipped.read_text().splitlines()[0].startswith("# SHACL verdict of the bundled graph")
    assert verdicts.shipped_key(shipped) == "abc"
    assert verdicts.remembered("abc", shipped) == shipped
    assert verdicts.remembered("abd", shipped) is None


def test_no_shipped_file_has_no_key(tmp_path: Path) -> None:
    assert verdicts.shipped_key(tmp_path / "missing.txt") is None
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert verdicts.shipped_key(empty) is None


def test_a_cache_that_cannot_be_written_costs_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    verdicts.remember("abc", "v1")
    assert "could not remember the validation verdict" in caplog.text
