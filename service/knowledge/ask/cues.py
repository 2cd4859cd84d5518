"""Cue phrases read before the names of a question: found longest first, then blanked out of the words the names
are read from (so that "supported" or "4.2" is neither a name nor an ignored word)."""

from __future__ import annotations

from collections.abc import Mapping

from service.knowledge import phrases

BLANK = "the"  # a function word: what a cue's words read as once taken


def take(
    table: Mapping[tuple[str, ...], str], tokens: list[tuple[str, str]], folded: list[str]
) -> list[tuple[str, str]]:
    """Find every phrase of `table` in the question (longest first, left to right), blank its words, and return
    what each means with the words as typed."""
    longest = max((len(key) for key in table), default=0)
    found: list[tuple[str, str]] = []
    start = 0
    while start < len(folded):
        for length in range(min(longest, len(folded) - start), 0, -1):
            key = tuple(folded[start : start + length])
            if key in table:
                found.append((table[key], " ".join(t[0] for t in tokens[start : start + length])))
                blank(tokens, folded, start, start + length)
                start += length - 1
                break
        start += 1
    return found


def take_versions(tokens: list[tuple[str, str]], folded: list[str]) -> list[str]:
    """Find the versions a question names ("4.2", "v5"), not years, blank them and return them as typed."""
    found = []
    for position, (typed, word) in enumerate(tokens):
        if phrases.VERSION.fullmatch(word) and not (word.isdigit() and int(word) in phrases.SURVEY_YEARS):
            found.append(typed.lstrip("vV"))
            blank(tokens, folded, position, position + 1)
    return found


def take_year(tokens: list[tuple[str, str]], folded: list[str]) -> int | None:
    """Find a survey year the question names ("in 2020"), blank it and return it."""
    for position, (_, word) in enumerate(tokens):
        if word.isdigit() and int(word) in phrases.SURVEY_YEARS:
            blank(tokens, folded, position, position + 1)
            return int(word)
    return None


def blank(tokens: list[tuple[str, str]], folded: list[str], start: int, end: int) -> None:
    """Make the words from `start` to `end` read as a function word from here on."""
    for position in range(start, end):
        folded[position] = BLANK
        tokens[position] = (tokens[position][0], BLANK)
