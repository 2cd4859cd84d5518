"""A snapshot or a table the importer cannot read stops the import, says where, and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from importers_support import write_table, write_tree

from service.cli import main
from service.importers.run import build
from service.importers.snapshot import ImportFailure

FLASK = "frameworks/Python/flask/benchmark_config.json"
AIOHTTP = "frameworks/Python/aiohttp/benchmark_config.json"


def replace_line(path: Path, number: int, old: str, new: str) -> None:
    """Replace text on one line (1-based) of a file, checking that the line holds it."""
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[number - 1], f"{path}:{number} is {lines[number - 1]!r}, not holding {old!r}"
    lines[number - 1] = lines[number - 1].replace(old, new)
    path.write_text("\n".join(lines), encoding="utf-8")


def failure(name: str, snapshot: Path, tables: Path | None = None) -> ImportFailure:
    with pytest.raises(ImportFailure) as caught:
        build(name, snapshot, tables)
    return caught.value


def run_cli(*args: str):
    return CliRunner().invoke(main, ["import", *args])


# (a) benchmark_config.json that is not JSON


def test_techempower_config_not_json_names_file_and_line(techempower_tree: Path) -> None:
    replace_line(techempower_tree / FLASK, 11, '"port": 8080,', '"port": 8080,,')
    error = failure("techempower", techempower_tree)
    assert error.where == FLASK
    assert error.line == 11
    assert str(error).startswith(f"{FLASK}:11: not JSON")


def test_cli_stops_with_exit_1_and_creates_no_file(techempower_tree: Path, tmp_path: Path) -> None:
    replace_line(techempower_tree / FLASK, 11, '"port": 8080,', '"port": 8080,,')
    target = tmp_path / "out.trig"
    result = run_cli("techempower", str(techempower_tree), "-o", str(target))
    assert result.exit_code == 1
    assert f"{FLASK}:11" in result.output
    assert "nothing written" in result.output
    assert not target.exists()
    assert not list(tmp_path.glob("*.partial"))


def test_cli_leaves_an_existing_output_unchanged(techempower_tree: Path, tmp_path: Path) -> None:
    replace_line(techempower_tree / FLASK, 11, '"port": 8080,', '"port": 8080,,')
    target = tmp_path / "out.trig"
    target.write_bytes(b"# the previous import\n")
    result = run_cli("techempower", str(techempower_tree), "-o", str(target))
    assert result.exit_code == 1
    assert target.read_bytes() == b"# the previous import\n"


def test_techempower_archive_that_is_not_an_archive(tmp_path: Path) -> None:
    archive = tmp_path / "broken.tar.gz"
    archive.write_bytes(b"not gzip at all")
    result = run_cli("techempower", str(archive), "-o", str(tmp_path / "out.trig"))
    assert result.exit_code == 1
    assert str(archive) in result.output
    assert not (tmp_path / "out.trig").exists()


# (b) a value the normaliser does not know


def test_unknown_value_names_file_field_and_value(techempower_tree: Path) -> None:
    # Flask's "raw" test: "database": "Postgres" on line 36.
    replace_line(techempower_tree / FLASK, 36, '"Postgres"', '"Cassandra2"')
    error = failure("techempower", techempower_tree)
    assert error.where == FLASK
    assert "database" in error.reason
    assert "'Cassandra2'" in error.reason
    assert "values.csv" in error.reason
    assert error.line == 36


def test_unknown_value_line_is_the_line_of_the_test_that_holds_it(techempower_tree: Path) -> None:
    # Python/aiohttp has a test named "orm", and "orm" is also a key of every test before it:
    # the error must point at the "orm" test's database (line 99), not at an earlier test's.
    replace_line(techempower_tree / AIOHTTP, 99, '"Postgres"', '"Cassandra2"')
    error = failure("techempower", techempower_tree)
    assert error.where == AIOHTTP
    assert "'Cassandra2'" in error.reason
    assert error.line == 99, f"the message points at line {error.line}: {error}"


def test_unknown_value_through_the_cli(techempower_tree: Path, tmp_path: Path) -> None:
    replace_line(techempower_tree / FLASK, 36, '"Postgres"', '"Cassandra2"')
    result = run_cli("techempower", str(techempower_tree), "-o", str(tmp_path / "out.trig"))
    assert result.exit_code == 1
    assert FLASK in result.output and "database" in result.output and "Cassandra2" in result.output
    assert not (tmp_path / "out.trig").exists()


def test_unknown_benchmarker_engine_names_file_field_and_value(benchmarker_tree: Path) -> None:
    config = benchmarker_tree / "python/flask/config.yaml"
    config.write_text(config.read_text().replace("- waitress", "- teapot-server"))
    error = failure("benchmarker", benchmarker_tree)
    assert error.where == "python/flask/config.yaml"
    assert "webserver" in error.reason and "'teapot-server'" in error.reason


# (c) a crosswalk row naming an identifier the snapshot lacks


@pytest.mark.usefixtures("snapshots")
@pytest.mark.parametrize("identifier", ["Python/no-such-folder", "Python/flask#no-such-test"])
def test_stale_techempower_crosswalk_row_names_table_and_line(tables: Path, identifier: str) -> None:
    table = tables / "techempower.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    table.write_text("\n".join([*lines, f"{identifier},flask,,"]) + "\n", encoding="utf-8")
    error = failure("techempower", None, tables)
    assert error.where == str(table)
    assert error.line == len(lines) + 1
    assert repr(identifier) in error.reason and "not in the snapshot" in error.reason


@pytest.mark.usefixtures("snapshots")
def test_stale_benchmarker_crosswalk_row_names_table_and_line(tables: Path) -> None:
    table = tables / "benchmarker.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    table.write_text("\n".join([*lines[:5], "python/no-such,flask,,", *lines[5:]]) + "\n", encoding="utf-8")
    error = failure("benchmarker", None, tables)
    assert error.where == str(table)
    assert error.line == 6
    assert "'python/no-such'" in error.reason


# (d) a snapshot folder the crosswalk does not know


def test_techempower_folder_the_crosswalk_lacks(techempower_tree: Path) -> None:
    new = techempower_tree / "frameworks/Python/brand-new"
    new.mkdir()
    (new / "benchmark_config.json").write_bytes((techempower_tree / FLASK).read_bytes())
    error = failure("techempower", techempower_tree)
    assert error.where == "frameworks/Python/brand-new/benchmark_config.json"
    assert "'Python/brand-new'" in error.reason and "techempower.csv" in error.reason


def test_benchmarker_entry_the_crosswalk_lacks(benchmarker_tree: Path) -> None:
    new = benchmarker_tree / "python/brand-new"
    new.mkdir()
    (new / "config.yaml").write_bytes((benchmarker_tree / "python/flask/config.yaml").read_bytes())
    error = failure("benchmarker", benchmarker_tree)
    assert error.where == "python/brand-new/config.yaml"
    assert "'python/brand-new'" in error.reason and "benchmarker.csv" in error.reason


# (e) config.yaml that is not YAML


def test_benchmarker_config_not_yaml_names_file_and_line(benchmarker_tree: Path, tmp_path: Path) -> None:
    (benchmarker_tree / "python/flask/config.yaml").write_text("framework:\n  website: example.org\n\tversion: 1\n")
    error = failure("benchmarker", benchmarker_tree)
    assert error.where == "python/flask/config.yaml"
    assert error.line == 3
    assert "not YAML" in error.reason
    result = run_cli("benchmarker", str(benchmarker_tree), "-o", str(tmp_path / "out.trig"))
    assert result.exit_code == 1
    assert "python/flask/config.yaml:3" in result.output
    assert not (tmp_path / "out.trig").exists()


# (f) data.json that is not JSON


def test_benchmarker_results_not_json_names_file_and_line(benchmarker_tree: Path, tmp_path: Path) -> None:
    results = benchmarker_tree / "data.json"
    document = json.loads(results.read_text())
    text = json.dumps(document, indent=1).split("\n")
    text[6] += " oops"
    results.write_text("\n".join(text))
    error = failure("benchmarker", benchmarker_tree)
    assert error.where == "data.json"
    assert error.line == 7
    assert "not JSON" in error.reason
    result = run_cli("benchmarker", str(benchmarker_tree), "-o", str(tmp_path / "out.trig"))
    assert result.exit_code == 1
    assert "data.json:7" in result.output
    assert not (tmp_path / "out.trig").exists()


# (g) no snapshot given and none in the snapshots folder


def test_import_without_a_snapshot_names_the_path_it_looked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STACKATLAS_SOURCES", str(tmp_path / "empty"))
    target = tmp_path / "out.trig"
    result = run_cli("techempower", "-o", str(target))
    assert result.exit_code == 1
    assert str(tmp_path / "empty" / "techempower-57d92fb.tar.gz") in result.output
    assert "STACKATLAS_SOURCES" in result.output and "nothing written" in result.output
    assert not target.exists()


# (h) endoflife.date: a product file or crosswalk row the importer cannot read

PRODUCT = """---
title: Django
releases:
  - releaseCycle: "4.2"
    releaseDate: 2023-04-03
    eol: 2026-04-30
    latest: "4.2.24"
    latestReleaseDate: 2025-09-03
---
"""


def endoflife(tmp_path: Path, tables: Path, product: str = PRODUCT, crosswalk: str = "django,django,\n") -> Path:
    write_table(tables, "endoflife.csv", "product,slug,note\n" + crosswalk)
    return write_tree(tmp_path / "endoflife", {"products/django.md": product})


def test_endoflife_product_not_yaml_names_file_and_line(tmp_path: Path, tables: Path) -> None:
    snapshot = endoflife(tmp_path, tables, PRODUCT.replace("eol: 2026-04-30", "eol: 2026-04-30: later"))
    error = failure("endoflife", snapshot, tables)
    assert (error.where, error.line) == ("products/django.md", 6)
    assert "not YAML" in error.reason


def test_endoflife_cli_stops_on_the_pinned_snapshot_broken_and_writes_nothing(
    endoflife_tree: Path, tmp_path: Path
) -> None:
    product = endoflife_tree / "products/django.md"
    lines = product.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines, start=1) if line.startswith("    eol:"))
    lines[number - 1] += ": later"
    product.write_text("\n".join(lines), encoding="utf-8")
    target = tmp_path / "out.trig"
    result = run_cli("endoflife", str(endoflife_tree), "-o", str(target))
    assert result.exit_code == 1
    assert f"products/django.md:{number}: not YAML" in result.output and "nothing written" in result.output
    assert not target.exists() and not list(tmp_path.glob("*.partial"))


def test_endoflife_eol_of_an_unknown_kind_names_file_line_and_value(tmp_path: Path, tables: Path) -> None:
    snapshot = endoflife(tmp_path, tables, PRODUCT.replace("eol: 2026-04-30", "eol: soon"))
    error = failure("endoflife", snapshot, tables)
    assert (error.where, error.line) == ("products/django.md", 6)
    assert "eol 'soon'" in error.reason and "true nor false" in error.reason


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("no-such-product,django,", "'no-such-product': no products/no-such-product.md"),
        ("django,no-such-framework,", "'no-such-framework' is not a resource of the graph"),
    ],
)
def test_endoflife_crosswalk_row_naming_nothing(tmp_path: Path, tables: Path, row: str, reason: str) -> None:
    snapshot = endoflife(tmp_path, tables, crosswalk=f"{row}\n")
    error = failure("endoflife", snapshot, tables)
    assert (error.where, error.line) == (str(tables / "endoflife.csv"), 2)
    assert reason in error.reason


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ('django#3.2,,"a cycle the file lacks"', "release cycle '3.2' is not in products/django.md"),
        ("django#4.2,django,", "'django#4.2': a release cycle row leaves the cycle of a mapped product out"),
    ],
)
def test_endoflife_cycle_row_naming_nothing_or_giving_a_slug(
    tmp_path: Path, tables: Path, row: str, reason: str
) -> None:
    snapshot = endoflife(tmp_path, tables, crosswalk=f"django,django,\n{row}\n")
    error = failure("endoflife", snapshot, tables)
    assert (error.where, error.line) == (str(tables / "endoflife.csv"), 3)
    assert reason in error.reason


# (i) the survey table: a framework the crosswalk lacks, a crosswalk row naming nothing

SURVEY_FOLDER = "metrics/stackoverflow_developer_survey"
SURVEY_TABLE = (
    "Year,Framework,Current_Popularity,Current_Popularity_Percent,Desired_Popularity,Desired_Popularity_Percent,"
    "Loved,Loved_Percent,Wanted,Wanted_Percent,Dreaded,Dreaded_Percent\n"
    "2025,Django,2977,0.1296,2302,0.1002,1381,0.4638,921,0.04,1596,0.53\n"
    "2025,Brand New,10,0.0004,5,0.0002,3,0.3,2,0.0001,7,0.7\n"
)


def survey(tmp_path: Path, tables: Path, crosswalk: str) -> Path:
    write_table(tables, "survey.csv", "framework,slug,note\n" + crosswalk)
    return write_tree(
        tmp_path / "survey",
        {f"{SURVEY_FOLDER}/so-results.csv": SURVEY_TABLE, f"{SURVEY_FOLDER}/README.md": "| 2025 | 22970 |\n"},
    )


def test_survey_row_with_a_framework_the_crosswalk_lacks_names_table_and_line(tmp_path: Path, tables: Path) -> None:
    error = failure("survey", survey(tmp_path, tables, "Django,django,\n"), tables)
    assert (error.where, error.line) == (f"{SURVEY_FOLDER}/so-results.csv", 3)
    assert "'Brand New' is not in the crosswalk" in error.reason


@pytest.mark.parametrize(
    ("rows", "line", "reason"),
    [
        ("Django,django,\nBrand New,,new\nNo Such,flask,\n", 4, "'No Such' is not a framework of"),
        ("Django,no-such-framework,\nBrand New,,new\n", 2, "'no-such-framework' is not a resource of the graph"),
        ("Django,django,\nBrand New,,\n", 3, "'Brand New' maps to nothing: say why in its note"),
    ],
)
def test_survey_crosswalk_row_naming_nothing(tmp_path: Path, tables: Path, rows: str, line: int, reason: str) -> None:
    error = failure("survey", survey(tmp_path, tables, rows), tables)
    assert (error.where, error.line) == (str(tables / "survey.csv"), line)
    assert reason in error.reason


def test_survey_cli_stops_and_writes_nothing(tmp_path: Path) -> None:
    tree = write_tree(
        tmp_path / "survey",
        {f"{SURVEY_FOLDER}/so-results.csv": SURVEY_TABLE, f"{SURVEY_FOLDER}/README.md": "| 2025 | 22970 |\n"},
    )
    target = tmp_path / "out.trig"
    result = run_cli("survey", str(tree), "-o", str(target))
    # The bundled crosswalk names frameworks this small table lacks: the first of them stops the import.
    assert result.exit_code == 1 and "nothing written" in result.output
    assert "survey.csv:2: 'ASP.NET' is not a framework of" in result.output
    assert not target.exists()


# (j) a crosswalk row of a reviewed kind that does not say why


@pytest.mark.parametrize("kind", ["served-by", "binding", "framework"])
def test_a_reviewed_kind_without_a_note_names_table_and_line(tmp_path: Path, tables: Path, kind: str) -> None:
    table = write_table(
        tables, "benchmarker.csv", f"identifier,iri,kind,note\nphp/laravel,laravel,,\nphp/x,laravel,{kind},\n"
    )
    error = failure("benchmarker", tmp_path, tables)
    assert (error.where, error.line) == (str(table), 3)
    assert f"a row of kind {kind!r} says why in its note" in error.reason
