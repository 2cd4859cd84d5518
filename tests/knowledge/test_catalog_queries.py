"""What the catalog asks the graph: each SPARQL text run on a few hand-written quads, its facets and relations."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from service import vocab
from service.knowledge import catalog_queries as queries
from service.query.engine import select

PREFIXES = vocab.sparql_prefixes()
TINY = """@prefix sa: <https://w3id.org/stackatlas/ontology#> .
@prefix id: <https://w3id.org/stackatlas/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
id:meta {
  id:python a sa:ProgrammingLanguage ; rdfs:label "Python" ; skos:altLabel "py" , "CPython" .
  id:ruby a sa:ProgrammingLanguage ; rdfs:label "Ruby" .
  <http://spdx.org/licenses/MIT> a dct:LicenseDocument ; rdfs:label "MIT License" ; dct:identifier "MIT" .
  id:apis a sa:UseCase ; skos:broader id:web . id:web a sa:UseCase .
  id:flask rdfs:label "Flask" ; rdfs:comment "A microframework." .
  id:quart rdfs:label "Quart" .
  id:setup sa:setupOf id:flask ; rdfs:label "flask-raw" ; dct:identifier "flask-raw" ; dct:source id:te ;
    sa:database id:postgres ; sa:testedVersion "3.0" .
  id:postgres rdfs:label "PostgreSQL" .
}
id:article {
  id:flask a sa:Framework ; sa:language id:python ; sa:builtOn id:werkzeug ; dct:license id:bsd .
  id:quart a sa:Framework ; sa:language id:python ; sa:builtOn id:flask .
  id:django a sa:Framework ; sa:language id:python .
  id:rails a sa:Framework ; sa:language id:ruby .
}
"""
FLASK = vocab.iri_for("flask")


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    store.load(TINY.encode(), format=ox.RdfFormat.TRIG)
    return store


def rows(store: ox.Store, sparql: str, this: str | None = None) -> list[tuple[str | None, ...]]:
    """Run a query of the catalog (?this bound when given) and return its rows, compacted, as tuples."""
    solutions = select(store, PREFIXES + sparql, {"this": this} if this else None)
    names = [variable.value for variable in solutions.variables]
    return [tuple(shown(row[name]) for name in names) for row in solutions]


def shown(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str | None:
    """An IRI in its prefixed name, a literal as its text."""
    if isinstance(term, ox.NamedNode):
        return vocab.compact(term.value)
    return None if term is None else term.value


@pytest.mark.parametrize(
    "name", sorted(name for name in dir(queries) if name.endswith("_QUERY") or name == "COUNT_QUERIES")
)
def test_every_query_is_sparql_the_engine_reads(name: str) -> None:
    texts = getattr(queries, name)
    for text in texts.values() if isinstance(texts, dict) else [texts]:
        assert isinstance(ox.Store().query(PREFIXES + text.replace("?class", "<urn:x>")), ox.QuerySolutions)


def test_the_facets_name_the_vocabularies_classes_and_the_relations_the_records_keys() -> None:
    assert queries.FACETS["language"] == vocab.PROGRAMMING_LANGUAGE
    assert queries.FACETS["use_case"] == vocab.USE_CASE
    assert queries.RELATIONS["use_cases"] == vocab.ONTOLOGY + "suitedFor"
    assert len(set(queries.RELATIONS.values())) == len(queries.RELATIONS)  # one key per property


def test_a_facets_terms_come_with_their_label_and_other_names(store: ox.Store) -> None:
    found = rows(store, queries.TERMS_QUERY.replace("?class", f"<{vocab.PROGRAMMING_LANGUAGE}>"))
    assert found == [
        ("id:python", "CPython", "alt"),
        ("id:python", "py", "alt"),
        ("id:python", "Python", "label"),
        ("id:ruby", "Ruby", "label"),
    ]


def test_a_licence_is_also_called_by_its_spdx_identifier(store: ox.Store) -> None:
    assert rows(store, queries.LICENCE_TERMS_QUERY) == [
        ("<http://spdx.org/licenses/MIT>", "MIT", "alt"),
        ("<http://spdx.org/licenses/MIT>", "MIT License", "label"),
    ]


def test_a_records_relations_come_with_the_graph_that_states_them(store: ox.Store) -> None:
    assert rows(store, queries.RELATIONS_QUERY, FLASK) == [
        ("id:flask", "dct:license", "id:bsd", None, "id:article"),
        ("id:flask", "sa:builtOn", "id:werkzeug", None, "id:article"),
        ("id:flask", "sa:language", "id:python", "Python", "id:article"),
    ]


def test_a_heading_and_what_is_built_on_it(store: ox.Store) -> None:
    assert rows(store, queries.HEADING_QUERY, FLASK) == [("id:flask", "Flask", "A microframework.", "sa:Framework")]
    assert rows(store, queries.USED_BY_QUERY, FLASK) == [("id:flask", "id:quart", "Quart")]


def test_a_set_up_comes_with_each_field_it_names(store: ox.Store) -> None:
    assert rows(store, queries.SETUPS_QUERY, FLASK) == [
        (
            "id:flask",
            "id:setup",
            "flask-raw",
            "flask-raw",
            None,
            "id:te",
            "sa:database",
            "id:postgres",
            "PostgreSQL",
            "3.0",
        )
    ]
    assert queries.SETUP_FIELDS[vocab.ONTOLOGY + "database"] == "database"


def test_use_cases_with_their_broader_and_frameworks_counted_once_per_term(store: ox.Store) -> None:
    assert sorted(rows(store, queries.BROADER_QUERY), key=str) == [("id:apis", "id:web"), ("id:web", None)]
    counted = sorted(rows(store, queries.COUNT_QUERIES["language"]))
    assert counted == [("id:python", "3"), ("id:ruby", "1")]
