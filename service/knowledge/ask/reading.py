"""A question → what it is read as: the names in it (typos read as the name meant), a superlative, and what is asked."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from service.knowledge import phrases
from service.knowledge.ask.constraint import Constraint
from service.knowledge.ask.cues import take, take_versions, take_year
from service.knowledge.ask.interpretation import MAX_COMPARED, Correction, Interpretation
from service.knowledge.ask.popular import PopularityRanking
from service.knowledge.ask.ranking import Ranking, at_level, figures_of
from service.knowledge.ask.relations import CUE_WINDOW, NAME_FACETS, Found, choose_term, constraints_of
from service.knowledge.catalog import Term
from service.knowledge.figures import Figures

if TYPE_CHECKING:
    from service.knowledge.ask.lexicon import Lexicon


def read_question(lexicon: Lexicon, question: str, figures: Figures | None = None) -> Interpretation:
    """Read a question: find the longest names left to right, then what the words around them ask."""
    tokens = phrases.tokens(question)
    folded = [t[1] for t in tokens]
    corrections: list[Correction] = []
    ranking = find_ranking(lexicon, tokens, folded, corrections)
    if ranking is not None:
        ranking = at_level(ranking, figures if figures is not None else figures_of(lexicon.catalog))
    dated = _find_dated(tokens, folded)
    found, ignored, unsure = _scan(lexicon, tokens, folded, corrections)
    reading = _read(lexicon, question, folded, found, ignored, corrections, unsure)
    reading = _with_dated(reading, dated)
    if ranking is None or reading.intent in {"nothing", "comparison", "lifecycle"}:
        return reading
    if reading.intent == "record":  # "fastest Flask": the framework with its figure, as a list of one
        return replace(_as_list(reading), rank_by=ranking)
    return replace(reading, rank_by=ranking)


def _as_list(reading: Interpretation) -> Interpretation:
    """Return a record's reading as a list of the one framework ("fastest Flask", "how popular is Django")."""
    framework = reading.frameworks[0]
    constraint = Constraint("framework", framework, framework.label)
    return replace(reading, intent="list", constraints=(constraint,), frameworks=(), parts=())


def _find_dated(tokens: list[tuple[str, str]], folded: list[str]) -> dict[str, Any]:
    """Find what a question asks of the survey and of release cycles: a ranking by popularity (and its year), the
    conditions on a date (supported, LTS, maintained), a question about cycles and the version it names."""
    popular = take(phrases.POPULARITY_RANKINGS, tokens, folded)
    statuses = take(phrases.STATUS_PHRASES, tokens, folded)
    lifecycle = take(phrases.LIFECYCLE_PHRASES, tokens, folded)
    versions = take_versions(tokens, folded) if statuses or lifecycle else []
    year = take_year(tokens, folded) if popular else None
    ranking = PopularityRanking(popular[0][0], year, popular[0][1]) if popular else None
    return {
        "popular": ranking,
        "statuses": tuple(dict.fromkeys(s for s, _ in statuses)),
        "lifecycle": [what for what, _ in lifecycle],
        "versions": versions,
        # Words about one framework's cycles; in a list they ask nothing ("releases" of "LTS releases" aside).
        "unused": tuple(typed for what, typed in lifecycle if not (statuses and what == "cycles")),
    }


def _with_dated(reading: Interpretation, dated: dict[str, Any]) -> Interpretation:
    """Add to a reading what it asks of the survey and of release cycles: a framework named alone with such a
    question asks about its cycles ("is Django 4.2 still supported?"); a list is ranked or kept to those meeting."""
    statuses, lifecycle, versions = dated["statuses"], dated["lifecycle"], dated["versions"]
    if reading.intent == "record" and (statuses or lifecycle or versions) and dated["popular"] is None:
        asked = next((s for s in ("supported", "lts", "maintained") if s in statuses), None)
        asked = asked or next((what for what in ("latest", "end_of_life") if what in lifecycle), "cycles")
        return replace(reading, intent="lifecycle", lifecycle=asked, cycle=versions[0] if versions else None)
    if reading.intent == "record" and dated["popular"] is not None:  # "how popular is Django": it alone, ranked
        reading = _as_list(reading)
    if reading.intent == "nothing" and (dated["popular"] is not None or statuses) and not reading.ignored:
        reading = replace(reading, intent="all")  # "most popular", "LTS releases"
    if reading.intent in {"list", "all"}:
        ignored = reading.ignored + tuple(dated["unused"]) + tuple(versions)
        return replace(reading, popular=dated["popular"], statuses=statuses, ignored=ignored)
    return reading


def find_ranking(
    lexicon: Lexicon, tokens: list[tuple[str, str]], folded: list[str], corrections: list[Correction]
) -> Ranking | None:
    """Find a superlative ("fastest", "lowest latency"; "fastets" too) and blank its words out of `folded`."""
    single = [key[0] for key in phrases.RANKINGS if len(key) == 1]
    longest = max(len(key) for key in phrases.RANKINGS)
    for fuzzy in (False, True):  # the words as typed first, then a misspelt one-word superlative ("fastets")
        for start in range(len(folded)):
            for length in range(min(longest, len(folded) - start), 0, -1):
                key = tuple(folded[start : start + length])
                if fuzzy and length == 1 and key[0] not in phrases.RANKING_WORDS | phrases.MARKERS:
                    limit = phrases.max_typos(key[0])
                    near = process.extractOne(key[0], single, scorer=OSA.distance, score_cutoff=limit)
                    if limit and near is not None and key not in lexicon.phrases:
                        corrections.append(Correction(tokens[start][0], near[0]))
                        key = (near[0],)
                if key in phrases.RANKINGS:
                    metric, best_first, said = phrases.RANKINGS[key]
                    matched = " ".join(t[0] for t in tokens[start : start + length])
                    for position in range(start, start + length):  # grammar from here on
                        folded[position] = "the"
                        tokens[position] = (tokens[position][0], "the")
                    return Ranking(metric, best_first, said, matched)
    return None


def _scan(
    lexicon: Lexicon, tokens: list[tuple[str, str]], folded: list[str], corrections: list[Correction]
) -> tuple[list[Found], list[str], list[tuple[str, tuple[str, ...]]]]:
    """Find the longest names left to right, a misspelt word read as the one name near it (in `folded` too).

    Return the names found, the words ignored and the words close to several names (ignored as well).
    """
    found: list[Found] = []
    ignored: list[str] = []
    unsure: list[tuple[str, tuple[str, ...]]] = []
    position = 0
    while position < len(tokens):
        match = lexicon.longest(folded, position)
        if match is not None:
            length, terms = match
            phrase = " ".join(t[0] for t in tokens[position : position + length])
            found.append(Found(position, position + length, terms, phrase))
            position += length
            continue
        typed, word = tokens[position]
        if word not in phrases.MARKERS and word not in phrases.FUNCTION_WORDS:
            near, close = lexicon.near_name(word) if word not in phrases.NOT_TYPOS else (None, ())
            if near is not None:
                folded[position] = near
                named = lexicon.phrases.get((near,))
                if named:  # a misspelt name; a misspelt marker word now reads as that word
                    found.append(Found(position, position + 1, named, typed))
                    corrections.append(Correction(typed, named[0].label))
            elif close:
                unsure.append((typed, close))
                ignored.append(typed)
            else:
                ignored.append(typed)
        position += 1
    return found, ignored, unsure


def _read(
    lexicon: Lexicon,
    question: str,
    folded: list[str],
    found: list[Found],
    ignored: list[str],
    corrections: list[Correction],
    unsure: list[tuple[str, tuple[str, ...]]],
) -> Interpretation:
    """Decide what the names found ask: a comparison, a record, a list meeting constraints, all, or nothing."""
    inside_names = {position for item in found for position in range(item.start, item.end)}
    # The marker words said outside the names: "on" of "Ruby on Rails" is no cue.
    said = {word for position, word in enumerate(folded) if position not in inside_names}
    reading: dict[str, Any] = {
        "question": question,
        "ignored": tuple(ignored),
        "corrections": tuple(dict.fromkeys(corrections)),
        "unsure": tuple(unsure),
    }
    # What each name stands for: the first of its terms, or the platform or server the words before ask for.
    chosen = [choose_term(item.terms, set(folded[max(0, item.start - CUE_WINDOW) : item.start])) for item in found]
    about = _about_frameworks(lexicon, found, chosen, folded, said)
    if about is not None:
        return Interpretation(constraints=(), **about, **reading)
    constraints = constraints_of(lexicon, found, chosen, folded)
    reading["count"] = bool(phrases.COUNT_CUES & said)
    if not constraints:
        if ignored or not (said & (phrases.SUBJECT_WORDS | phrases.ALL_WORDS | phrases.COUNT_CUES)):
            return Interpretation(constraints=(), intent="nothing", **reading)
        return Interpretation(constraints=(), intent="all", **reading)
    return Interpretation(constraints=tuple(constraints), **reading)


def _about_frameworks(
    lexicon: Lexicon, found: list[Found], chosen: list[Term], folded: list[str], said: set[str]
) -> dict[str, Any] | None:
    """Return the reading of frameworks named alone: side by side ("Flask vs Django") or one's record, else None."""
    names = [item for item, term in zip(found, chosen, strict=True) if term.facet in NAME_FACETS]
    others = any(term.facet not in NAME_FACETS for term in chosen)
    cued = phrases.SIMILARITY_CUES | phrases.DISSIMILARITY_CUES | phrases.BUILT_ON_CUES
    # A runtime named with "frameworks" asks what runs on it ("Node frameworks"); a framework
    # named with it is still the framework ("the Django framework").
    runtime = any(item.terms[0].facet == "runtime" for item in names)
    plain = not (cued & said) and not (runtime and phrases.SUBJECT_WORDS & said)
    # Two or three frameworks asked about side by side: "Flask vs Django", "compare X and Y", "X or Y".
    if len(names) >= 2 and not others and (phrases.COMPARISON_CUES & said or plain):
        named = list(dict.fromkeys(lexicon.as_framework(item.terms[0]) for item in names))
        terms, left_out = named[:MAX_COMPARED], tuple(t.label for t in named[MAX_COMPARED:])
        if len(terms) >= 2:
            return {"intent": "comparison", "frameworks": tuple(terms), "left_out": left_out}
    # One framework named alone: its record, or the part asked for ("flask cons").
    if len(names) == 1 and not others and plain and not phrases.NEGATION_CUES & said:
        parts = tuple(dict.fromkeys(phrases.RECORD_PARTS[w] for w in folded if w in phrases.RECORD_PARTS))
        return {"intent": "record", "frameworks": (lexicon.as_framework(names[0].terms[0]),), "parts": parts}
    return None
