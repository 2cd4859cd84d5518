"""SHACL: the bundled graph conforms; broken records fail with readable messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.graph.load import InvalidDataError, bundled_data, load_dataset, shapes_file
from service.graph.validate import validate

BROKEN = """@prefix sa: <https://w3id.org/stackatlas/ontology#> .
@prefix id: <https://w3id.org/stackatlas/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dct: <http://purl.org/dc/terms/> .
id:source\\/top-backend-frameworks-2025\\/flask {
  id:broken a sa:Framework ; sa:hasPro id:broken\\/pro ; sa:suitedFor id:flask .
  id:broken\\/pro a sa:Pro ; dct:description "Has no aspect and no source."@en .
}
"""


def test_bundled_graph_conforms(dataset) -> None:
    report = validate(dataset.store, shapes_file())
    assert report.conforms, report.describe()
    assert report.violations == ()


def test_broken_record_fails_with_each_problem_named(tmp_path: Path) -> None:
    for source in bundled_data().iterdir():
        (tmp_path / source.name).write_bytes(source.read_bytes())
    (tmp_path / "broken.trig").write_text(BROKEN)
    with pytest.raises(InvalidDataError) as caught:
        load_dataset(tmp_path)
    problems = {
        (v.focus.rsplit("/id/", 1)[1], v.path.rsplit("#", 1)[-1] if v.path else None)
        for v in caught.value.report.violations
    }
    assert problems == {
        ("broken", "label"),
        ("broken", "language"),
        ("broken", "suitedFor"),
        ("broken/pro", "aspect"),
        ("broken/pro", "http://purl.org/dc/terms/source"),
    }
    text = caught.value.report.describe()
    assert "id:broken: sa:language: A framework needs at least one programming language" in text
    assert "id:broken/pro: sa:aspect:" in text


def test_unchecked_load_accepts_invalid_data(tmp_path: Path) -> None:
    (tmp_path / "broken.trig").write_text(BROKEN)
    dataset = load_dataset(tmp_path, check=False)
    assert not validate(dataset.store, shapes_file()).conforms
