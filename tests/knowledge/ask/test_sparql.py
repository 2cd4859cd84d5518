"""ask's compiling of constraints to SPARQL, read as text and run on a store of a few quads."""

from __future__ import annotations

import pyoxigraph as ox

from service import vocab
from service.knowledge.ask.constraint import Constraint
from service.knowledge.ask.sparql import compile_sparql, sparql_term
from service.knowledge.catalog import Term

ID, SA = vocab.BASE, vocab.ONTOLOGY
PYTHON = Term("language", ID + "python", "Python", ())
APIS = Term("use_case", ID + "apis", "APIs", ())
MVPS = Term("use_case", ID + "mvps", "MVPs", ())
FLASK = Term("framework", ID + "flask", "Flask", ())
ARTICLE = Term("source", ID + "source/article", "the article", ())


def frameworks(store: ox.Store, constraints: list[Constraint]) -> list[str]:
    solutions = store.query(compile_sparql(constraints))
    assert isinstance(solutions, ox.QuerySolutions)
    return list(dict.fromkeys(row["label"].value for row in solutions))


def tiny_store() -> ox.Store:
    """Flask and Django, both in Python (two sections), Flask suited to APIs, Django to MVPs."""
    store, section = ox.Store(), ox.NamedNode(ID + "section/one")
    for slug, label, use in (("flask", "Flask", "apis"), ("django", "Django", "mvps")):
        node = ox.NamedNode(ID + slug)
        store.add(ox.Quad(node, ox.NamedNode(vocab.RDF_TYPE), ox.NamedNode(vocab.FRAMEWORK)))
        store.add(ox.Quad(node, ox.NamedNode(vocab.RDFS_LABEL), ox.Literal(label)))
        store.add(ox.Quad(node, ox.NamedNode(SA + "language"), ox.NamedNode(ID + "python"), section))
        store.add(ox.Quad(node, ox.NamedNode(SA + "suitedFor"), ox.NamedNode(ID + use), section))
        # In the default graph, so that the zero-length step of skos:broaderTransitive? reaches the use case.
        store.add(ox.Quad(ox.NamedNode(ID + use), ox.NamedNode(vocab.RDF_TYPE), ox.NamedNode(vocab.USE_CASE)))
    return store


def test_an_iri_is_compacted_unless_its_local_name_has_a_slash() -> None:
    assert sparql_term(ID + "flask") == "id:flask"
    assert sparql_term(ID + "source/article") == f"<{ID}source/article>"


def test_a_negated_constraint_excludes() -> None:
    sparql = compile_sparql([Constraint("language", PYTHON, "python"), Constraint("use_case", APIS, "apis", True)])
    assert "FILTER NOT EXISTS { GRAPH ?g1 { ?framework sa:suitedFor ?x1 }" in sparql
    assert frameworks(tiny_store(), [Constraint("use_case", APIS, "apis", True)]) == ["Django"]


def test_a_framework_named_is_kept_to_or_left_out() -> None:
    assert "VALUES ?framework { id:flask }" in compile_sparql([Constraint("framework", FLASK, "flask")])
    excluded = [Constraint("language", PYTHON, "python"), Constraint("framework", FLASK, "flask", True)]
    assert "FILTER(?framework != id:flask)" in compile_sparql(excluded)
    assert frameworks(tiny_store(), excluded) == ["Django"]


def test_alternatives_are_optional_at_least_one_bound_and_ranked_by_how_many() -> None:
    either = [Constraint("use_case", APIS, "apis", group=0), Constraint("use_case", MVPS, "mvps", group=0)]
    sparql = compile_sparql(either)
    assert sparql.count("OPTIONAL {") == 2
    assert "FILTER(BOUND(?g0) || BOUND(?g1))" in sparql
    assert "ORDER BY DESC(IF(BOUND(?g0), 1, 0) + IF(BOUND(?g1), 1, 0))" in sparql
    assert frameworks(tiny_store(), either) == ["Django", "Flask"]


def test_a_source_keeps_every_claim_to_its_sections() -> None:
    sparql = compile_sparql([Constraint("language", PYTHON, "python"), Constraint("source", ARTICLE, "the article")])
    assert f"VALUES ?source {{ <{ARTICLE.iri}> }}" in sparql
    assert "?g0 dct:isPartOf ?source ." in sparql
    assert "?g1 dct:isPartOf ?source ." not in sparql  # the source's own pattern is not kept to itself
