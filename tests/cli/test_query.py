"""service/cli/query.py: `stackatlas query` (formats, standard input, errors), ask, path and unknown names."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
import rdflib
from click.testing import CliRunner

from service import vocab
from service.cli import main
from service.knowledge.examples import example

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
