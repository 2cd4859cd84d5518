"""Read a dataset snapshot, whether a checkout (a folder) or the archive of one (.tar.gz)."""

from __future__ import annotations

import fnmatch
import tarfile
from dataclasses import dataclass
from pathlib import Path


class ImportFailure(Exception):
    """An import that cannot go on; the message names the file and, when known, the line or field."""

    def __init__(self, where: str, reason: str, line: int | None = None):
        self.where, self.reason, self.line = where, reason, line
        super().__init__(f"{where}{f':{line}' if line is not None else ''}: {reason}")


@dataclass(frozen=True)
class Snapshot:
    """The files of a snapshot, by their path inside the repository."""

    origin: Path
    files: dict[str, bytes]

    def glob(self, pattern: str) -> list[str]:
        """Return the paths matching a shell pattern (`*` never crosses a `/`), sorted."""
        depth = pattern.count("/")
        return sorted(p for p in self.files if p.count("/") == depth and fnmatch.fnmatchcase(p, pattern))

    def text(self, path: str) -> str:
        """Return a file's text (UTF-8), naming the file when it is missing or not text."""
        if path not in self.files:
            raise ImportFailure(f"{self.origin}:{path}", "no such file in the snapshot")
        try:
            return self.files[path].decode("utf-8")
        except UnicodeDecodeError as error:
            raise ImportFailure(path, f"not UTF-8 text ({error.reason} at byte {error.start})") from None


def open_snapshot(path: Path) -> Snapshot:
    """Read every file of a checkout folder or a .tar.gz archive into memory (a few MB)."""
    if path.is_dir():
        files = {
            str(p.relative_to(path)): p.read_bytes()
            for p in sorted(path.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(path).parts
        }
        return Snapshot(path, files)
    if not path.is_file():
        raise ImportFailure(str(path), "no such file or folder")
    try:
        with tarfile.open(path, "r:*") as archive:
            files = {}
            for member in archive.getmembers():
                if member.isfile():
                    extracted = archive.extractfile(member)
                    assert extracted is not None  # a regular file always has contents
                    files[member.name.removeprefix("./")] = extracted.read()
    except (tarfile.TarError, OSError, EOFError) as error:
        raise ImportFailure(str(path), f"not a readable archive ({error})") from None
    return Snapshot(path, files)
