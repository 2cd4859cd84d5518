"""service/importers/snapshot.py: a checkout or its archive read whole; every failure names the file."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from service.importers.snapshot import ImportFailure, open_snapshot


def _archive(path: Path, files: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, content in files.items():
            member = tarfile.TarInfo(name)
            member.size = len(content)
            archive.addfile(member, io.BytesIO(content))
    return path


def test_a_folder_is_read_without_its_git_folder(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref")
    assert open_snapshot(tmp_path).files == {"a/x.txt": b"x"}


def test_an_archive_is_read_by_path_inside_the_repository(tmp_path: Path) -> None:
    snapshot = open_snapshot(_archive(tmp_path / "s.tar.gz", {"./a/x.txt": b"x", "a/b/y.txt": b"y"}))
    assert snapshot.files == {"a/x.txt": b"x", "a/b/y.txt": b"y"}


def test_a_star_in_a_pattern_never_crosses_a_slash(tmp_path: Path) -> None:
    snapshot = open_snapshot(_archive(tmp_path / "s.tar.gz", {"a/x.txt": b"", "a/b/y.txt": b"", "a/z.txt": b""}))
    assert snapshot.glob("a/*.txt") == ["a/x.txt", "a/z.txt"]
    assert snapshot.glob("*/*/*.txt") == ["a/b/y.txt"]


def test_text_names_a_missing_file_and_a_file_not_in_utf8(tmp_path: Path) -> None:
    snapshot = open_snapshot(_archive(tmp_path / "s.tar.gz", {"ok.txt": "é".encode(), "bad.txt": b"\xff"}))
    assert snapshot.text("ok.txt") == "é"
    with pytest.raises(ImportFailure, match=r"s\.tar\.gz:gone\.txt: no such file in the snapshot"):
        snapshot.text("gone.txt")
    with pytest.raises(ImportFailure, match=r"^bad\.txt: not UTF-8 text \(invalid start byte at byte 0\)"):
        snapshot.text("bad.txt")


def test_a_missing_path_or_an_unreadable_archive_is_named(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure, match=r"missing\.tar\.gz: no such file or folder"):
        open_snapshot(tmp_path / "missing.tar.gz")
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(b"not an archive")
    with pytest.raises(ImportFailure, match=r"broken\.tar\.gz: not a readable archive"):
        open_snapshot(broken)


def test_a_failure_says_where_and_at_which_line() -> None:
    assert str(ImportFailure("f.csv", "bad value", line=3)) == "f.csv:3: bad value"
    assert str(ImportFailure("f.csv", "no rows")) == "f.csv: no rows"
