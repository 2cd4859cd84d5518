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
