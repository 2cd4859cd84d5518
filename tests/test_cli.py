"""The `stackatlas` command: query output and formats, validate, export, stats, clean errors."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from click.testing import CliRunner

from service import vocab
from service.cli import main
from service.knowledge.examples import example
from service.loading.load import bundled_data

# The editor's first two examples: Python frameworks suited to APIs, in the whole graph and only in the article
# (each claim's graph is one of its sections).
PYTHON_APIS = example("Python frameworks suited to APIs").query
PYTHON_APIS_IN_THE_ARTICLE = example("Python frameworks suited to APIs, only from what the article says").query
# The whole graph adds the Python API frameworks of the project's curation (ORDER BY ?label
# compares code points: aiohttp, lower case, comes last).
# The article's two, the curation's five and what the frameworks' own documentation says they are for.
PYTHON_API_FRAMEWORKS = [
    *("Connexion", "Eve", "Falcon", "FastAPI", "Flask", "Litestar", "Panther"),
    *("Quart", "Sanic", "Starlette", "aiohttp", "hug"),
]

FLASK_GRAPH = "CONSTRUCT WHERE { <https://w3id.org/stackatlas/id/flask> ?p ?o }"
SRX = "{http://www.w3.org/2005/sparql-results#}"


def test_query_python_frameworks_suited_to_apis_prints_exactly_flask_and_fastapi(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", PYTHON_APIS_IN_THE_ARTICLE])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["framework", "label"]
    assert [line.split() for line in lines[2:-1]] == [["id:fastapi", "FastAPI"], ["id:flask", "Flask"]]
    assert lines[-1] == "(2 rows)"


def test_query_on_the_whole_graph_adds_the_curated_python_api_frameworks(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", PYTHON_APIS, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert [row["label"] for row in csv.DictReader(io.StringIO(result.output))] == PYTHON_API_FRAMEWORKS


def test_query_reads_standard_input(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "-", "--format", "csv"], input=PYTHON_APIS)
    assert result.exit_code == 0
    assert [row["label"] for row in csv.DictReader(io.StringIO(result.output))] == PYTHON_API_FRAMEWORKS


def _labels_from(output_format: str, text: str) -> list[str]:
    if output_format == "json":
        return [b["label"]["value"] for b in json.loads(text)["results"]["bindings"]]
    if output_format == "csv":
        return [row["label"] for row in csv.DictReader(io.StringIO(text))]
    if output_format == "tsv":
        rows = [line.split("\t") for line in text.strip().splitlines()]
        assert rows[0] == ["?framework", "?label"]
        return [rdflib.util.from_n3(row[1]).toPython() for row in rows[1:]]
    root = ET.fromstring(text)
    return [el.text or "" for el in root.iter(SRX + "literal")]


@pytest.mark.parametrize("output_format", ("json", "csv", "tsv", "xml"))
def test_select_formats_parse_back(runner: CliRunner, output_format: str) -> None:
    result = runner.invoke(main, ["query", PYTHON_APIS, "--format", output_format])
    assert result.exit_code == 0, result.output
    assert _labels_from(output_format, result.output) == PYTHON_API_FRAMEWORKS


@pytest.mark.parametrize(
    ("output_format", "rdflib_format"),
    (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("xml", "xml")),
)
def test_construct_formats_parse_back(runner: CliRunner, output_format: str, rdflib_format: str) -> None:
    result = runner.invoke(main, ["query", FLASK_GRAPH, "--format", output_format])
    assert result.exit_code == 0, result.output
    graph = rdflib.Graph().parse(data=result.output, format=rdflib_format)
    flask = rdflib.URIRef(vocab.iri_for("flask"))
    assert (flask, rdflib.URIRef(vocab.ONTOLOGY + "language"), rdflib.URIRef(vocab.iri_for("python"))) in graph


def test_ask_prints_yes_or_no(runner: CliRunner) -> None:
    asked = "ASK { <https://w3id.org/stackatlas/id/flask> ?p ?o }"
    assert runner.invoke(main, ["query", asked]).output.strip() == "yes"


def test_malformed_query_gives_position_and_no_traceback(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "SELECT * WHERE { ?s ?p }"])
    assert result.exit_code == 1
    assert "malformed query at line 1, column 25" in result.output
    assert "Traceback" not in result.output


def test_update_is_not_a_query(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "INSERT DATA { <a:b> <a:c> <a:d> }"])
    assert result.exit_code == 1
    assert "malformed query" in result.output


def test_validate_bundled_graph(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"OK: {len(list(bundled_data().glob('*.trig')))} file(s) conform")
    # It says what it does while loading, and validates in full whatever was remembered before.
    assert "parsed" in result.stderr and "validated against the SHACL shapes" in result.stderr


def test_validate_reports_violations_and_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "bad.ttl").write_text(
        "@prefix sa: <https://w3id.org/stackatlas/ontology#> .\n<https://w3id.org/stackatlas/id/x> a sa:Framework .\n"
    )
    result = runner.invoke(main, ["validate", "--data", str(tmp_path)])
    assert result.exit_code == 1
    assert "id:x: sa:language: A framework needs at least one programming language" in result.output


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


@pytest.mark.parametrize(
    ("output_format", "rdflib_format"),
    (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("trig", "trig"), ("nq", "nquads")),
)
def test_export_round_trips(runner: CliRunner, store, output_format: str, rdflib_format: str) -> None:
    result = runner.invoke(main, ["export", "--format", output_format])
    assert result.exit_code == 0
    if rdflib_format in {"trig", "nquads"}:
        exported = rdflib.Dataset()
        exported.parse(data=result.output, format=rdflib_format)
        assert sum(1 for _ in exported.quads((None, None, None, None))) == store.triple_count()
        section = exported.graph(rdflib.URIRef(vocab.ARTICLE + "/phoenix"))
        assert (
            rdflib.URIRef(vocab.iri_for("phoenix")),
            rdflib.URIRef(vocab.ONTOLOGY + "language"),
            rdflib.URIRef(vocab.iri_for("elixir")),
        ) in section
    else:
        exported_graph = rdflib.Graph().parse(data=result.output, format=rdflib_format)
        distinct = store.query(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
        ).records()[0]["n"]
        assert len(exported_graph) == int(distinct)


def test_export_graphml_opens_in_networkx(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "graph.graphml"
    assert runner.invoke(main, ["export", "--format", "graphml", "-o", str(target)]).exit_code == 0
    network = nx.read_graphml(target)
    assert network.nodes[vocab.iri_for("flask")]["label"] == "Flask"
    edges = network.get_edge_data(vocab.iri_for("express"), vocab.iri_for("nodejs"))
    # Express runs on Node.js; it is not built on it as on a framework.
    assert "sa:runsOn" in {data["predicate"] for data in edges.values()}
    assert "sa:builtOn" not in {data["predicate"] for data in edges.values()}


def test_stats(runner: CliRunner) -> None:
    result = runner.invoke(main, ["stats"])
    assert result.exit_code == 0
    counts = dict(line.rsplit(None, 1) for line in result.output.splitlines()[2:])
    assert int(counts["frameworks"]) >= 40  # the article's ten, NestJS, and the curated extension
    assert int(counts["languages"]) >= 12
    assert int(counts["use cases"]) >= 20
    assert int(counts["triples (distinct)"]) > 1000


def test_ask_prints_answers_with_evidence(runner: CliRunner) -> None:
    result = runner.invoke(main, ["ask", "Python frameworks suited to APIs according to the article", "--sparql"])
    assert result.exit_code == 0, result.output
    assert "Read as: frameworks for apps in Python and suited to APIs" in result.output
    assert "according to Top 10 backend frameworks for 2025 (article)" in result.output
    answers = [line for line in result.output.splitlines() if line and not line.startswith((" ", "Read", "Ignored"))]
    assert answers[-2:] == ["FastAPI", "Flask"]
    assert "  - FastAPI is suited to Building APIs  [Article, section 9: FastAPI]" in result.output
    assert "SELECT ?framework ?label" in result.output


def test_ask_without_anything_recognisable_fails_with_help(runner: CliRunner) -> None:
    result = runner.invoke(main, ["ask", "hello wrld"])
    assert result.exit_code == 1
    assert "Nothing in the question names" in result.output
    assert "Try: " in result.output


def test_path_command(runner: CliRunner) -> None:
    result = runner.invoke(main, ["path", "flask", "django", "-k", "1"])
    assert result.exit_code == 0
    assert result.output.strip() == "Flask -language-> Python <-language- Django"
    assert runner.invoke(main, ["path", "flask", "nowhere"]).exit_code == 1


@pytest.mark.parametrize(
    ("arguments", "expected"),
    (
        (["similar", "flsk"], "no framework 'flsk' in the graph. Did you mean flask"),
        (["path", "flask", "djngo"], "no resource 'djngo' in the graph. Did you mean django"),
        (["conflicts", "--framework", "gn"], "no framework 'gn' in the graph. Did you mean gin"),
    ),
)
def test_an_unknown_name_suggests_the_nearest_as_http_does(runner: CliRunner, arguments, expected: str) -> None:
    result = runner.invoke(main, arguments)
    assert result.exit_code == 1
    assert expected in result.stderr


def test_help_summaries_are_whole_sentences(runner: CliRunner) -> None:
    listed = runner.invoke(main, ["--help"]).stdout.split("Commands:\n", 1)[1].splitlines()
    summaries = [line.split(None, 1)[1] for line in listed if line.strip()]
    assert len(summaries) >= 11
    assert all(summary.endswith(".") and not summary.endswith(("...", "e.g.")) for summary in summaries)
