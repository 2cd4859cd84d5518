"""Paths between two resources: shortest first, through the most telling statements, each step with its direction."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from service import vocab
from service.knowledge.paths import MAX_PATHS, PathFinder

TINY = """@prefix sa: <https://w3id.org/stackatlas/ontology#> .
@prefix id: <https://w3id.org/stackatlas/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
sa:language rdfs:label "language" .
id:flask rdfs:label "Flask" ; sa:language id:python ; sa:recommendedFor id:beginners ; sa:similarTo id:django .
id:django rdfs:label "Django" ; sa:language id:python ; sa:recommendedFor id:beginners .
id:python rdfs:label "Python" .
id:beginners rdfs:label "Beginners" .
id:gin rdfs:label "Gin" ; sa:language id:go .
id:go rdfs:label "Go" .
"""


@pytest.fixture(scope="module")
def finder() -> PathFinder:
    store = ox.Store()
    store.load(TINY.encode(), format=ox.RdfFormat.TURTLE)
    return PathFinder(store)


def iri(slug: str) -> str:
    return vocab.iri_for(slug)


def test_equally_short_paths_go_through_the_most_telling_statement_first(finder: PathFinder) -> None:
    paths = finder.paths(iri("flask"), iri("django"), k=3)
    # sa:similarTo is no path statement: both paths have two steps, and the language comes before the audience.
    assert [[step["id"] for step in path[::2]] for path in paths] == [
        ["flask", "python", "django"],
        ["flask", "beginners", "django"],
    ]
    first = paths[0]
    assert first[0] == {"id": "flask", "label": "Flask", "iri": iri("flask")}
    assert first[1] == {"predicate": "sa:language", "label": "language", "direction": "forward"}
    # The second step is Django's statement about Python, read backwards from Python.
    assert first[3] == {"predicate": "sa:language", "label": "language", "direction": "backward"}


def test_a_predicate_without_a_label_reads_as_its_prefixed_name(finder: PathFinder) -> None:
    path = finder.paths(iri("flask"), iri("django"), k=3)[1]
    assert path[1] == {"predicate": "sa:recommendedFor", "label": "sa:recommendedFor", "direction": "forward"}


def test_k_limits_the_paths(finder: PathFinder) -> None:
    assert len(finder.paths(iri("flask"), iri("django"), k=1)) == 1
    assert len(finder.paths(iri("flask"), iri("django"), k=MAX_PATHS + 5)) == 2


@pytest.mark.parametrize(
    ("source", "target"),
    [("flask", "gin"), ("flask", "flask"), ("flask", "nowhere"), ("nowhere", "flask")],
    ids=["unconnected", "itself", "unknown-target", "unknown-source"],
)
def test_no_path_is_an_empty_list(finder: PathFinder, source: str, target: str) -> None:
    assert finder.paths(iri(source), iri(target)) == []


def test_a_resource_is_in_the_network_only_through_path_statements(finder: PathFinder) -> None:
    assert iri("gin") in finder
    assert iri("nowhere") not in finder
