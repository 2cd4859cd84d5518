"""One condition of a question: how each kind is said, negated or not, and how the API describes it."""

from __future__ import annotations

import pytest

from service.knowledge.ask.constraint import Constraint, evidence_indices, with_group
from service.knowledge.catalog import Term

ID = "https://w3id.org/stackatlas/id/"
PYTHON = Term("language", ID + "python", "Python", ())
ORM = Term("feature", ID + "orm", "ORM", ())
FLASK = Term("framework", ID + "flask", "Flask", ())


def test_a_negated_constraint_is_said_as_an_exclusion() -> None:
    assert Constraint("feature", ORM, "orm", negated=True).describe() == "without ORM"
    assert Constraint("framework", FLASK, "flask", negated=True).describe() == "other than Flask"
    assert Constraint("language", PYTHON, "python", negated=True).describe() == "not for apps in Python"
    grouped = with_group(Constraint("language", PYTHON, "Python", negated=True), 2).as_json()
    assert (grouped["negated"], grouped["any_of"], grouped["matched"]) == (True, 2, "Python")


@pytest.mark.parametrize(
    ("kind", "label", "said"),
    (
        ("use_case", "APIs", "suited to APIs (or a narrower use case)"),
        ("pro", "Performance", "praised for Performance"),
        ("con", "Learning curve", "criticised for Learning curve"),
        ("audience", "Beginners", "recommended for Beginners"),
        ("licence", "MIT License", "licensed under the MIT License"),
        ("licence", "BSD-3-Clause", "licensed BSD-3-Clause"),
        ("style", "Microframework", "classed as Microframework"),
        ("classification", "Fullstack", "classified fullstack by TechEmpower"),
        ("database", "PostgreSQL", "benchmarked with PostgreSQL"),
        ("orm", "Full ORM", "benchmarked with a full ORM"),
        ("orm", "Some ORM", "benchmarked with Some ORM"),
        ("platform", "Netty", "benchmarked on Netty"),
        ("server", "nginx", "benchmarked behind nginx"),
        ("built_on", "Node.js", "built on or running on Node.js"),
        ("similar", "Flask", "similar to Flask"),
        ("source", "the article", "according to the article"),
        ("framework", "Flask", "Flask"),
    ),
)
def test_each_kind_is_said_in_words(kind: str, label: str, said: str) -> None:
    assert Constraint(kind, Term(kind, ID + "x", label, ()), "x").describe() == said


def test_an_unknown_kind_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        Constraint("colour", Term("colour", ID + "red", "Red", ()), "red").describe()


def test_the_api_describes_the_term_the_words_and_the_meaning() -> None:
    assert Constraint("language", PYTHON, "python").as_json() == {
        "kind": "language",
        "id": "python",
        "label": "Python",
        "iri": ID + "python",
        "matched": "python",
        "means": "for apps in Python",
    }


def test_with_group_makes_an_alternative_and_none_takes_it_back() -> None:
    grouped = with_group(Constraint("feature", ORM, "orm", negated=True), 3)
    assert (grouped.kind, grouped.term, grouped.matched, grouped.negated, grouped.group) == (
        "feature",
        ORM,
        "orm",
        True,
        3,
    )
    assert "any_of" not in with_group(grouped, None).as_json()


def test_evidence_comes_from_the_constraints_that_ask_not_those_that_exclude_or_name() -> None:
    constraints = [
        Constraint("language", PYTHON, "python"),
        Constraint("feature", ORM, "orm", negated=True),
        Constraint("framework", FLASK, "flask"),
        Constraint("feature", ORM, "orm", group=0),
    ]
    assert evidence_indices(constraints) == [0, 3]
    assert evidence_indices([]) == []
