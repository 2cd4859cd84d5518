"""service/cli/data.py: `stackatlas validate`, export and stats."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
import rdflib
from click.testing import CliRunner

from service import vocab
from service.cli import main
from service.loading.load import bundled_data


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
