"""Plain-English questions and facet filters → constraints → SPARQL, with the triples that justify each answer.

Words are matched against the labels and synonyms (skos:altLabel) in the graph itself, so a use
case or language added to the data is understood with no code change. The English the reading
knows (how "like X", "built on X", "not", "vs", "and"/"or" mark a relation) is all in
`service.knowledge.phrases`; a word within a small edit distance of a name is read as it (rapidfuzz).

One module per step: `lexicon` (the names in the graph), `reading` (a question → what is asked),
`relations` (names → constraints by their cue words), `sparql` (constraints → a query), `evidence`
(the answers and the triples behind them), `ranking` (superlatives by measured figures), `reply`
(an answer for each kind of question); `constraint`, `interpretation` and `wording` say them.
"""

from __future__ import annotations

from service.knowledge.ask.constraint import Constraint
from service.knowledge.ask.evidence import Answer, answer
from service.knowledge.ask.interpretation import MAX_COMPARED, Correction, Interpretation
from service.knowledge.ask.lexicon import MAX_PHRASE, Lexicon
from service.knowledge.ask.ranking import Ranking, figures_of
from service.knowledge.ask.relations import CUE_WINDOW, GROUPED_KINDS
from service.knowledge.ask.reply import comparison, reply
from service.knowledge.ask.sparql import compile_sparql

__all__ = [
    "CUE_WINDOW",
    "GROUPED_KINDS",
    "MAX_COMPARED",
    "MAX_PHRASE",
    "Answer",
    "Constraint",
    "Correction",
    "Interpretation",
    "Lexicon",
    "Ranking",
    "answer",
    "comparison",
    "compile_sparql",
    "figures_of",
    "reply",
]
