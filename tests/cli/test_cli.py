"""service/cli/__init__.py: the `stackatlas` group itself."""

from __future__ import annotations

from click.testing import CliRunner

from service.cli import main


def test_help_summaries_are_whole_sentences(runner: CliRunner) -> None:
    listed = runner.invoke(main, ["--help"]).stdout.split("Commands:\n", 1)[1].splitlines()
    summaries = [line.split(None, 1)[1] for line in listed if line.strip()]
    assert len(summaries) >= 11
    assert all(summary.endswith(".") and not summary.endswith(("...", "e.g.")) for summary in summaries)
