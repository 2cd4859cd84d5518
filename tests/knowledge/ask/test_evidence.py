"""Running constraints on the graph, and the triples that justify each answer, said in words with their source."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from service import vocab
from service.knowledge.ask.constraint import Constraint
from service.knowledge.ask.evidence import answer
from service.knowledge.ask.sparql import compile_sparql
from service.knowledge.catalog import Catalog, Term

ID = vocab.BASE
PYTHON = Term("language", ID + "python", "Python", ())
RUBY = Term("language", ID + "ruby", "Ruby", ())
APIS = Term("use_case", ID + "apis", "APIs", ())
ORM = Term("feature", ID + "orm", "ORM", ())
SIMPLICITY = Term("aspect", ID + "simplicity", "Simplicity", ())
FLASK = Term("framework", ID + "flask", "Flask", ())
ARTICLE = {"id": "s-article", "label": "the article's table", "source": "The article", "curated": True}


def why(result: dict[str, Any]) -> list[tuple[list[str], str, dict[str, Any] | None]]:
    return [(reason["triple"], reason["text"], reason["source"]) for reason in result["why"]]


def test_each_answer_is_justified_by_its_triple_and_the_section_that_states_it(catalog: Catalog) -> None:
    found = answer(catalog, [Constraint("language", PYTHON, "python")])
    assert [result["id"] for result in found.results] == ["django", "flask"]
    assert why(found.results[1]) == [(["id:flask", "sa:language", "id:python"], "Flask: for apps in Python", ARTICLE)]
    assert found.results[1]["iri"] == ID + "flask" and found.results[1]["label"] == "Flask"


def test_a_narrower_use_case_is_justified_by_the_step_up_the_hierarchy_too(catalog: Catalog) -> None:
    found = {result["id"]: result for result in answer(catalog, [Constraint("use_case", APIS, "apis")]).results}
    assert why(found["django"]) == [(["id:django", "sa:suitedFor", "id:apis"], "Django is suited to APIs", ARTICLE)]
    assert why(found["flask"]) == [
        (["id:flask", "sa:suitedFor", "id:rest-apis"], "Flask is suited to REST APIs", ARTICLE),
        (["id:rest-apis", "skos:broaderTransitive", "id:apis"], "REST APIs is a kind of APIs", None),
    ]


def test_a_pro_is_justified_by_the_assessment_and_its_description(catalog: Catalog) -> None:
    (flask,) = answer(catalog, [Constraint("pro", SIMPLICITY, "simple")]).results
    assert why(flask) == [
        (["id:flask", "sa:hasPro", "id:flask-light"], "Pro of Flask (Simplicity): A small core.", ARTICLE)
    ]


def test_an_answer_met_only_by_exclusions_is_justified_as_a_framework(catalog: Catalog) -> None:
    found = answer(
        catalog,
        [Constraint("language", RUBY, "ruby", negated=True), Constraint("framework", FLASK, "flask", negated=True)],
    )
    assert [result["id"] for result in found.results] == ["django"]
    assert why(found.results[0]) == [(["id:django", "rdf:type", "sa:Framework"], "Django is a framework", None)]


def test_alternatives_say_which_each_answer_meets_most_first(catalog: Catalog) -> None:
    either = [Constraint("language", PYTHON, "python", group=0), Constraint("feature", ORM, "orm", group=0)]
    found = answer(catalog, either)
    assert [(result["id"], result["meets"]) for result in found.results] == [
        ("django", ["Python", "ORM"]),
        ("flask", ["Python"]),
        ("rails", ["ORM"]),
    ]
    assert why(found.results[2]) == [(["id:rails", "sa:hasFeature", "id:orm"], "Rails: with ORM", ARTICLE)]


def test_the_answer_carries_the_sparql_it_ran_and_runs_on_the_source_given(catalog: Catalog) -> None:
    constraints = [Constraint("language", RUBY, "ruby")]
    assert answer(catalog, constraints).sparql == compile_sparql(constraints)
    assert [result["id"] for result in answer(catalog, constraints).results] == ["rails"]
    assert answer(catalog, constraints, ox.Store()).results == []  # another source: nothing there
