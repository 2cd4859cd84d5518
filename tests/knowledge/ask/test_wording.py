"""How ask says what it read: constraints, alternatives, rankings and whole readings in English."""

from __future__ import annotations

from service.knowledge.ask.constraint import Constraint, with_group
from service.knowledge.ask.interpretation import Correction, Interpretation
from service.knowledge.ask.ranking import Ranking
from service.knowledge.ask.wording import any_of, enumerate_phrases
from service.knowledge.catalog import Term

ID = "https://w3id.org/stackatlas/id/"
PYTHON = Term("language", ID + "python", "Python", ())
ORM = Term("feature", ID + "orm", "ORM", ())
PROTOTYPES = Term("use_case", ID + "prototypes", "Prototypes", ())
MVPS = Term("use_case", ID + "mvps", "MVPs", ())
FLASK = Term("framework", ID + "flask", "Flask", ())
DJANGO = Term("framework", ID + "django", "Django", ())
FASTEST = Ranking("requests_per_second", True, "fastest first", "fastest")


def test_phrases_are_joined_as_english_does() -> None:
    assert enumerate_phrases([]) == ""
    assert enumerate_phrases(["a"]) == "a"
    assert enumerate_phrases(["a", "b"], "or") == "a or b"
    assert enumerate_phrases(["a", "b", "c"]) == "a, b and c"


def test_alternatives_say_their_relation_once() -> None:
    uses = [Constraint("use_case", PROTOTYPES, "prototypes", group=0), Constraint("use_case", MVPS, "MVPs", group=0)]
    assert any_of(uses) == "suited to Prototypes or MVPs (or a narrower use case)"
    mixed = [Constraint("language", PYTHON, "python", group=0), Constraint("feature", ORM, "orm", group=0)]
    assert any_of(mixed) == "for apps in Python or with ORM"


def test_a_negated_constraint_is_said_as_an_exclusion() -> None:
    assert Constraint("feature", ORM, "orm", negated=True).describe() == "without ORM"
    assert Constraint("framework", FLASK, "flask", negated=True).describe() == "other than Flask"
    assert Constraint("language", PYTHON, "python", negated=True).describe() == "not for apps in Python"
    grouped = with_group(Constraint("language", PYTHON, "Python", negated=True), 2).as_json()
    assert (grouped["negated"], grouped["any_of"], grouped["matched"]) == (True, 2, "Python")


def test_a_ranking_says_its_metric_level_and_runs() -> None:
    assert FASTEST.describe() == "fastest first by requests per second"
    at = Ranking("latency_p99", False, "slowest first", "slowest", 512, ("run a", "run b"))
    assert at.describe() == "slowest first by 99th percentile latency at 512 connections (run a and run b)"


def test_a_list_reading_is_said_with_its_exclusions_and_order() -> None:
    reading = Interpretation(
        "python frameworks except flask, fastest",
        (Constraint("language", PYTHON, "python"), Constraint("framework", FLASK, "flask", negated=True)),
        (),
        rank_by=FASTEST,
    )
    assert reading.summary == "frameworks for apps in Python, other than Flask, fastest first by requests per second"
    assert reading.notes[0].startswith("'fastest' read as a ranking")


def test_the_other_intents_are_said() -> None:
    assert Interpretation("frameworks", (), (), intent="all").summary == "every framework"
    compared = Interpretation("flask vs django", (), (), intent="comparison", frameworks=(FLASK, DJANGO))
    assert compared.summary == "a comparison of Flask and Django"
    record = Interpretation("flask cons", (), (), intent="record", frameworks=(FLASK,), parts=("cons",))
    assert record.summary == "cons of Flask"
    assert Interpretation("xyzzy", (), ("xyzzy",), intent="nothing").summary is None


def test_the_notes_say_corrections_alternatives_and_words_not_understood() -> None:
    uses = (Constraint("use_case", PROTOTYPES, "prototypes", group=0), Constraint("use_case", MVPS, "MVPs", group=0))
    reading = Interpretation(
        "pyhton frameworks for prototypes or MVPs, xyzzy",
        uses,
        ("xyzzy",),
        corrections=(Correction("pyhton", "Python"),),
    )
    assert reading.notes == [
        "read 'pyhton' as Python",
        "'prototypes' and 'MVPs' read as alternatives: a framework meeting any of them, ranked by how many it meets",
        "not understood: 'xyzzy'; the answer does not take it into account",
    ]
    assert reading.as_json()["corrections"] == [{"typed": "pyhton", "read_as": "Python"}]
