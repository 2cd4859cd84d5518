"""A repository's activity, derived from its history as of its newest commit."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from service.cli import main
from service.importers.activity import repository_activity, window_start
from service.importers.snapshot import ImportFailure


def commit(repository: Path, day: str, author: str) -> None:
    """Commit an empty change dated `day` by `author`."""
    when = f"{day}T12:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    identity = ["-c", f"user.email={author}", "-c", "user.name=x"]
    subprocess.run(
        ["git", "-C", str(repository), *identity, "commit", "-q", "--allow-empty", "-m", day], check=True, env=env
    )


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    commit(tmp_path, "2024-01-10", "old@example.org")
    commit(tmp_path, "2025-03-01", "a@example.org")
    tagged = {**os.environ, "GIT_COMMITTER_DATE": "2025-03-01T12:00:00+00:00"}
    subprocess.run(["git", "-C", str(tmp_path), "tag", "-a", "v1.0", "-m", "v1.0"], check=True, env=tagged)
    commit(tmp_path, "2025-09-01", "B@example.org")
    commit(tmp_path, "2026-02-01", "b@example.org")
    return tmp_path


def test_counts_the_twelve_months_before_the_newest_commit(repository: Path) -> None:
    block = repository_activity(repository, "https://example.org/repo")
    assert block["as_of"] == "2026-02-01"
    assert block["latest_tag"] == {"name": "v1.0", "date": "2025-03-01"}
    # 2025-03-01, 2025-09-01 and 2026-02-01 are within a year of 2026-02-01; 2024-01-10 is not.
    assert block["commits_12_months"] == 3
    assert block["authors_12_months"] == 2  # e-mail addresses compared without case


def test_the_cli_prints_the_block_a_record_takes(repository: Path) -> None:
    result = CliRunner().invoke(main, ["import", "activity", str(repository), "--url", "https://example.org/repo"])
    assert result.exit_code == 0, result.output
    block = yaml.safe_load(result.output)["activity"]
    assert block["repository"] == "https://example.org/repo" and len(block["commit"]) == 40


def test_a_folder_without_history_is_refused(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    with pytest.raises(ImportFailure):
        repository_activity(tmp_path, "https://example.org/repo")


def test_a_year_before_a_leap_day() -> None:
    assert window_start(dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)
    assert window_start(dt.date(2026, 12, 7)) == dt.date(2025, 12, 7)
