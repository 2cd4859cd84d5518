"""service/cli/__init__.py: the `stackatlas` group itself."""

from __future__ import annotations

import socket
from importlib.metadata import version

from click.testing import CliRunner

from service.cli import main


def test_help_summaries_are_whole_sentences(runner: CliRunner) -> None:
    listed = runner.invoke(main, ["--help"]).stdout.split("Commands:\n", 1)[1].splitlines()
    summaries = [line.split(None, 1)[1] for line in listed if line.strip()]
    assert len(summaries) >= 11
    assert all(summary.endswith(".") and not summary.endswith(("...", "e.g.")) for summary in summaries)


def test_every_command_is_listed_by_name(runner: CliRunner) -> None:
    listed = runner.invoke(main, ["--help"]).stdout.split("Commands:\n", 1)[1].splitlines()
    names = {line.split()[0] for line in listed if line.startswith("  ") and line.strip()}
    expected = {"ask", "clusters", "conflicts", "export", "import", "path", "query", "serve", "similar", "stats"}
    assert expected | {"validate"} <= names


def test_the_version_is_the_packages(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--version"], prog_name="stackatlas")
    assert result.exit_code == 0
    assert result.output == f"stackatlas, version {version('stackatlas')}\n"


def test_serve_on_a_store_that_does_not_answer_says_so_in_one_line(runner: CliRunner) -> None:
    with socket.socket() as unused:  # a port nothing listens on
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    result = runner.invoke(main, ["serve", "--store", f"sparql+http://127.0.0.1:{port}/sparql"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot use the store sparql+http://127.0.0.1:{port}/sparql: cannot reach")
    assert "Traceback" not in result.output
