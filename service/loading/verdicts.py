"""Remember that a dataset conformed to the shapes, by content hash, so it is not validated again on every start."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

from service.loading import infer

log = logging.getLogger(__name__)

# Only a pass is remembered: data that breaks the shapes is validated (and reported) every time.
# The bundled graph's verdict also ships with it (graph_data/verdict.txt), so a fresh clone starts
# without pyshacl too: the test suite validates the bundled graph in full and requires that file to
# hold the key of exactly that data, so a landed verdict is one CI has checked.
SHIPPED_NAME = "verdict.txt"


def verdict_key(version: str, shapes: Path) -> str:
    """Return the key of a verdict: the data's content version, the shapes and the inference rules."""
    digest = hashlib.sha256()
    digest.update(version.encode() + b"\0")
    digest.update(shapes.read_bytes() + b"\0")
    # What is validated is the data after inference, so the rules are part of what was checked.
    # pyshacl's version is not: SHACL's meaning does not change with it, and a shipped verdict must
    # not go stale (nor CI fail) the day a new pyshacl is released.
    digest.update(Path(infer.__file__).read_bytes())
    return digest.hexdigest()[:32]


def verdict_folder() -> Path:
    """Return the folder verdicts are kept in (the user's cache folder, e.g. ~/.cache/stackatlas/verdicts)."""
    return Path(platformdirs.user_cache_dir("stackatlas")) / "verdicts"


def remembered(key: str, shipped: Path | None = None) -> Path | None:
    """Return the file recording that data with this key conformed, if there is one (the shipped one first)."""
    if shipped is not None and shipped_key(shipped) == key:
        return shipped
    path = verdict_folder() / key
    return path if path.is_file() else None


def shipped_key(path: Path) -> str | None:
    """Return the key a shipped verdict file holds (its last line), or None if there is no such file."""
    try:
        lines = path.read_text(encoding="utf-8").split()
    except OSError:
        return None
    return lines[-1] if lines else None


def ship(key: str, path: Path) -> None:
    """Write the shipped verdict of the bundled graph: a comment saying what it is, then the key."""
    path.write_text(
        "# SHACL verdict of the bundled graph (written by `stackatlas validate --ship`, checked by the tests)\n"
        + key
        + "\n",
        encoding="utf-8",
    )


def remember(key: str, version: str) -> None:
    """Record that data with this key conformed; a cache folder that cannot be written only costs a log line."""
    folder = verdict_folder()
    note = f"version {version} conformed to the shapes at {datetime.now(UTC).isoformat(timespec='seconds')}\n"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Written whole, then renamed: a reader never sees half a verdict.
        with tempfile.NamedTemporaryFile("w", dir=folder, delete=False, encoding="utf-8") as file:
            file.write(note)
        os.replace(file.name, folder / key)
    except OSError as error:
        log.warning(
            "could not remember the validation verdict in %s (%s); the next start validates again", folder, error
        )
