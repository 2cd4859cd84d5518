"""Answering a reading: a list (counted, ranked, kept to a date's conditions), a record, a comparison, cycles."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyoxigraph as ox

from service import vocab
from service.knowledge.ask.constraint import Constraint
from service.knowledge.ask.interpretation import Interpretation
from service.knowledge.ask.ranking import Ranking
from service.knowledge.ask.reply import comparison, reply
from service.knowledge.catalog import Catalog, Term
from service.knowledge.figures import Figures
from service.knowledge.lifecycles import Lifecycles
from service.knowledge.popularity import Popularity

# One benchmark run that measured Flask only.
RUN = """@prefix sa: <https://w3id.org/stackatlas/ontology#> .
@prefix id: <https://w3id.org/stackatlas/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
id:bench {
  id:run a sa:BenchmarkRun ; rdfs:label "round one" ; dct:date "2026-02-11T23:25:12Z"^^xsd:dateTime ;
    sa:hardware "2 CPUs" ; sa:caveat "A minimal app." ; dct:source id:section .
  id:flask-raw rdfs:label "flask-raw" .
  id:o1 qb:dataSet id:run ; sa:framework id:flask ; sa:setup id:flask-raw ; sa:concurrency 512 ;
    sa:requestsPerSecond 1200.0 .
}
"""
ID = vocab.BASE
PYTHON = Term("language", ID + "python", "Python", ())
FLASK = Term("framework", ID + "flask", "Flask", ())
DJANGO = Term("framework", ID + "django", "Django", ())
NEW_YEAR = dt.date(2026, 1, 1)
NOTHING_KNOWN = ox.Store()


def python_frameworks(**asked: Any) -> Interpretation:
    return Interpretation("python frameworks", (Constraint("language", PYTHON, "python"),), (), **asked)


def test_a_list_is_the_frameworks_meeting_the_constraints_with_the_sparql(catalog: Catalog) -> None:
    answered = reply(catalog, python_frameworks())
    assert (answered["kind"], [r["id"] for r in answered["results"]]) == ("list", ["django", "flask"])
    assert "GRAPH ?g0 { ?framework sa:language id:python }" in answered["sparql"]
    assert "count" not in answered and "as_of" not in answered


def test_how_many_answers_the_number_with_the_list(catalog: Catalog) -> None:
    answered = reply(catalog, python_frameworks(count=True))
    assert (answered["count"], len(answered["results"])) == (2, 2)


def test_a_superlative_keeps_the_measured_best_first_and_says_the_ranking(catalog: Catalog) -> None:
    run = ox.Store()
    run.load(RUN.encode(), format=ox.RdfFormat.TRIG)
    fastest = Ranking("requests_per_second", True, "fastest first", "fastest")
    answered = reply(catalog, python_frameworks(rank_by=fastest), figures=Figures(run))
    assert [(r["id"], r["figure"]["value"]) for r in answered["results"]] == [("flask", 1200.0)]
    assert (answered["ranking"]["unmeasured"], answered["ranking"]["concurrency"]) == (1, 512)


def test_a_condition_on_the_date_keeps_those_that_meet_it_and_says_the_date(catalog: Catalog) -> None:
    unknown = Lifecycles.read(NOTHING_KNOWN)
    answered = reply(catalog, python_frameworks(statuses=("supported",)), lifecycles=unknown, day=NEW_YEAR)
    assert (answered["as_of"], answered["results"]) == ("2026-01-01", [])  # no cycles known: none is supported


def test_a_record_is_the_frameworks_record_and_the_part_asked_for(catalog: Catalog) -> None:
    reading = Interpretation("flask language", (), (), intent="record", frameworks=(FLASK,), parts=("language",))
    answered = reply(catalog, reading)
    assert (answered["kind"], answered["sparql"]) == ("record", None)
    assert answered["record"]["description"] == "A microframework."
    assert [value["label"] for value in answered["part"]["language"]] == ["Python"]
    assert answered["links"] == {"page": "/id/flask", "api": "/api/frameworks/flask"}
    assert answered["record"]["links"] == {"page": "/id/flask", "similar": "/api/frameworks/flask/similar"}
    assert answered["results"][0]["why"] == [
        {"triple": ["id:flask", "rdf:type", "sa:Framework"], "text": "Flask: A microframework.", "source": None}
    ]


def test_a_comparison_sets_the_records_side_by_side_with_support_and_popularity(catalog: Catalog) -> None:
    reading = Interpretation("flask vs django", (), (), intent="comparison", frameworks=(FLASK, DJANGO))
    unknown = (Lifecycles.read(NOTHING_KNOWN), Popularity.read(NOTHING_KNOWN))
    answered = reply(catalog, reading, lifecycles=unknown[0], popularity=unknown[1], day=NEW_YEAR)
    assert [r["id"] for r in answered["results"]] == ["flask", "django"]
    compared = answered["comparison"]
    (language,) = [trait for trait in compared["traits"] if trait["key"] == "language"]
    assert [value["label"] for value in language["shared"]] == ["Python"]
    assert compared["lifecycle"]["as_of"] == "2026-01-01"
    assert [f["id"] for f in compared["popularity"]["frameworks"]] == ["flask", "django"]
    assert answered["links"] == {"compare": "/compare?ids=flask,django"}
    assert "records" not in compared


def test_a_comparison_needs_two_frameworks_the_graph_knows(catalog: Catalog) -> None:
    assert comparison(catalog, ["flask", "nope"]) is None
    compared = comparison(catalog, ["django", "flask"])
    assert compared is not None
    assert [r["id"] for r in compared["records"]] == ["django", "flask"]


def test_a_question_about_cycles_answers_them_as_of_the_day(catalog: Catalog) -> None:
    reading = Interpretation("latest flask", (), (), intent="lifecycle", frameworks=(FLASK,), lifecycle="latest")
    answered = reply(catalog, reading, lifecycles=Lifecycles.read(NOTHING_KNOWN), day=NEW_YEAR)
    assert (answered["kind"], answered["as_of"], answered["sparql"]) == ("lifecycle", "2026-01-01", None)
    assert answered["lifecycle"]["text"] == "The graph holds no release cycles of Flask."
    assert answered["results"][0]["why"][0]["text"] == "The graph holds no release cycles of Flask."


def test_nothing_understood_answers_nothing(catalog: Catalog) -> None:
    reading = Interpretation("xyzzy", (), ("xyzzy",), intent="nothing")
    assert reply(catalog, reading) == {"kind": "nothing", "sparql": None, "results": []}


def test_every_query_runs_on_the_source_given(catalog: Catalog) -> None:
    assert reply(catalog, python_frameworks(), source=NOTHING_KNOWN)["results"] == []
    assert comparison(catalog, ["flask", "django"], source=NOTHING_KNOWN) is None
