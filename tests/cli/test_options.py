"""service/cli/options.py: what the commands share: the --data option, VALIDATE, clean errors on bad data."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from service.cli import main


def test_commands_refuse_data_that_breaks_the_shapes_unless_validate_is_off(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Big graphs are checked once with `stackatlas validate`, then exported or served with VALIDATE off.
    (tmp_path / "bad.ttl").write_text(
        "@prefix sa: <https://w3id.org/stackatlas/ontology#> .\n<https://w3id.org/stackatlas/id/x> a sa:Framework .\n"
    )
    refused = runner.invoke(main, ["export", "--format", "nt", "--data", str(tmp_path)])
    assert refused.exit_code == 1
    assert "the data breaks the shapes" in refused.output
    monkeypatch.setenv("STACKATLAS_VALIDATE", "false")
    exported = runner.invoke(main, ["export", "--format", "nt", "--data", str(tmp_path)])
    assert exported.exit_code == 0, exported.output
    assert "<https://w3id.org/stackatlas/id/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>" in exported.output
    # `validate` itself always checks.
    assert runner.invoke(main, ["validate", "--data", str(tmp_path)]).exit_code == 1


def test_broken_data_file_gives_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix a: <http://a/> .\na:b a:c a:d .\na:x a:y .\n")
    for command in (["stats"], ["validate"], ["query", "ASK {}"], ["export"]):
        result = runner.invoke(main, [*command, "--data", str(bad)])
        assert result.exit_code == 1
        assert f"cannot read data: {bad}:3:9: " in result.output
        assert "Traceback" not in result.output
