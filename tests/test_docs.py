"""The README documents every setting, and its examples match what the commands print."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from service.cli import main
from service.settings import SETTINGS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_setting_is_documented(setting) -> None:
    row = re.search(rf"^\| `{setting.name}` \| `{setting.env}` \| .* \| (.*) \|$", README, re.MULTILINE)
    assert row is not None, f"{setting.name} is missing from the README's settings table"
    assert row[1] == setting.help


def _examples() -> list[tuple[str, str]]:
    # Each "```sh .venv/bin/stackatlas query '...'```" block is followed by a block of its output.
    pattern = re.compile(r"```sh\n\.venv/bin/stackatlas query '(.*?)'\n```\n\n```\n(.*?)```", re.DOTALL)
    return pattern.findall(README)


def test_readme_has_query_examples() -> None:
    assert len(_examples()) >= 2


@pytest.mark.parametrize(("query", "output"), _examples())
def test_readme_query_example_prints_what_it_shows(runner: CliRunner, query: str, output: str) -> None:
    result = runner.invoke(main, ["query", query])
    assert result.exit_code == 0
    assert result.stdout == output  # loading steps, if any, go to standard error
