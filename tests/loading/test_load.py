"""Loading: formats, clear errors naming file and line, graphs for provenance, versioning."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from service import vocab
from service.knowledge.derived import load_known_dataset
from service.loading.infer import materialise
from service.loading.load import DataError, bundled_data, data_files, load_file, ontology_file
from service.loading.merge import inferred_predicates
from service.query.store import EmbeddedStore

FRAMEWORK_TTL = """@prefix sa: <https://w3id.org/stackatlas/ontology#> .
@prefix id: <https://w3id.org/stackatlas/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
id:tiny a sa:Framework ; rdfs:label "Tiny"@en ; sa:language id:lang .
id:lang a sa:ProgrammingLanguage ; skos:prefLabel "Lang"@en ; skos:inScheme id:langs .
id:langs a skos:ConceptScheme .
"""


@pytest.mark.parametrize(
    ("name", "content", "line"),
    (
        ("broken.ttl", "@prefix a: <http://a/> .\na:b a:c a:d .\na:x a:y .\n", 3),
        ("broken.nt", "<http://a> <http://b> <http://c> .\n<http://a> <http://b> .\n", 2),
        ("broken.trig", "<http://g> {\n  <http://a> <http://b> <http://c> .\n  <http://a> .\n}\n", 3),
        ("broken.jsonld", '{\n  "@id": "http://a",\n  "http://b": [\n', 4),
    ),
)
def test_broken_file_names_file_and_line(tmp_path: Path, name: str, content: str, line: int) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(DataError) as caught:
        load_known_dataset(path)
    assert caught.value.path == path
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}")


def test_broken_rdfxml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.rdf"
    path.write_text('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<x>\n')
    with pytest.raises(DataError, match=r"broken\.rdf"):
        load_known_dataset(path)


@pytest.mark.parametrize(
    ("name", "reason"),
    (("missing.ttl", "no such file"), ("notes.txt", "unknown RDF format")),
)
def test_unusable_path_is_refused(tmp_path: Path, name: str, reason: str) -> None:
    path = tmp_path / name
    if name.endswith(".txt"):
        path.write_text("hello")
    with pytest.raises(DataError, match=reason):
        load_known_dataset(path)


def test_empty_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no RDF files"):
        load_known_dataset(tmp_path)


def test_folder_loads_every_rdf_file_and_triples_go_to_a_graph_per_file(tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_text(FRAMEWORK_TTL)
    (tmp_path / "b.nt").write_text(
        '<https://w3id.org/stackatlas/id/tiny> <http://www.w3.org/2000/01/rdf-schema#comment> "x" .\n'
    )
    store = EmbeddedStore(load_known_dataset(tmp_path))
    rows = store.query(
        "SELECT ?g WHERE { GRAPH ?g { <https://w3id.org/stackatlas/id/tiny> ?p ?o } } GROUP BY ?g"
    ).records()
    assert sorted(row["g"] for row in rows) == [
        vocab.FILE_GRAPH_BASE + "a.ttl",
        vocab.FILE_GRAPH_BASE + "b.nt",
    ]


def test_default_graph_of_a_trig_file_is_attributed_to_the_file(tmp_path: Path) -> None:
    (tmp_path / "mixed.trig").write_text(
        "<http://s> <http://p> <http://o> .\n<http://g> { <http://s> <http://p> <http://o2> . }\n"
    )
    store = EmbeddedStore(load_known_dataset(tmp_path, check=False))
    rows = store.query("SELECT ?g ?o WHERE { GRAPH ?g { <http://s> <http://p> ?o } } ORDER BY ?o")
    assert rows.records() == [
        {"g": vocab.FILE_GRAPH_BASE + "mixed.trig", "o": "http://o"},
        {"g": "http://g", "o": "http://o2"},
    ]


def test_data_replaces_the_bundled_graph(tmp_path: Path) -> None:
    (tmp_path / "tiny.ttl").write_text(FRAMEWORK_TTL)
    store = EmbeddedStore(load_known_dataset(tmp_path))
    rows = store.query("SELECT ?f WHERE { ?f a <https://w3id.org/stackatlas/ontology#Framework> }").records()
    assert rows == [{"f": "https://w3id.org/stackatlas/id/tiny"}]


def test_version_follows_content(tmp_path: Path) -> None:
    path = tmp_path / "tiny.ttl"
    path.write_text(FRAMEWORK_TTL)
    first = load_known_dataset(path).version
    assert load_known_dataset(path).version == first
    path.write_text(FRAMEWORK_TTL + '<https://w3id.org/stackatlas/id/tiny> <http://x/p> "2" .\n')
    assert load_known_dataset(path).version != first


def test_inference_writes_no_predicate_the_check_beside_it_does_not_expect() -> None:
    # The check that runs beside inference reads only the predicates inference never writes (load_dataset): a new
    # rule in infer.py writing another predicate must be named in inferred_predicates, or a repeat could be missed.
    store = ox.Store()
    load_file(store, ontology_file(), graph=vocab.ONTOLOGY_GRAPH)
    for path in data_files(bundled_data()):
        load_file(store, path, graph=vocab.FILE_GRAPH_BASE + path.name)
    before = set(store)
    materialise(store)
    written = {quad.predicate.value for quad in set(store) - before}
    assert written  # the bundled data has something to infer
    assert written <= inferred_predicates(store)
