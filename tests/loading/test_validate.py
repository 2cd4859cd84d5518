"""SHACL: the bundled graph conforms; broken records fail with readable messages."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from service.knowledge.derived import load_known_dataset
from service.loading import verdicts
from service.loading.load import InvalidDataError, bundled_data, data_files, shapes_file
from service.loading.validate import validate

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
    for source in data_files(bundled_data()):
        (tmp_path / source.name).write_bytes(source.read_bytes())
    (tmp_path / "broken.trig").write_text(BROKEN)
    with pytest.raises(InvalidDataError) as caught:
        load_known_dataset(tmp_path)
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
    dataset = load_known_dataset(tmp_path, check=False)
    assert not validate(dataset.store, shapes_file()).conforms


VALID = """@prefix sa: <https://w3id.org/stackatlas/ontology#> .
@prefix id: <https://w3id.org/stackatlas/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
id:source\\/stackatlas-curation\\/facts {
  id:tiny a sa:Framework ; rdfs:label "Tiny"@en ; sa:language id:python .
}
"""


@pytest.fixture
def verdict_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own (platformdirs reads XDG_CACHE_HOME on Linux)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "stackatlas" / "verdicts"


def _tiny_dataset(folder: Path) -> Path:
    """A folder with the bundled vocabulary and one small framework: valid, and quick to validate."""
    folder.mkdir()
    for name in ("vocabulary.trig", "sources.trig"):
        (folder / name).write_bytes((bundled_data() / name).read_bytes())
    (folder / "data.trig").write_text(VALID)
    return folder


def _messages(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(record.getMessage() for record in caplog.records)


def test_a_pass_is_remembered_and_the_next_load_skips_validation(
    tmp_path: Path, verdict_cache: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data = _tiny_dataset(tmp_path / "data")
    caplog.set_level("INFO", logger="service")
    load_known_dataset(data)
    assert "validated against the SHACL shapes" in _messages(caplog)
    assert len(list(verdict_cache.iterdir())) == 1
    caplog.clear()
    load_known_dataset(data)
    assert "SHACL validation skipped: this data" in _messages(caplog)
    assert "validated against" not in _messages(caplog)


def test_changed_data_is_validated_again_and_a_failure_is_never_remembered(
    tmp_path: Path, verdict_cache: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data = _tiny_dataset(tmp_path / "data")
    load_known_dataset(data)
    # The same file with a framework that has no language: a different version, so checked again.
    (data / "data.trig").write_text(VALID.replace("; sa:language id:python .", "."))
    for _attempt in range(2):
        with pytest.raises(InvalidDataError, match="programming language"):
            load_known_dataset(data)
    assert len(list(verdict_cache.iterdir())) == 1  # only the first, valid version


def test_an_unwritable_cache_costs_a_warning_not_the_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    dataset = load_known_dataset(_tiny_dataset(tmp_path / "data"))
    assert dataset.store
    assert "could not remember the validation verdict" in _messages(caplog)


def test_the_shipped_verdict_is_the_bundled_graphs(dataset) -> None:
    # test_bundled_graph_conforms validates the same data in full, so a verdict that lands is one CI checked.
    shipped = verdicts.shipped_key(bundled_data() / verdicts.SHIPPED_NAME)
    assert shipped == verdicts.verdict_key(dataset.version, shapes_file()), (
        "graph_data/verdict.txt is not the bundled graph's: run `stackatlas validate --ship` and commit it"
    )


def test_a_fresh_machine_starts_the_bundled_graph_on_its_shipped_verdict(
    verdict_cache: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="service")
    load_known_dataset()
    assert f"conformed to these shapes before ({bundled_data() / verdicts.SHIPPED_NAME})" in _messages(caplog)
    assert not verdict_cache.exists()  # nothing validated, so nothing new remembered


def test_a_shipped_verdict_for_other_data_is_not_trusted(tmp_path: Path, verdict_cache: Path) -> None:
    shipped = tmp_path / "verdict.txt"
    verdicts.ship("0" * 32, shipped)
    assert verdicts.remembered("0" * 32, shipped=shipped) == shipped
    assert verdicts.remembered("1" * 32, shipped=shipped) is None
    assert verdicts.remembered("1" * 32, shipped=tmp_path / "absent.txt") is None


FIGURES = """@prefix sa: <https://w3id.org/stackatlas/ontology#> .
@prefix id: <https://w3id.org/stackatlas/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
id:g {
  id:cycle\\/x\\/1 a sa:ReleaseCycle ; sa:cycleOf id:flask ; rdfs:label "X 1" ; sa:cycleName "1" ;
      sa:securitySupportUntil "2026-01-01"^^xsd:date ; sa:securitySupportEnded true .
  id:cycle\\/x\\/2 a sa:ReleaseCycle ; rdfs:label "X 2" ; sa:cycleName "2" ; sa:releaseDate "soon" .
  id:survey\\/neither a sa:SurveyObservation ; sa:framework id:flask ; sa:surveyYear 2025 ;
      sa:surveyMeasure id:survey-measure\\/worked-with ; sa:respondents 10 ; sa:surveyAnswer "Flask" .
  id:survey\\/too-much a sa:SurveyObservation ; sa:framework id:flask ; sa:surveyYear 2025 ;
      sa:surveyMeasure id:survey-measure\\/admired ; sa:respondents 10 ; sa:surveyAnswer "Flask" ;
      sa:share 1.5 ; sa:count 15 .
}
"""


def test_a_release_cycle_and_a_survey_figure_that_break_the_model_are_named() -> None:
    store = ox.Store()
    store.load(path=str(bundled_data() / "vocabulary.trig"), format=ox.RdfFormat.TRIG)
    store.load(FIGURES, format=ox.RdfFormat.TRIG)
    report = validate(store, shapes_file())
    problems = {
        (v.focus.rsplit("/id/", 1)[1], v.path.rsplit("#", 1)[-1] if v.path else None) for v in report.violations
    }
    assert problems == {
        ("cycle/x/1", None),  # a date and an ended flag for the same support
        ("cycle/x/2", "cycleOf"),
        ("cycle/x/2", "releaseDate"),
        ("survey/neither", None),  # neither a share nor "not offered"
        ("survey/too-much", "share"),
    }
    assert "as a date or as an ended flag, not both" in report.describe()
