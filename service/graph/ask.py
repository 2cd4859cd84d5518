"""Plain-English questions and facet filters → constraints → SPARQL, with the triples that justify each answer.

Words are matched against the labels and synonyms (skos:altLabel) in the graph itself, so a use
case or language added to the data is understood with no code change. The English the reading
knows (how "like X", "built on X", "not", "vs", "and"/"or" mark a relation) is all in
`service.graph.phrases`; a word within a small edit distance of a name is read as it (rapidfuzz).
"""

from __future__ import annotations

import copy
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rapidfuzz import process
from rapidfuzz.distance import OSA

from service.graph import phrases, vocab
from service.graph.catalog import Catalog, Term, ref
from service.graph.compare import cite, side_by_side
from service.graph.engine import Source, select
from service.graph.figures import METRICS, Figure, Figures
from service.graph.phrases import normalise, words

if TYPE_CHECKING:
    from service.graph.similarity import SimilarityIndex

CUE_WINDOW = 3  # how many words before a name may carry its cue
MAX_PHRASE = 6  # longest label, in words, that is looked for
MAX_COMPARED = 3  # frameworks one comparison shows side by side (as /compare does)
GROUPED_KINDS = frozenset(
    {"language", "use_case", "pro", "con", "audience", "feature", "style", "built_on", "classification", "database",
     "orm", "platform", "server"}
)  # fmt: skip
# ORM classes read as English after "benchmarked with".
_ORM_PHRASE = {"Full ORM": "a full ORM", "Micro ORM": "a micro ORM", "Raw queries": "raw queries"}


@dataclass(frozen=True)
class Constraint:
    """One condition an answer must meet (or, negated, must not), and the words of the question it came from."""

    # language | use_case | pro | con | audience | feature | style | built_on | similar | source | framework |
    # classification | database | orm | platform | server (the last five: what the public datasets say)
    kind: str
    term: Term
    matched: str
    negated: bool = False
    # Constraints with the same group are alternatives: an answer meets at least one, ranked by how many.
    group: int | None = None

    def describe(self) -> str:
        """Say the condition in words."""
        label = self.term.label
        said = {
            "language": f"for apps in {label}",
            "use_case": f"suited to {label} (or a narrower use case)",
            "pro": f"praised for {label}",
            "con": f"criticised for {label}",
            "audience": f"recommended for {label}",
            "feature": f"with {label}",
            "style": f"classed as {label}",
            "classification": f"classified {label.lower()} by TechEmpower",
            "database": f"benchmarked with {label}",
            "orm": f"benchmarked with {_ORM_PHRASE.get(label, label)}",
            "platform": f"benchmarked on {label}",
            "server": f"benchmarked behind {label}",
            "built_on": f"built on or running on {label}",
            "similar": f"similar to {label}",
            "source": f"according to {label}",
            "framework": label,
        }[self.kind]
        if not self.negated:
            return said
        if self.kind == "framework":
            return f"other than {label}"
        return f"without {label}" if self.kind == "feature" else f"not {said}"

    def as_json(self) -> dict[str, Any]:
        """Describe the constraint for the API."""
        described = ref(self.term.iri, self.term.label)
        found: dict[str, Any] = {"kind": self.kind, **described, "matched": self.matched, "means": self.describe()}
        if self.negated:
            found["negated"] = True
        if self.group is not None:
            found["any_of"] = self.group
        return found


# How each kind of constraint reads in SPARQL. {i} numbers the constraint; ?x{i} is the node that
# justifies it (a use case, pro, con or recommendation) and ?g{i} the graph (source section) of the claim.
_PATTERNS: dict[str, str] = {
    "language": "GRAPH ?g{i} {{ ?framework sa:language {o} }}",
    "use_case": "GRAPH ?g{i} {{ ?framework sa:suitedFor ?x{i} }} ?x{i} skos:broaderTransitive? {o} .",
    # A pro on the aspect, or a recommendation for an audience the data relates to it.
    "pro": "{{ GRAPH ?g{i} {{ ?framework sa:hasPro ?x{i} }} ?x{i} sa:aspect/skos:broaderTransitive? {o} . }}\n"
    "  UNION {{ GRAPH ?g{i} {{ ?x{i} sa:recommends ?framework ; sa:forAudience ?for{i} }}"
    " ?for{i} skos:related {o} . }}",
    "con": "GRAPH ?g{i} {{ ?framework sa:hasCon ?x{i} }} ?x{i} sa:aspect/skos:broaderTransitive? {o} .",
    "audience": "GRAPH ?g{i} {{ ?x{i} sa:recommends ?framework ; sa:forAudience {o} }}",
    "feature": "GRAPH ?g{i} {{ ?framework sa:hasFeature {o} }}",
    "style": "GRAPH ?g{i} {{ ?framework sa:style {o} }}",
    "classification": "GRAPH ?g{i} {{ ?framework sa:benchmarkClassification {o} }}",
    "database": "GRAPH ?g{i} {{ ?framework sa:benchmarkedWith {o} }}",
    "orm": "GRAPH ?g{i} {{ ?framework sa:benchmarkedOrm {o} }}",
    "platform": "GRAPH ?g{i} {{ ?framework sa:benchmarkedPlatform {o} }}",
    "server": "GRAPH ?g{i} {{ ?framework sa:benchmarkedOn {o} }}",
    "built_on": "VALUES ?x{i} {{ sa:builtOn sa:runsOn }} GRAPH ?g{i} {{ ?framework ?x{i} {o} }}",
    "similar": "GRAPH ?g{i} {{ {o} sa:similarTo ?framework }} ?x{i} a sa:Similarity ; sa:between ?framework , {o} ; "
    "sa:score ?score{i} .",
    # A source restricts the claims behind every other constraint to its sections ("what the
    # article says") and the answers to frameworks it speaks of; similarity scores are computed
    # from all the data.
    "source": "BIND({o} AS ?x{i}) BIND(?x{i} AS ?g{i})",
}
_FROM_SOURCES = "?g{i} dct:isPartOf ?source ."
_UNRESTRICTED = {"similar", "source"}
_PREFIXES = ("sa", "id", "rdfs", "skos", "dct")


def _evidence(constraints: Sequence[Constraint]) -> list[int]:
    # The constraints whose matches bind evidence (?g, ?x): not the excluding ones.
    return [i for i, c in enumerate(constraints) if not c.negated and c.kind != "framework"]


def compile_sparql(constraints: Sequence[Constraint]) -> str:
    """Return the SPARQL that finds the frameworks meeting every constraint, with their evidence.

    A negated constraint excludes (FILTER NOT EXISTS, or != for a framework named); constraints of
    one group are alternatives, each OPTIONAL, at least one bound, ranked by how many are.
    """
    used = _evidence(constraints)
    evidence = " ".join(f"?g{i} ?x{i}" for i in used)
    tiebreak = " ".join(f"?x{i} ?g{i}" for i in used)
    scores = [f"?score{i}" for i in used if constraints[i].kind == "similar"]
    sources = [f"<{c.term.iri}>" for c in constraints if c.kind == "source"]
    lines = [f"VALUES ?source {{ {' '.join(sources)} }}"] if sources else []
    groups: dict[int, list[int]] = {}
    among = [_sparql_term(c.term.iri) for c in constraints if c.kind == "framework" and not c.negated]
    if among:  # the frameworks named, when the question is about them ("is Django good for beginners")
        lines.append(f"VALUES ?framework {{ {' '.join(among)} }}")
    for i, c in enumerate(constraints):
        if c.kind == "framework" or (c.kind == "similar" and c.negated):  # and not the framework named itself
            if c.negated:
                lines.append(f"FILTER(?framework != {_sparql_term(c.term.iri)})")
            if c.kind == "framework":
                continue
        pattern = _PATTERNS[c.kind].format(i=i, o=_sparql_term(c.term.iri))
        if sources and c.kind not in _UNRESTRICTED:
            pattern += "\n  " + _FROM_SOURCES.format(i=i)
        if c.negated:
            lines.append(f"FILTER NOT EXISTS {{ {pattern} }}")
        elif c.group is not None:
            lines.append(f"OPTIONAL {{ {pattern} }}")
            groups.setdefault(c.group, []).append(i)
        else:
            lines.append(pattern)
    met = []
    for members in groups.values():
        lines.append("FILTER(" + " || ".join(f"BOUND(?g{i})" for i in members) + ")")
        met += [f"IF(BOUND(?g{i}), 1, 0)" for i in members]
    if sources:  # and the framework itself is one the source speaks of
        lines.append("FILTER EXISTS { GRAPH ?section { ?framework ?claim ?value } ?section dct:isPartOf ?source }")
    patterns = "\n  ".join(lines)
    order = f"DESC({' + '.join(met)}) " if met else ""
    order += f"DESC({scores[0]}) " if scores else ""
    return (
        vocab.sparql_prefixes(_PREFIXES)
        + f"SELECT ?framework ?label {evidence}{' ' + ' '.join(scores) if scores else ''} WHERE {{\n"
        + "  ?framework a sa:Framework ; rdfs:label ?label .\n"
        # The evidence last: a framework's reasons come in one order, whichever engine answers.
        + f"  {patterns}\n}}\nORDER BY {order}LCASE(STR(?label)) ?framework {tiebreak}"
    )


def _sparql_term(iri: str) -> str:
    # id:flask reads better than the full IRI; a local name with a slash would need escaping.
    compact = vocab.compact(iri)
    return compact if compact != iri and "/" not in compact.split(":", 1)[1] else f"<{iri}>"


@dataclass
class Answer:
    """The frameworks that meet the constraints, each with the evidence for every constraint."""

    sparql: str
    results: list[dict[str, Any]] = field(default_factory=list)


def answer(catalog: Catalog, constraints: Sequence[Constraint], source: Source | None = None) -> Answer:
    """Run the constraints on the graph (or on a time-limited `source`) and explain each result with its triples."""
    sparql = compile_sparql(constraints)
    source = catalog.store if source is None else source
    rows = list(select(source, sparql))
    used = _evidence(constraints)
    details = _describe_nodes(source, {row[f"x{i}"] for row in rows for i in used})
    results: dict[str, dict[str, Any]] = {}
    met: dict[str, set[int]] = {}
    for row in rows:
        iri = row["framework"].value
        entry = results.setdefault(iri, {**ref(iri, row["label"].value), "why": []})
        for i in used:
            constraint = constraints[i]
            if row[f"g{i}"] is None:  # an alternative this framework does not meet (every pattern binds ?g)
                continue
            met.setdefault(iri, set()).add(i)
            if constraint.kind == "similar":
                entry.setdefault("score", float(row[f"score{i}"].value))
            for reason in _why(constraint, iri, entry["label"], row[f"x{i}"], row[f"g{i}"], details, catalog):
                if reason not in entry["why"]:
                    entry["why"].append(reason)
    grouped = [i for i in used if constraints[i].group is not None]
    for iri, entry in results.items():
        if grouped:  # which of the alternatives it meets, as the ranking counts them
            entry["meets"] = [constraints[i].term.label for i in grouped if i in met.get(iri, set())]
        if not entry["why"]:  # only exclusions, or nothing asked: it is a framework
            text = f"{entry['label']} is a framework"
            entry["why"].append(
                {"triple": [vocab.compact(iri), "rdf:type", "sa:Framework"], "text": text, "source": None}
            )
    return Answer(sparql=sparql, results=list(results.values()))


def _describe_nodes(store: Source, nodes: Iterable[Any]) -> dict[str, dict[str, str]]:
    # One query for the labels and descriptions of every node that justifies an answer.
    iris = sorted({node.value for node in nodes if isinstance(node, ox.NamedNode)})
    if not iris:
        return {}
    values = " ".join(f"<{iri}>" for iri in iris)
    query = vocab.sparql_prefixes(("rdfs", "dct", "sa")) + (
        f"SELECT ?n ?label ?description ?aspect ?aspectLabel ?score WHERE {{ VALUES ?n {{ {values} }} "
        "OPTIONAL { ?n rdfs:label ?label } OPTIONAL { ?n dct:description ?description } "
        "OPTIONAL { ?n sa:aspect ?aspect . ?aspect rdfs:label ?aspectLabel } OPTIONAL { ?n sa:score ?score } }"
    )
    found: dict[str, dict[str, str]] = {}
    for row in select(store, query):
        entry = found.setdefault(row["n"].value, {})
        for name in ("label", "description", "score"):
            if row[name] is not None:
                entry.setdefault(name, row[name].value)
        if row["aspect"] is not None:
            # Keyed by IRI: an assessment on several aspects is explained by the one that matched.
            entry["aspect " + row["aspect"].value] = row["aspectLabel"].value
    return found


def _aspect_label(info: dict[str, str], wanted: str) -> str | None:
    """Return the label of the assessment's aspect that matched `wanted` (else the first by label)."""
    if "aspect " + wanted in info:
        return info["aspect " + wanted]
    labels = sorted((label for key, label in info.items() if key.startswith("aspect ")), key=str.casefold)
    return labels[0] if labels else None


def _why(
    constraint: Constraint,
    framework: str,
    label: str,
    node: Any,
    graph: Any,
    details: dict[str, dict[str, str]],
    catalog: Catalog,
) -> list[dict[str, Any]]:
    """Return the triples that justify one constraint for one framework, each said in words."""
    source = cite(catalog.source_of(graph.value)) if graph is not None else None
    target, target_label = constraint.term.iri, constraint.term.label
    via = node.value if isinstance(node, ox.NamedNode) else ""
    info = details.get(via, {})

    def said(subject: str, predicate: str, obj: str, text: str, cited: dict[str, Any] | None) -> dict[str, Any]:
        return {"triple": [vocab.compact(subject), predicate, vocab.compact(obj)], "text": text, "source": cited}

    kind = constraint.kind
    if kind in _DIRECT:
        return [said(framework, _DIRECT[kind], target, f"{label}: {constraint.describe()}", source)]
    if kind == "built_on":
        verb = "is built on" if via.endswith("builtOn") else "runs on"
        return [said(framework, vocab.compact(via), target, f"{label} {verb} {target_label}", source)]
    if kind == "use_case":
        use = info.get("label", via)
        reasons = [said(framework, "sa:suitedFor", via, f"{label} is suited to {use}", source)]
        if via != target:  # reached through the hierarchy: show the step too
            reasons.append(said(via, "skos:broaderTransitive", target, f"{use} is a kind of {target_label}", None))
        return reasons
    aspect = _aspect_label(info, target)
    if kind in {"pro", "con"} and aspect is not None:  # an assessment (a pro may also come from a recommendation)
        verb, word = ("sa:hasPro", "Pro") if kind == "pro" else ("sa:hasCon", "Con")
        text = f"{word} of {label} ({aspect}): {info.get('description', '')}"
        return [said(framework, verb, via, text, source)]
    if kind in {"pro", "audience"}:  # a recommendation naming the framework
        text = f"{info.get('label', via)}: {info.get('description', '')}"
        return [said(via, "sa:recommends", framework, text, source)]
    if kind == "similar":
        score = f" (score {info['score']})" if "score" in info else ""
        return [said(target, "sa:similarTo", framework, f"{target_label} is similar to {label}{score}", source)]
    return []


_DIRECT = {
    "language": "sa:language",
    "feature": "sa:hasFeature",
    "style": "sa:style",
    "classification": "sa:benchmarkClassification",
    "database": "sa:benchmarkedWith",
    "orm": "sa:benchmarkedOrm",
    "platform": "sa:benchmarkedPlatform",
    "server": "sa:benchmarkedOn",
}


# --- Reading a question ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Correction:
    """A word of the question read as a near name ("pyhton" as Python)."""

    typed: str
    label: str

    def text(self) -> str:
        """Say the correction in words."""
        return f"read '{self.typed}' as {self.label}"


@dataclass(frozen=True)
class Ranking:
    """A superlative of the question ("fastest"): the answers ranked by a measured figure, at a level of a run."""

    metric: str  # a key of service.graph.figures.METRICS
    best_first: bool  # False for "slowest": the worst figure first
    said: str  # how the order is said ("fastest first")
    matched: str  # the words of the question
    level: int | None = None  # the concurrency level ranked at (Figures.default_level)
    runs: tuple[str, ...] = ()  # the labels of the runs measured at that level

    def describe(self) -> str:
        """Say the order in words: 'fastest first by requests per second at 512 connections (the run)'."""
        text = f"{self.said} by {METRICS[self.metric].label}"
        if self.level is not None:
            text += f" at {self.level} connections"
        if self.runs:
            text += f" ({_enumerate(list(self.runs))})"
        return text

    def as_json(self) -> dict[str, Any]:
        """Describe the ranking asked for, for the API."""
        return {"metric": self.metric, "best_first": self.best_first, "matched": self.matched,
                "concurrency": self.level, "means": self.describe()}  # fmt: skip


@dataclass(frozen=True)
class Interpretation:
    """What a question was read as: what is asked, constraints, the words behind them, the words ignored."""

    question: str
    constraints: tuple[Constraint, ...]
    ignored: tuple[str, ...]
    # list (frameworks meeting the constraints) | all (every framework) | record (one framework) |
    # comparison (two or three side by side) | nothing (no word understood)
    intent: str = "list"
    frameworks: tuple[Term, ...] = ()  # the framework of a record, the frameworks compared
    parts: tuple[str, ...] = ()  # the parts of a record asked for ("cons"), or all of it
    corrections: tuple[Correction, ...] = ()
    unsure: tuple[tuple[str, tuple[str, ...]], ...] = ()  # words close to several names: not read as any
    left_out: tuple[str, ...] = ()  # frameworks named past the most a comparison shows
    count: bool = False  # "how many ...": the number as well as the list
    rank_by: Ranking | None = None  # "fastest ...": the answers with a measured figure, ranked by it

    @property
    def summary(self) -> str | None:
        """Say the reading in one English phrase."""
        if self.intent == "all" and self.rank_by is not None:
            return f"frameworks, {self.rank_by.describe()}"
        if self.intent == "all":
            return "how many frameworks there are" if self.count else "every framework"
        if self.intent == "record":
            term = self.frameworks[0]
            return (
                f"{' and '.join(self.parts)} of {term.label}"
                if self.parts
                else f"what the graph says about {term.label}"
            )
        if self.intent == "comparison":
            return "a comparison of " + _enumerate([t.label for t in self.frameworks])
        if not self.constraints:
            return None
        said: list[str] = []
        seen: set[int] = set()
        for c in self.constraints:
            if c.kind in {"source", "framework"}:
                continue
            if c.group is None:
                said.append(c.describe())
            elif c.group not in seen:
                seen.add(c.group)
                members = [m for m in self.constraints if m.group == c.group]
                said.append(_any_of(members))
        text = "frameworks " + _enumerate(said) if said else "frameworks"
        among = [c.term.label for c in self.constraints if c.kind == "framework" and not c.negated]
        if among:  # "is Django good for beginners": "Django if recommended for Beginners"
            text = _enumerate(among, "or") + (" if " + _enumerate(said) if said else "")
        if self.count:
            text = "how many " + text
        excluded = [c.term.label for c in self.constraints if c.kind == "framework" and c.negated]
        if excluded:  # "Java frameworks except Spring Boot"
            text += ", other than " + _enumerate(excluded, "and")
        text += "".join(f", {c.describe()}" for c in self.constraints if c.kind == "source")
        return text + (f", {self.rank_by.describe()}" if self.rank_by is not None else "")

    @property
    def notes(self) -> list[str]:
        """Say what the reading decided that the question did not say outright."""
        notes = [correction.text() for correction in self.corrections]
        if self.left_out:
            left = _enumerate(list(self.left_out), "and")
            notes.append(f"at most {MAX_COMPARED} frameworks are compared side by side: {left} left out")
        for word, labels in self.unsure:
            notes.append(f"'{word}' is close to {_enumerate(list(labels), 'and')}: not read as any of them")
        groups = sorted({c.group for c in self.constraints if c.group is not None})
        for group in groups:
            members = [c for c in self.constraints if c.group == group]
            matched = list(dict.fromkeys(f"'{c.matched}'" for c in members))
            if len(matched) < len(members):  # one phrase naming our style and TechEmpower's class
                notes.append(f"{_enumerate(matched, 'and')} read as alternatives ({_any_of(members)}): "
                             "a framework meeting any of them, ranked by how many it meets")  # fmt: skip
                continue
            joined = _enumerate(matched, "and")
            notes.append(f"{joined} read as alternatives: a framework meeting any of them, ranked by how many it meets")
        if self.rank_by is not None:
            notes.append(
                f"'{self.rank_by.matched}' read as a ranking, {self.rank_by.describe()}: only the frameworks with a "
                "measured figure are answered"
            )
        if self.ignored and self.intent in {"list", "all", "comparison", "record"}:
            unknown = _enumerate([f"'{word}'" for word in self.ignored], "and")
            notes.append(f"not understood: {unknown}; the answer does not take it into account")
        return notes

    def as_json(self) -> dict[str, Any]:
        """Describe the interpretation for the API."""
        return {
            "intent": self.intent,
            "constraints": [c.as_json() for c in self.constraints],
            "ignored": list(self.ignored),
            "corrections": [{"typed": c.typed, "read_as": c.label} for c in self.corrections],
            "notes": self.notes,
            "summary": self.summary,
            **({"count": True} if self.count else {}),
            **({"rank_by": self.rank_by.as_json()} if self.rank_by is not None else {}),
        }


def _enumerate(items: Sequence[str], last: str = "and") -> str:
    """Join phrases as English does: "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def _any_of(members: Sequence[Constraint]) -> str:
    # "suited to Prototypes or MVPs (or a narrower use case)": the relation said once.
    first = members[0].describe()
    label = members[0].term.label
    head, _, tail = first.partition(label)
    if all(m.describe() == f"{head}{m.term.label}{tail}" for m in members):
        return f"{head}{_enumerate([m.term.label for m in members], 'or')}{tail}"
    return _enumerate([m.describe() for m in members], "or")


@dataclass
class _Found:
    """A name found in the question: where, what it may name, and whether it came from a near miss."""

    start: int
    end: int
    terms: list[Term]
    phrase: str


class Lexicon:
    """Every name in the graph (labels, synonyms, slugs) as word sequences, mapped to its terms."""

    # When one phrase names terms of several facets, the first facet here wins.
    PRIORITY = (
        "audience", "use_case", "language", "runtime", "framework", "aspect", "feature", "style", "source",
        "classification", "database", "orm", "platform", "server",
    )  # fmt: skip

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.phrases: dict[tuple[str, ...], list[Term]] = {}
        for term in catalog.terms:
            for name in {term.slug, *term.names}:
                key = tuple(words(name))
                if key and len(key) <= MAX_PHRASE and term not in self.phrases.setdefault(key, []):
                    self.phrases[key].append(term)
        for found in self.phrases.values():
            found.sort(key=lambda t: self.PRIORITY.index(t.facet) if t.facet in self.PRIORITY else 99)
        self._broader = _broader_map(catalog)
        # Our style and TechEmpower's class called by one name ("micro", "full-stack"): either is meant.
        self._same_class = _same_class(catalog)
        # The words a misspelt word may be read as: one-word names, and the marker words themselves
        # (so that "framwork" is read as the word "framework", not as a name).
        self._near: list[str] = sorted(
            {key[0] for key in self.phrases if len(key) == 1 and len(key[0]) >= phrases.FUZZY_MIN_LENGTH - 1}
            | {word for word in phrases.MARKERS if len(word) >= phrases.FUZZY_MIN_LENGTH - 1}
        )

    def interpret(
        self,
        question: str,
        similar_available: Callable[[Term], bool] | None = None,
        figures: Figures | None = None,
    ) -> Interpretation:
        """Read a question: find the longest names left to right, then what the words around them ask.

        A superlative ("fastest") is said at the level and run of `figures` (read once per dataset if not given).
        """
        tokens = phrases.tokens(question)
        folded = [t[1] for t in tokens]
        found: list[_Found] = []
        ignored: list[str] = []
        corrections: list[Correction] = []
        unsure: list[tuple[str, tuple[str, ...]]] = []
        ranking = self._ranking(tokens, folded, corrections)
        if ranking is not None:
            ranking = _at_level(ranking, figures if figures is not None else figures_of(self.catalog))
        position = 0
        while position < len(tokens):
            match = self._longest(folded, position)
            if match is not None:
                length, terms = match
                phrase = " ".join(t[0] for t in tokens[position : position + length])
                found.append(_Found(position, position + length, terms, phrase))
                position += length
                continue
            typed, word = tokens[position]
            if word not in phrases.MARKERS and word not in phrases.FUNCTION_WORDS:
                near, close = self._near_name(word) if word not in phrases.NOT_TYPOS else (None, ())
                if near is not None:
                    folded[position] = near
                    named = self.phrases.get((near,))
                    if named:  # a misspelt name; a misspelt marker word now reads as that word
                        found.append(_Found(position, position + 1, named, typed))
                        corrections.append(Correction(typed, named[0].label))
                elif close:
                    unsure.append((typed, close))
                    ignored.append(typed)
                else:
                    ignored.append(typed)
            position += 1
        reading = self._read(question, folded, found, ignored, corrections, unsure)
        if ranking is None or reading.intent in {"nothing", "comparison"}:
            return reading
        if reading.intent == "record":  # "fastest Flask": the framework with its figure, as a list of one
            framework = reading.frameworks[0]
            constraint = Constraint("framework", framework, framework.label)
            return replace(reading, intent="list", constraints=(constraint,), frameworks=(), parts=(), rank_by=ranking)
        return replace(reading, rank_by=ranking)

    def _ranking(
        self, tokens: list[tuple[str, str]], folded: list[str], corrections: list[Correction]
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
                        if limit and near is not None and key not in self.phrases:
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

    def _near_name(self, word: str) -> tuple[str | None, tuple[str, ...]]:
        """Return the one name (or marker word) within a few edits of `word`, else the labels it is close to."""
        limit = phrases.max_typos(word)
        if not limit or not word.isalpha():
            return None, ()
        matches = process.extract(word, self._near, scorer=OSA.distance, score_cutoff=limit, limit=None)
        if not matches:
            return None, ()
        best = min(distance for _, distance, _ in matches)
        nearest = [choice for choice, distance, _ in matches if distance == best]
        meanings = {
            (self.phrases[(choice,)][0].iri if (choice,) in self.phrases else "word:" + choice) for choice in nearest
        }
        if len(meanings) == 1 or all(meaning.startswith("word:") for meaning in meanings):
            return nearest[0], ()  # one name, or English words only (which of them does not matter)
        labels = {self.phrases[(c,)][0].label if (c,) in self.phrases else c for c in nearest}
        return None, tuple(sorted(labels, key=str.casefold))

    def _read(
        self,
        question: str,
        folded: list[str],
        found: list[_Found],
        ignored: list[str],
        corrections: list[Correction],
        unsure: list[tuple[str, tuple[str, ...]]],
    ) -> Interpretation:
        inside_names = {position for item in found for position in range(item.start, item.end)}
        said = {
            word for position, word in enumerate(folded) if position not in inside_names
        }  # "on" of "Ruby on Rails" is no cue
        reading: dict[str, Any] = {
            "question": question,
            "ignored": tuple(ignored),
            "corrections": tuple(dict.fromkeys(corrections)),
            "unsure": tuple(unsure),
        }
        # What each name stands for: the first of its terms, or the platform or server the words before ask for.
        chosen = [_by_cue(item.terms, set(folded[max(0, item.start - CUE_WINDOW) : item.start])) for item in found]
        names = [item for item, term in zip(found, chosen, strict=True) if term.facet in {"framework", "runtime"}]
        others = [item for item, term in zip(found, chosen, strict=True) if term.facet not in {"framework", "runtime"}]

        def gap(index: int) -> list[str]:  # the words between a name and the one before it
            begin = found[index - 1].end if index else 0
            return folded[begin : found[index].start]

        cued = phrases.SIMILARITY_CUES | phrases.DISSIMILARITY_CUES | phrases.BUILT_ON_CUES
        # A runtime named with "frameworks" asks what runs on it ("Node frameworks"); a framework
        # named with it is still the framework ("the Django framework").
        runtime = any(item.terms[0].facet == "runtime" for item in names)
        plain = not (cued & said) and not (runtime and phrases.SUBJECT_WORDS & said)
        # Two or three frameworks asked about side by side: "Flask vs Django", "compare X and Y", "X or Y".
        if len(names) >= 2 and not others and (phrases.COMPARISON_CUES & said or plain):
            named = list(dict.fromkeys(self._as_framework(item.terms[0]) for item in names))
            terms, left_out = named[:MAX_COMPARED], tuple(t.label for t in named[MAX_COMPARED:])
            if len(terms) >= 2:
                return Interpretation(
                    constraints=(), intent="comparison", frameworks=tuple(terms), left_out=left_out, **reading
                )
        # One framework named alone: its record, or the part asked for ("flask cons").
        negation = phrases.NEGATION_CUES & said
        if len(names) == 1 and not others and plain and not negation:
            parts = tuple(dict.fromkeys(phrases.RECORD_PARTS[w] for w in folded if w in phrases.RECORD_PARTS))
            term = self._as_framework(names[0].terms[0])
            return Interpretation(constraints=(), intent="record", frameworks=(term,), parts=parts, **reading)

        constraints: list[Constraint] = []
        negated_before = False
        for index, item in enumerate(found):
            between = gap(index)
            before = folded[max(0, item.start - CUE_WINDOW) : item.start]
            after = folded[item.end : item.end + 1]
            inside = folded[item.start : item.end]
            negated = bool(phrases.NEGATION_CUES & set(between[-CUE_WINDOW:]))
            if not negated and negated_before and between and set(between) <= phrases.JOINERS:
                negated = True  # "not for APIs or real-time apps": the negation reaches across "or"
            term = chosen[index]
            previous = constraints[-1] if constraints else None
            if term.facet in {"framework", "runtime"}:
                before = between[-CUE_WINDOW:]  # a cue before one name is not another's ("like Flask except Bottle")
            if (
                term.facet in {"framework", "runtime"}
                and previous is not None
                and previous.kind in {"similar", "built_on"}
                and set(between) <= phrases.JOINERS  # or nothing: "like Rails, Django"
            ):  # "like Flask and Django", "built on Node.js or Deno": the cue reaches across "and"/"or"
                target = self._as_framework(term) if previous.kind == "similar" else term
                constraint = Constraint(previous.kind, target, item.phrase, previous.negated)
            else:
                constraint = self._constraint(term, item.phrase, before, inside, after, negated)
            negated_before = constraint.negated
            if constraint not in constraints:
                paired = (
                    self._same_class.get(constraint.term.iri)
                    if constraint.kind in {"style", "classification"}
                    else None
                )
                if paired is not None:  # "micro-frameworks": our style or TechEmpower's class, either
                    group = None if constraint.negated else len(constraints)
                    constraint = _with_group(constraint, group)
                    other = Constraint(paired.facet, paired, item.phrase, constraint.negated, group)
                    constraints += [constraint, other] if constraint.kind == "style" else [other, constraint]
                    continue
                constraints.append(constraint)
        constraints = self._group(constraints, found, folded)
        reading["count"] = bool(phrases.COUNT_CUES & said)
        if not constraints:
            if ignored or not (said & (phrases.SUBJECT_WORDS | phrases.ALL_WORDS | phrases.COUNT_CUES)):
                return Interpretation(constraints=(), intent="nothing", **reading)
            return Interpretation(constraints=(), intent="all", **reading)
        return Interpretation(constraints=tuple(constraints), **reading)

    def _group(self, constraints: list[Constraint], found: list[_Found], folded: list[str]) -> list[Constraint]:
        """Make values of one kind joined by "and"/"or" (or listed) alternatives: "for prototypes and MVPs"."""
        by_phrase = {item.phrase: item for item in found}
        grouped = list(constraints)
        # One phrase may stand for several alternatives already ("micro": a style or a class): one unit.
        units: list[list[int]] = []
        for i, c in enumerate(grouped):
            last = grouped[units[-1][0]] if units else None
            if last is not None and c.group is not None and last.group == c.group and last.matched == c.matched:
                units[-1].append(i)
            else:
                units.append([i])
        for before, after in pairwise(units):
            first, second = grouped[before[0]], grouped[after[0]]
            if (
                first.kind != second.kind
                or first.kind not in GROUPED_KINDS
                or first.negated
                or second.negated
                or first.matched not in by_phrase
                or second.matched not in by_phrase
            ):
                continue
            between = folded[by_phrase[first.matched].end : by_phrase[second.matched].start]
            if set(between) <= phrases.JOINERS | {"a", "an", "the", "for", "to", "with", "in"} and (
                not between or phrases.JOINERS & set(between)
            ):
                group = first.group if first.group is not None else before[0]
                for j in before + after:
                    grouped[j] = _with_group(grouped[j], group)
        return grouped

    def _as_framework(self, term: Term) -> Term:
        if term.facet == "runtime":
            return self.catalog.find("framework", term.slug) or term
        return term

    def _longest(self, folded: list[str], start: int) -> tuple[int, list[Term]] | None:
        for length in range(min(MAX_PHRASE, len(folded) - start), 0, -1):
            terms = self.phrases.get(tuple(folded[start : start + length]))
            if terms:
                return length, terms
        return None

    def _constraint(
        self, term: Term, phrase: str, before: list[str], inside: list[str], after: list[str], negated: bool = False
    ) -> Constraint:
        if term.facet in {"framework", "runtime"}:
            unlike = bool(phrases.DISSIMILARITY_CUES & set(before))
            negated = negated or unlike
            wants_similar = unlike or bool(phrases.SIMILARITY_CUES & set(before + after))
            wants_base = bool(phrases.BUILT_ON_CUES & set(before) or phrases.BUILT_ON_AFTER & set(after))
            wants_base = wants_base or term.facet == "runtime"
            if term.facet == "framework" and not wants_base and not wants_similar:
                # "except Spring Boot" leaves it out; "is Django good for beginners" asks about it alone
                return Constraint("framework", term, phrase, negated=negated)
            kind = "built_on" if wants_base and not wants_similar else "similar"
            if kind == "similar" and term.facet == "runtime":
                term = self.catalog.find("framework", term.slug) or term
            return Constraint(kind, term, phrase, negated=negated)
        if term.facet == "aspect":
            negative = bool(phrases.NEGATIVE_CUES & set(before + inside))
            return Constraint("con" if negative else "pro", term, phrase, negated=negated)
        if term.facet == "use_case":
            return Constraint("use_case", self._general(term), phrase, negated=negated)
        return Constraint(term.facet, term, phrase, negated=negated and term.facet != "source")

    def _general(self, term: Term) -> Term:
        # "building APIs" or "Web APIs" in a question means APIs in general: a use case whose name
        # contains the name of a broader use case is read as that broader one.
        own = set(words(term.label))
        for broader in self._broader.get(term.iri, []):
            for name in (broader.label, *broader.names):
                name_words = set(words(name))
                if name_words and name_words < own:
                    return self._general(broader)
        return term

    def suggestions(self, ignored: Sequence[str], limit: int = 5) -> dict[str, Any]:
        """Suggest names close to the words not understood, and example questions from the data."""
        close: dict[str, list[str]] = {}
        for word in ignored:
            near, labels = self._near_name(normalise(word))
            if near is not None and (near,) in self.phrases:
                close[word] = [self.phrases[(near,)][0].label]
            elif labels:
                close[word] = list(labels)
        return {"did_you_mean": close, "examples": self.examples(limit)}

    def examples(self, limit: int = 5) -> list[str]:
        """Return example questions built from the most used languages, use cases and aspects."""
        return self._examples[:limit]

    @cached_property
    def _examples(self) -> list[str]:
        # Counting takes queries: done once per dataset, not on every page or unanswered question.
        top = {
            facet: sorted(self.catalog.of_facet(facet), key=lambda t: -counts.get(t.iri, 0))
            for facet in ("language", "use_case", "aspect")
            if (counts := self.catalog.counts(facet)) is not None
        }
        examples = [
            f"{language.label} frameworks suited to {use_case.label}"
            for language, use_case in zip(top["language"][:2], top["use_case"][:2], strict=False)
        ]
        if top["aspect"]:
            examples.append(f"frameworks praised for {top['aspect'][0].label.lower()}")
        audiences = self.catalog.of_facet("audience")
        if audiences:
            examples.append(f"frameworks recommended for {audiences[0].label.lower()}")
        frameworks = self.catalog.of_facet("framework")
        if frameworks:
            examples.append(f"frameworks like {frameworks[0].label}")
        return examples


def _broader_map(catalog: Catalog) -> dict[str, list[Term]]:
    by_iri = {term.iri: term for term in catalog.of_facet("use_case")}
    query = vocab.sparql_prefixes(("skos", "sa")) + "SELECT ?u ?b WHERE { ?u a sa:UseCase ; skos:broader ?b }"
    broader: dict[str, list[Term]] = {}
    for row in select(catalog.store, query):
        if row["b"].value in by_iri:
            broader.setdefault(row["u"].value, []).append(by_iri[row["b"].value])
    return broader


def _with_group(constraint: Constraint, group: int | None) -> Constraint:
    return Constraint(constraint.kind, constraint.term, constraint.matched, constraint.negated, group)


def _by_cue(terms: Sequence[Term], before: set[str]) -> Term:
    """Return the term a phrase names: the first by Lexicon.PRIORITY, unless the words before ask for a set-up's
    platform or server ("on WSGI", "behind Tornado", "benchmarked on Node.js")."""
    first = terms[0]
    for term in terms[1:]:
        cues = phrases.FACET_CUES.get(term.facet, frozenset()) | phrases.BENCHMARK_CUES
        if not cues & before:
            continue
        if first.facet in {"framework", "runtime", "language"} and not (
            (phrases.STRONG_FACET_CUES | phrases.BENCHMARK_CUES) & before
        ):
            continue  # "on Node.js", "on Rack": what a framework is built on, as before
        return term
    return first


def _same_class(catalog: Catalog) -> dict[str, Term]:
    """Pair each architectural style with TechEmpower's class of the same name (and back)."""

    def keys(term: Term) -> set[str]:
        return {"".join(words(name)) for name in (term.label, term.slug, *term.names)} - {""}

    classes = catalog.of_facet("classification")
    pairs: dict[str, Term] = {}
    for style in catalog.of_facet("style"):
        for cls in classes:
            if keys(style) & keys(cls):
                pairs.setdefault(style.iri, cls)
                pairs.setdefault(cls.iri, style)
    return pairs


_FIGURES: weakref.WeakKeyDictionary[Catalog, Figures] = weakref.WeakKeyDictionary()


def figures_of(catalog: Catalog) -> Figures:
    """Return the measured figures of a catalog's dataset, read once (when no Figures is handed in)."""
    if catalog not in _FIGURES:
        _FIGURES[catalog] = Figures(catalog.store)
    return _FIGURES[catalog]


def _at_level(ranking: Ranking, figures: Figures) -> Ranking:
    level = figures.default_level
    if level is None:
        return ranking
    metric = METRICS[ranking.metric]
    runs = sorted({f.run["label"] for f in figures.best(metric, level).values()})
    return replace(ranking, level=level, runs=tuple(runs))


# --- Answering a reading --------------------------------------------------------------------------------------------


def reply(
    catalog: Catalog,
    reading: Interpretation,
    source: Source | None = None,
    similarity: SimilarityIndex | None = None,
    figures: Figures | None = None,
) -> dict[str, Any]:
    """Answer what a question was read as: a list, every framework, one record or a comparison.

    Every query runs on `source` (the time-limited query processes for the web) when given. A superlative
    ("fastest") ranks by `figures` (read once per dataset when not given).
    """
    source = catalog.store if source is None else source
    if reading.intent == "record":
        term = reading.frameworks[0]
        record = _on(catalog, source).framework(term.slug)
        if record is not None:
            links = {"page": f"/id/{term.slug}", "api": f"/api/frameworks/{term.slug}"}
            record["links"] = {"page": links["page"], "similar": f"/api/frameworks/{term.slug}/similar"}  # as the API
            part = {key: record[key] for key in reading.parts if key in record}
            told: dict[str, Any] = {"kind": "record", "record": record, "links": links, "sparql": None}
            return {**told, **({"part": part} if part else {}), "results": [_framework_result(record)]}
    if reading.intent == "comparison":
        compared = comparison(catalog, [t.slug for t in reading.frameworks], source, similarity)
        if compared is not None:
            results = [_framework_result(record) for record in compared.pop("records")]
            return {"kind": "comparison", "comparison": compared, "links": compared["links"], "sparql": None,
                    "results": results}  # fmt: skip
    if reading.intent == "nothing":
        return {"kind": "nothing", "sparql": None, "results": []}
    found = answer(catalog, reading.constraints, source)
    results, ranking = found.results, None
    if reading.rank_by is not None:
        results, ranking = _ranked(reading.rank_by, results, figures if figures is not None else figures_of(catalog))
    counted = {"count": len(results)} if reading.count else {}
    ranked = {"ranking": ranking} if ranking is not None else {}
    return {"kind": reading.intent, "sparql": found.sparql, **counted, **ranked, "results": results}


def _ranked(
    rank_by: Ranking, results: list[dict[str, Any]], figures: Figures
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Keep the results with a measured figure, ranked by it, each with the figure and a reason saying it."""
    metric = METRICS[rank_by.metric]
    level = rank_by.level if rank_by.level is not None else figures.default_level
    by_iri = {result["iri"]: result for result in results}
    ranked: list[Figure] = figures.ranked(metric, level, by_iri) if level is not None else []
    if not rank_by.best_first:
        ranked.reverse()
    kept = []
    for figure in ranked:
        result = {**by_iri[figure.framework], "figure": figure.as_json()}
        run = figure.run
        text = f"{result['label']}: {figure.describe()}, in the {run['label']}"
        reason = {"triple": [vocab.compact(figure.framework), "sa:" + metric.prop, f"{figure.value:g}"],
                  "text": text, "source": run["source"]}  # fmt: skip
        result["why"] = [*result["why"], reason]
        kept.append(result)
    runs = list({figure.run["run"]: figure.run for figure in ranked}.values()) or list(figures.runs.values())[:1]
    said = [{"id": r["id"], "label": r["label"], "date": r["date"], "hardware": r["hardware"]} for r in runs]
    ranking: dict[str, Any] = {
        "metric": metric.name,
        "label": metric.label,
        "unit": metric.unit,
        "best_first": rank_by.best_first,
        "means": rank_by.describe(),
        "concurrency": level,
        "run": said[0] if said else None,
        "caveat": runs[0]["caveat"] if runs else None,
        "unmeasured": len(results) - len(kept),
    }
    if len(runs) > 1:  # figures of several runs ranked together: every run and caveat said
        ranking["runs"] = [{**run, "caveat": r["caveat"]} for run, r in zip(said, runs, strict=True)]
    return kept, ranking


def _framework_result(record: dict[str, Any]) -> dict[str, Any]:
    kind = "sa:Framework" if "sa:Framework" in record.get("types", []) else "sa:Runtime"
    why = {
        "triple": [vocab.compact(record["iri"]), "rdf:type", kind],
        "text": f"{record['label']}: {record.get('description') or 'named in the question'}",
        "source": None,
    }
    return {**ref(record["iri"], record["label"]), "why": [why]}


def _on(catalog: Catalog, source: Source) -> Catalog:
    """Return the catalog reading its records from `source` (the same data, under the query limits)."""
    if source is catalog.store:
        return catalog
    view = copy.copy(catalog)
    view.store = source
    return view


def comparison(
    catalog: Catalog, slugs: Sequence[str], source: Source | None = None, similarity: SimilarityIndex | None = None
) -> dict[str, Any] | None:
    """Set two or three frameworks side by side (see compare.py), their records read from `source`."""
    view = _on(catalog, catalog.store if source is None else source)
    records = [record for slug in slugs if (record := view.framework(slug)) is not None]
    if len(records) < 2:
        return None
    return {**side_by_side(records, similarity), "records": records}
