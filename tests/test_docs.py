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


def _sparql_examples() -> list[tuple[str, str, str]]:
    # Each "```sh curl -s -H 'Accept: ...' --data-urlencode 'query=...' .../sparql```" block and the output after it.
    pattern = re.compile(
        r"```sh\ncurl -s -H 'Accept: ([^']+)' --data-urlencode 'query=(.*?)' http://127\.0\.0\.1:8000/sparql\n```\n\n"
        r"```\n(.*?)```",
        re.DOTALL,
    )
    return pattern.findall(README)


def test_readme_has_a_sparql_protocol_example() -> None:
    assert _sparql_examples()


@pytest.mark.parametrize(("accept", "query", "output"), _sparql_examples())
def test_readme_sparql_example_answers_what_it_shows(client, accept: str, query: str, output: str) -> None:
    response = client.post("/sparql", data={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.get_data(as_text=True).replace("\r\n", "\n") == output


def test_readme_clusters_are_what_the_command_prints(runner: CliRunner, select) -> None:
    found = re.search(r"On the bundled (\d+) frameworks \(`stackatlas clusters`\):\n\n```\n(.*?)```", README, re.DOTALL)
    assert found is not None
    assert int(found[1]) == len(select("SELECT DISTINCT ?f WHERE { ?f a sa:Framework }"))
    assert runner.invoke(main, ["clusters"]).stdout == found[2]
