"""The English that questions are read with: every marker word the code knows, in one place.

Names (languages, use cases, aspects, frameworks...) come from the graph's labels and synonyms;
what is here is only how English marks a relation, a negation, a comparison or a request for a
record. Words are written as `phrases.normalise` folds them: lower case, a plural "s" dropped.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[0-9A-Za-z#+]+(?:\.[0-9A-Za-z#+]+)*")


def normalise(word: str) -> str:
    """Fold a word for matching: lower case, and a plural "s" dropped ("APIs" → "api")."""
    folded = word.casefold()
    if len(folded) > 3 and folded.endswith("s") and not folded.endswith("ss"):
        return folded[:-1]
    return folded


def words(text: str) -> list[str]:
    """Split text into normalised words ("Real-time apps" → ["real", "time", "app"])."""
    return [normalise(match.group()) for match in _WORD.finditer(text)]


def tokens(text: str) -> list[tuple[str, str]]:
    """Split text into (word as typed, normalised word) pairs; two-word markers read as one ("other than")."""
    found = [(match.group(), normalise(match.group())) for match in _WORD.finditer(text)]
    for i in range(len(found) - 1):
        pair = (found[i][1], found[i + 1][1])
        if pair in TWO_WORD_MARKERS:
            first, second = TWO_WORD_MARKERS[pair]
            found[i], found[i + 1] = (found[i][0], first), (found[i + 1][0], second)
    return found


def _fold(*typed: str) -> frozenset[str]:
    return frozenset(normalise(word) for word in typed)


# Words before a framework's name that ask for similar frameworks ("like Flask", "Flask alternatives").
SIMILARITY_CUES = _fold("like", "similar", "alternative", "alternatives", "resembling", "comparable", "than")
# Words before a framework's name that exclude the frameworks similar to it ("unlike Django").
DISSIMILARITY_CUES = _fold("unlike", "dissimilar")
# Words before a name that ask what is built or runs on it ("frameworks built on Node.js").
BUILT_ON_CUES = _fold("on", "built", "running", "runs", "based", "atop", "using", "wrapping")
# Words after a name that ask what is built on it ("Starlette-based frameworks").
BUILT_ON_AFTER = _fold("based", "powered")
# Words that make an aspect a con ("frameworks with a steep learning curve", "poor performance").
NEGATIVE_CUES = _fold(
    "steep",
    "hard",
    "difficult",
    "poor",
    "bad",
    "weak",
    "slow",
    "lacking",
    "limited",
    "con",
    "cons",
    "criticised",
    "criticized",
    "complaint",
    "complaints",
    "problem",
    "problems",
    "issue",
    "issues",
    "downside",
    "downsides",
    "drawback",
    "drawbacks",
    "worst",
    "struggle",
    "struggles",
    "overhead",
    "weakness",
    "weaknesses",
    "painful",
)
# Words that exclude the next name ("not for APIs", "without an ORM", "except Spring Boot", "non-Java").
NEGATION_CUES = _fold("not", "non", "without", "except", "excluding", "exclude", "no", "nor", "besides")
# Two words that mark together what neither does alone, and what they are read as.
TWO_WORD_MARKERS: dict[tuple[str, str], tuple[str, str]] = {
    ("other", "than"): ("the", "except"),  # "than" alone asks for similar frameworks ("better than Flask")
    ("apart", "from"): ("the", "except"),
    ("instead", "of"): ("the", "except"),
    ("how", "many"): ("the", "many"),
    ("number", "of"): ("many", "the"),
    **{(word, "t"): ("the", "not") for word in ("don", "doesn", "isn", "aren", "won", "shouldn")},  # "don't"
}
# Words that ask how many frameworks meet the question ("how many Python frameworks").
COUNT_CUES = _fold("many", "count")
# Words that ask for two or three frameworks side by side ("Flask vs Django", "compare X and Y").
COMPARISON_CUES = _fold("vs", "v", "versus", "compare", "comparing", "comparison", "difference", "differences")
# Words between two values of one kind that join them ("prototypes and MVPs", "Python or Ruby").
JOINERS = _fold("and", "or", "&", "plus")
# Words that name what is asked for: frameworks. Alone ("frameworks", "list frameworks") they ask for all.
SUBJECT_WORDS = _fold("framework", "frameworks", "backend", "backends", "server", "web", "library", "libraries")
# Words that ask for every framework when nothing else is asked ("all frameworks", "list frameworks").
ALL_WORDS = _fold("all", "every", "list", "show", "any", "each", "everything")
# With a single framework named, words that ask for one part of its record ("flask cons", "django pros and cons").
RECORD_PARTS: dict[str, str] = {
    **dict.fromkeys(_fold("pro", "pros", "advantage", "advantages", "strength", "strengths", "benefit"), "pros"),
    **dict.fromkeys(
        _fold(
            "con",
            "cons",
            "disadvantage",
            "disadvantages",
            "weakness",
            "weaknesses",
            "drawback",
            "drawbacks",
            "downside",
            "downsides",
            "bad",
            "problem",
            "problems",
            "criticism",
            "criticisms",
        ),
        "cons",
    ),
    **dict.fromkeys(_fold("feature", "features"), "features"),
    **dict.fromkeys(_fold("language", "languages"), "language"),
    **dict.fromkeys(_fold("recommendation", "recommendations", "recommended"), "recommendations"),
}
# Words that ask about one framework ("what is FastAPI", "tell me about Phoenix").
RECORD_CUES = _fold("what", "who", "tell", "about", "describe", "explain", "info", "information", "overview", "is")
# Words that carry no meaning of their own in a question: never listed as ignored, never read fuzzily.
FUNCTION_WORDS = _fold(
    "a",
    "an",
    "the",
    "to",
    "for",
    "with",
    "in",
    "of",
    "is",
    "are",
    "be",
    "that",
    "which",
    "what",
    "me",
    "i",
    "my",
    "we",
    "our",
    "you",
    "can",
    "could",
    "should",
    "would",
    "use",
    "using",
    "used",
    "good",
    "great",
    "best",
    "suited",
    "suitable",
    "written",
    "made",
    "praised",
    "recommended",
    "known",
    "have",
    "has",
    "having",
    "support",
    "supporting",
    "supports",
    "offer",
    "offers",
    "give",
    "find",
    "need",
    "want",
    "some",
    "do",
    "does",
    "there",
    "it",
    "its",
    "their",
    "one",
    "ones",
    "option",
    "options",
    "tool",
    "tools",
    "please",
    "building",
    "build",
    "make",
    "making",
    "creating",
    "create",
    "develop",
    "developing",
    "app",
    "apps",
    "application",
    "applications",
    "project",
    "projects",
    "between",
    "when",
    "how",
    "why",
    "who",
    "tell",
    "about",
    "and",
    "or",
    "by",
    "from",
    "at",
    "as",
    "says",
    "say",
    "according",
    "nice",
    "better",
    "more",
    "but",
    "other",
    "apart",
    "instead",
    "number",
    "how",
    "s",
    "t",
    "d",
    "ll",
    "re",
    "ve",
    "m",
)
# Words before a name that ask for what the public datasets' set-ups were measured on, by facet: a name
# that is also a feature or a framework ("WSGI", "Tornado") is read as the platform or server after them.
FACET_CUES: dict[str, frozenset[str]] = {
    "server": _fold("behind", "served", "serving", "proxied"),
    "platform": _fold("on", "atop", "over", "via"),
}
# Of those, the words that mean the data set-up even over a framework's or runtime's name ("behind Tornado").
STRONG_FACET_CUES = _fold("behind", "served", "serving", "proxied")
# Words that say the claim comes from a benchmark set-up ("benchmarked with MongoDB"); they read the
# next platform or server name as it (as FACET_CUES do), whatever else it names.
BENCHMARK_CUES = _fold("benchmarked", "benchmark", "benchmarks", "measured", "tested")
# Superlatives that rank the answers by a measured figure: the words (one to three), the metric
# (service.knowledge.figures.METRICS), whether the best comes first, and how the order is said.
RANKINGS: dict[tuple[str, ...], tuple[str, bool, str]] = {
    **dict.fromkeys(
        [
            ("fastest",),
            ("quickest",),
            ("speediest",),
            ("highest", "throughput"),
            ("most", "throughput"),
            ("best", "throughput"),
            ("most", "request"),
            ("highest", "request", "per", "second"),
            ("most", "request", "per", "second"),
            ("top", "performing"),
            ("best", "performing"),
        ],
        ("requests_per_second", True, "fastest first"),
    ),
    **dict.fromkeys(
        [("slowest",), ("lowest", "throughput"), ("least", "throughput"), ("fewest", "request")],
        ("requests_per_second", False, "slowest first"),
    ),
    **dict.fromkeys(
        [("lowest", "latency"), ("least", "latency"), ("smallest", "latency"), ("lowest", "median", "latency")],
        ("latency_p50", True, "lowest latency first"),
    ),
    **dict.fromkeys([("highest", "latency"), ("most", "latency")], ("latency_p50", False, "highest latency first")),
    **dict.fromkeys([("lowest", "p90", "latency"), ("lowest", "p90")], ("latency_p90", True, "lowest latency first")),
    **dict.fromkeys(
        [("lowest", "p99", "latency"), ("lowest", "p99"), ("lowest", "tail", "latency")],
        ("latency_p99", True, "lowest latency first"),
    ),
}
RANKING_WORDS = frozenset(word for key in RANKINGS for word in key)
# Words that rank the answers by the survey, and what they rank by (service.knowledge.popularity.RANK_MEASURES).
POPULARITY_RANKINGS: dict[tuple[str, ...], str] = {
    **dict.fromkeys(
        [
            ("most", "popular"),
            ("popular",),
            ("most", "used"),
            ("widely", "used"),
            ("most", "common"),
            ("popularity",),
            ("mainstream",),
        ],
        "popularity",
    ),
    **dict.fromkeys([("most", "admired"), ("admired",), ("most", "loved"), ("loved",), ("best", "loved")], "admired"),
}
# The years a question may name for the survey ("most popular frameworks in 2020").
SURVEY_YEARS = range(2000, 2100)
# Words that put a condition on a date: the words (one to three), the condition (service.knowledge.ask.status.STATUSES).
STATUS_PHRASES: dict[tuple[str, ...], str] = {
    **dict.fromkeys(
        [("still", "supported"), ("supported",), ("still", "maintained", "supported"), ("security", "supported")],
        "supported",
    ),
    **dict.fromkeys(
        [("lts",), ("long", "term", "support"), ("long", "term", "supported"), ("long", "term", "release")], "lts"
    ),
    **dict.fromkeys(
        [
            ("actively", "maintained"),
            ("still", "maintained"),
            ("maintained",),
            ("actively", "developed"),
            ("active", "development"),
            ("under", "active", "development"),
        ],
        "maintained",
    ),
}
# Words that ask about one framework's release cycles, and what they ask: its latest version, when a cycle's
# support ends, or its cycles (versions). With a status above ("is Django 4.2 still supported") they ask that.
LIFECYCLE_PHRASES: dict[tuple[str, ...], str] = {
    **dict.fromkeys(
        [
            ("latest", "version"),
            ("latest", "release"),
            ("newest", "version"),
            ("current", "version"),
            ("latest",),
            ("newest",),
        ],
        "latest",
    ),
    **dict.fromkeys(
        [
            ("end", "of", "life"),
            ("eol",),
            ("end", "of", "support"),
            ("reach", "end", "of", "life"),
            ("go", "out", "of", "support"),
            ("lose", "support"),
        ],
        "end_of_life",
    ),
    **dict.fromkeys([("version",), ("release",), ("release", "cycle"), ("cycle",), ("lifecycle",)], "cycles"),
}
# Words around those that say nothing more ("when does Django 5.2 reach end of life", "MIT-licensed").
LIFECYCLE_FILLER = _fold("still", "reach", "reaches", "get", "gets", "until", "licensed", "licence", "license")
# A version a question names ("4.2", "5", "10.0"): read as the release cycle of the framework named.
VERSION = re.compile(r"v?[0-9]+(?:\.[0-9]+){0,2}")
# English words within an edit of a name, never read as it ("production" is not "productive").
NOT_TYPOS = _fold("production", "products", "product", "routine")
MARKERS = (
    SIMILARITY_CUES
    | DISSIMILARITY_CUES
    | BUILT_ON_CUES
    | BUILT_ON_AFTER
    | NEGATIVE_CUES
    | NEGATION_CUES
    | COMPARISON_CUES
    | JOINERS
    | SUBJECT_WORDS
    | ALL_WORDS
    | RECORD_CUES
    | COUNT_CUES
    | frozenset(RECORD_PARTS)
    | frozenset().union(*FACET_CUES.values())
    | BENCHMARK_CUES
    | frozenset(key[0] for key in RANKINGS if len(key) == 1)
    | LIFECYCLE_FILLER
)

# Fuzzy matching: words shorter than this are never corrected ("nice" is not "novice").
FUZZY_MIN_LENGTH = 5


def max_typos(word: str) -> int:
    """Return how many edits (insertion, deletion, substitution, swap) a word of this length may have."""
    if len(word) < FUZZY_MIN_LENGTH:
        return 0
    return 1 if len(word) < 9 else 2
