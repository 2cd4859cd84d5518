"""The English questions are read with: how words are folded and split, and the tables of marker words."""

from __future__ import annotations

import pytest

from service.knowledge import phrases
from service.knowledge.phrases import (
    LIFECYCLE_PHRASES,
    MARKERS,
    POPULARITY_RANKINGS,
    RANKINGS,
    STATUS_PHRASES,
    VERSION,
    max_typos,
    normalise,
    tokens,
    words,
)


@pytest.mark.parametrize(
    ("typed", "folded"),
    (("APIs", "api"), ("Frameworks", "framework"), ("class", "class"), ("has", "has"), ("Flask", "flask")),
)
def test_a_word_is_folded_to_lower_case_without_a_plural_s(typed: str, folded: str) -> None:
    assert normalise(typed) == folded


def test_text_is_split_into_folded_words_keeping_dots_hashes_and_pluses() -> None:
    assert words("Real-time apps") == ["real", "time", "app"]
    assert words("ASP.NET Core, C# or C++ on Node.js 4.2?") == [
        "asp.net",
        "core",
        "c#",
        "or",
        "c++",
        "on",
        "node.j",
        "4.2",
    ]  # names fold alike


def test_tokens_keep_the_word_as_typed_beside_its_folded_form() -> None:
    assert tokens("Python APIs") == [("Python", "python"), ("APIs", "api")]


@pytest.mark.parametrize(
    ("text", "read"),
    (
        ("other than Flask", ["the", "except", "flask"]),
        ("how many frameworks", ["the", "many", "framework"]),
        ("number of frameworks", ["many", "the", "framework"]),
        ("don't use PHP", ["the", "not", "use", "php"]),
        ("better than Flask", ["better", "than", "flask"]),  # "than" alone: similar frameworks
    ),
)
def test_two_words_that_mark_together_are_read_as_one_marker(text: str, read: list[str]) -> None:
    assert [folded for _, folded in tokens(text)] == read


@pytest.mark.parametrize(("word", "typos"), (("nice", 0), ("flask", 1), ("laravels", 1), ("phoenixes", 2)))
def test_longer_words_may_have_more_typos_and_short_ones_none(word: str, typos: int) -> None:
    assert max_typos(word) == typos


def test_a_version_is_up_to_three_numbers() -> None:
    assert [bool(VERSION.fullmatch(text)) for text in ("4.2", "v5", "10.0.1", "1.2.3.4", "four")] == [
        True,
        True,
        True,
        False,
        False,
    ]


def test_every_phrase_of_the_tables_is_written_as_normalise_folds_it() -> None:
    tables = [*RANKINGS, *POPULARITY_RANKINGS, *STATUS_PHRASES, *LIFECYCLE_PHRASES]
    assert [key for key in tables if [normalise(word) for word in key] != list(key)] == []


def test_the_cues_are_markers_and_never_names() -> None:
    for cue in ("like", "unlike", "built", "without", "vs", "and", "framework", "all", "many", "pro", "fastest"):
        assert normalise(cue) in MARKERS, cue
    assert "python" not in MARKERS and "flask" not in MARKERS


def test_a_superlative_says_its_metric_and_which_way_is_best() -> None:
    assert RANKINGS[("fastest",)] == ("requests_per_second", True, "fastest first")
    assert RANKINGS[("lowest", "latency")] == ("latency_p50", True, "lowest latency first")
    assert POPULARITY_RANKINGS[("most", "loved")] == "admired"
    assert STATUS_PHRASES[("lts",)] == "lts"
    assert LIFECYCLE_PHRASES[("end", "of", "life")] == "end_of_life"
    assert phrases.RECORD_PARTS[normalise("drawbacks")] == "cons"
