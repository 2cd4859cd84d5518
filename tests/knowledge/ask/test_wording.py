"""How ask joins its phrases: lists as English says them, alternatives of one relation said once."""

from __future__ import annotations

from service.knowledge.ask.constraint import Constraint
from service.knowledge.ask.wording import any_of, enumerate_phrases
from service.knowledge.catalog import Term

ID = "https://w3id.org/stackatlas/id/"
PYTHON = Term("language", ID + "python", "Python", ())
ORM = Term("feature", ID + "orm", "ORM", ())
PROTOTYPES = Term("use_case", ID + "prototypes", "Prototypes", ())
MVPS = Term("use_case", ID + "mvps", "MVPs", ())


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


def test_alternatives_of_one_kind_with_words_after_the_label_keep_them_once() -> None:
    python, orm = Constraint("language", PYTHON, "python"), Constraint("feature", ORM, "orm")
    assert any_of([python]) == "for apps in Python"
    assert any_of([orm, Constraint("feature", Term("feature", ID + "di", "DI", ()), "di")]) == "with ORM or DI"
    assert enumerate_phrases(["a", "b", "c"], "or") == "a, b or c"
