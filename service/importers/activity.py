"""Derive a repository's activity from its history: the `activity` block of a primary-source record.

Run on a local clone (or a bare snapshot) of a framework's repository; everything is stated as of the
newest commit's date, so the same snapshot always gives the same block.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from service.importers.snapshot import ImportFailure


def _git(repository: Path, *arguments: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(repository), *arguments], capture_output=True, text=True, check=True, timeout=120
        )
    except (OSError, subprocess.SubprocessError) as error:
        detail = getattr(error, "stderr", "") or str(error)
        raise ImportFailure(str(repository), f"git {arguments[0]} failed: {detail.strip()}") from None
    return done.stdout


def window_start(as_of: dt.date) -> dt.date:
    """Return the day a year before a date (28 February for 29 February)."""
    return (
        as_of.replace(year=as_of.year - 1, day=28)
        if (as_of.month, as_of.day) == (2, 29)
        else as_of.replace(year=as_of.year - 1)
    )


def repository_activity(repository: Path, url: str) -> dict[str, object]:
    """Return the activity block for the repository at `url`, read from its clone or snapshot at `repository`."""
    head = _git(repository, "log", "-1", "--format=%H %cs").split()
    if len(head) != 2:
        raise ImportFailure(str(repository), "no commit to read")
    commit, as_of = head[0], dt.date.fromisoformat(head[1])
    since = window_start(as_of).isoformat()
    hashes = _git(repository, "log", f"--since={since}", "--format=%H").split()
    authors = {
        line.strip().lower() for line in _git(repository, "log", f"--since={since}", "--format=%aE").splitlines()
    }
    block: dict[str, object] = {"repository": url, "commit": commit, "as_of": as_of.isoformat()}
    tag = _git(
        repository,
        "for-each-ref",
        "--sort=-creatordate",
        "--count=1",
        "--format=%(refname:short) %(creatordate:short)",
        "refs/tags",
    ).split()
    if len(tag) == 2:
        block["latest_tag"] = {"name": tag[0], "date": tag[1]}
    block["commits_12_months"] = len(hashes)
    block["authors_12_months"] = len(authors - {""})
    return block
