"""ask's lexicon and reading on a hand-made catalog of a few terms: names, near misses, cues, intents."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from service.knowledge.ask.constraint import Constraint
from service.knowledge.ask.interpretation import Interpretation
from service.knowledge.ask.lexicon import Lexicon
from service.knowledge.ask.reading import read_question
from service.knowledge.catalog import Term

ID = "https://w3id.org/stackatlas/id/"


def term(facet: str, slug: str, label: str, *names: str) -> Term:
    return Term(facet, ID + slug, label, (label, *names))


PYTHON = term("language", "python", "Python")
APIS = term("use_case", "apis", "APIs")
FLASK = term("framework", "flask", "Flask")
DJANGO = term("framework", "django", "Django")
STARLETTE = term("framework", "starlette", "Starlette")
LITESTAR = term("framework", "litestar", "Litestar", "Starlite")  # its name until 2023
PERFORMANCE = term("aspect", "performance", "Performance")
MICRO_STYLE = term("style", "microframework", "Microframework", "micro")
MICRO_CLASS = term("classification", "micro", "Micro")
TERMS = [PYTHON, APIS, FLASK, DJANGO, STARLETTE, LITESTAR, PERFORMANCE, MICRO_STYLE, MICRO_CLASS]


class TinyCatalog:
    """The little of a Catalog a Lexicon reads: its terms, and an empty store (no use case is broader)."""

    def __init__(self, terms: list[Term]) -> None:
        self.terms = terms
        self.store = ox.Store()

    def of_facet(self, facet: str) -> list[Term]:
        return sorted((t for t in self.terms if t.facet == facet), key=lambda t: t.label.casefold())

    def counts(self, facet: str) -> dict[str, int]:
        return {}  # no framework claims anything: the examples take the terms in label order

    def find(self, facet: str, name: str) -> Term | None:
        return next((t for t in self.terms if t.facet == facet and t.slug == name), None)


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon(TinyCatalog(TERMS))  # type: ignore[arg-type]


def kinds(reading: Interpretation) -> list[tuple[str, str, bool, int | None]]:
    return [(c.kind, c.term.slug, c.negated, c.group) for c in reading.constraints]


def test_the_longest_name_is_found(lexicon: Lexicon) -> None:
    assert lexicon.longest(["python", "framework"], 0) == (1, [PYTHON])
    assert lexicon.longest(["python", "framework"], 1) is None


def test_a_near_name_is_one_name_or_the_labels_it_is_close_to(lexicon: Lexicon) -> None:
    assert lexicon.near_name("pyhton") == ("python", ())
    assert lexicon.near_name("starlete") == (None, ("Litestar", "Starlette"))
    assert lexicon.near_name("qwertyuiop") == (None, ())


@pytest.mark.parametrize(
    ("question", "constraints"),
    (
        ("python frameworks for apis", [("language", "python", False, None), ("use_case", "apis", False, None)]),
        ("python frameworks not for apis", [("language", "python", False, None), ("use_case", "apis", True, None)]),
        ("frameworks like flask and django", [("similar", "flask", False, None), ("similar", "django", False, None)]),
        ("python frameworks except flask", [("language", "python", False, None), ("framework", "flask", True, None)]),
        ("frameworks with poor performance", [("con", "performance", False, None)]),
        ("fast performance frameworks", [("pro", "performance", False, None)]),
        ("micro frameworks", [("style", "microframework", False, 0), ("classification", "micro", False, 0)]),
    ),
)
def test_the_words_around_a_name_decide_its_constraint(
    lexicon: Lexicon, question: str, constraints: list[tuple[str, str, bool, int | None]]
) -> None:
    assert kinds(read_question(lexicon, question)) == constraints


def test_two_frameworks_alone_are_compared_and_one_alone_is_its_record(lexicon: Lexicon) -> None:
    compared = read_question(lexicon, "Flask vs Django")
    assert (compared.intent, compared.frameworks) == ("comparison", (FLASK, DJANGO))
    record = read_question(lexicon, "flask cons")
    assert (record.intent, record.frameworks, record.parts) == ("record", (FLASK,), ("cons",))


def test_a_typo_is_read_as_the_name_and_a_word_near_two_names_as_neither(lexicon: Lexicon) -> None:
    reading = read_question(lexicon, "pyhton frameworks")
    assert kinds(reading) == [("language", "python", False, None)]
    assert reading.notes == ["read 'pyhton' as Python"]
    unsure = read_question(lexicon, "frameworks like starlete")
    assert unsure.ignored == ("starlete",) and unsure.intent == "nothing"
    suggested = lexicon.suggestions(unsure.ignored)
    assert suggested["did_you_mean"] == {"starlete": ["Litestar", "Starlette"]}
    assert suggested["examples"][0] == "Python frameworks suited to APIs"


def test_nothing_named_is_every_framework_or_nothing(lexicon: Lexicon) -> None:
    assert read_question(lexicon, "all frameworks").intent == "all"
    assert read_question(lexicon, "how many frameworks").count is True
    assert read_question(lexicon, "xyzzy").intent == "nothing"


def test_a_constraint_is_said_as_the_reading_summary(lexicon: Lexicon) -> None:
    reading = read_question(lexicon, "python frameworks not for apis")
    assert reading.summary == "frameworks for apps in Python and not suited to APIs (or a narrower use case)"
    assert reading.constraints[1] == Constraint("use_case", APIS, "apis", negated=True)
