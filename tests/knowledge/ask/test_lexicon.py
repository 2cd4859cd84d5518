"""ask's lexicon on a hand-made catalog of a few terms (conftest.py): names, near misses, suggestions."""

from __future__ import annotations

from service.knowledge.ask.lexicon import Lexicon
from service.knowledge.catalog import Term

PYTHON = Term("language", "https://w3id.org/stackatlas/id/python", "Python", ("Python",))


def test_the_longest_name_is_found(tiny_lexicon: Lexicon) -> None:
    assert tiny_lexicon.longest(["python", "framework"], 0) == (1, [PYTHON])
    assert tiny_lexicon.longest(["python", "framework"], 1) is None


def test_a_near_name_is_one_name_or_the_labels_it_is_close_to(tiny_lexicon: Lexicon) -> None:
    assert tiny_lexicon.near_name("pyhton") == ("python", ())
    assert tiny_lexicon.near_name("starlete") == (None, ("Litestar", "Starlette"))
    assert tiny_lexicon.near_name("qwertyuiop") == (None, ())


def test_a_word_near_two_names_is_answered_with_both_and_examples(tiny_lexicon: Lexicon) -> None:
    suggested = tiny_lexicon.suggestions(("starlete",))
    assert suggested["did_you_mean"] == {"starlete": ["Litestar", "Starlette"]}
    assert suggested["examples"][0] == "Python frameworks suited to APIs"
