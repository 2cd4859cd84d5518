"""ask's cue phrases: found longest first and blanked, versions and survey years told apart."""

from __future__ import annotations

from service.knowledge import phrases
from service.knowledge.ask.cues import BLANK, take, take_versions, take_year


def split(question: str) -> tuple[list[tuple[str, str]], list[str]]:
    tokens = phrases.tokens(question)
    return tokens, [t[1] for t in tokens]


def test_the_longest_phrase_wins_and_its_words_are_blanked() -> None:
    tokens, folded = split("is Django still supported")
    assert take(phrases.STATUS_PHRASES, tokens, folded) == [("supported", "still supported")]
    assert folded == ["is", "django", BLANK, BLANK]


def test_every_phrase_is_found() -> None:
    tokens, folded = split("actively maintained LTS frameworks")
    assert take(phrases.STATUS_PHRASES, tokens, folded) == [("maintained", "actively maintained"), ("lts", "LTS")]


def test_versions_are_not_years_and_years_are_not_versions() -> None:
    tokens, folded = split("Django 4.2 v5 in 2020")
    assert take_versions(tokens, folded) == ["4.2", "5"]
    assert take_year(tokens, folded) == 2020
    assert folded == ["django", BLANK, BLANK, "in", BLANK]
