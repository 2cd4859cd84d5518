"""Plain-English questions and facet filters → constraints → SPARQL, with the triples that justify each answer.

Words are matched against the labels and synonyms (skos:altLabel) in the graph itself, so a use
case or language added to the data is understood with no code change. What is hand-written here
is only how English marks a relation: "like X" (similarity), "built on X", and words that turn an
aspect into a criticism ("steep", "poor", ...).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pyoxigraph as ox

from service.graph import vocab
from service.graph.catalog import Catalog, Term, ref
from service.graph.engine import Source, select

# Words before a framework's name that ask for similar frameworks ("like Flask", "Flask alternatives").
SIMILARITY_CUES = frozenset({"like", "similar", "alternative", "alternatives", "resembling", "comparable", "than"})
# Words before a name that ask what is built or runs on it ("frameworks built on Node.js").
BUILT_ON_CUES = frozenset({"on", "built", "running", "runs", "based", "atop"})
# Words that make an aspect a con ("frameworks with a steep learning curve", "poor performance").
NEGATIVE_CUES = frozenset(
    {
        "steep", "hard", "difficult", "poor", "bad", "weak", "slow", "lacking", "limited", "con", "cons",
        "criticised", "criticized", "complaint", "complaints", "problem", "problems", "issue", "issues",
        "downside", "downsides", "drawback", "drawbacks", "worst", "struggle", "struggles", "overhead",
        "without", "weakness", "weaknesses", "painful",
    }
)  # fmt: skip
CUE_WINDOW = 3  # how many words before a name may carry its cue
MAX_PHRASE = 6  # longest label, in words, that is looked for

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


@dataclass(frozen=True)
class Constraint:
    """One condition an answer must meet, and the words of the question it came from."""

    kind: str  # language | use_case | pro | con | audience | feature | style | built_on | similar | source
    term: Term
    matched: str

    def describe(self) -> str:
        """Say the condition in words."""
        label = self.term.label
        return {
            "language": f"written in {label}",
            "use_case": f"suited to {label} (or a narrower use case)",
            "pro": f"praised for {label}",
            "con": f"criticised for {label}",
            "audience": f"recommended for {label}",
            "feature": f"has {label}",
            "style": f"is {label}",
            "built_on": f"built on or running on {label}",
            "similar": f"similar to {label}",
            "source": f"according to {label}",
        }[self.kind]

    def as_json(self) -> dict[str, Any]:
        """Describe the constraint for the API."""
        described = ref(self.term.iri, self.term.label)
        return {"kind": self.kind, **described, "matched": self.matched, "means": self.describe()}


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


def compile_sparql(constraints: Sequence[Constraint]) -> str:
    """Return the SPARQL that finds the frameworks meeting every constraint, with their evidence."""
    evidence = " ".join(f"?g{i} ?x{i}" for i in range(len(constraints)))
    tiebreak = " ".join(f"?x{i} ?g{i}" for i in range(len(constraints)))
    scores = [f"?score{i}" for i, c in enumerate(constraints) if c.kind == "similar"]
    sources = [f"<{c.term.iri}>" for c in constraints if c.kind == "source"]
    lines = [f"VALUES ?source {{ {' '.join(sources)} }}"] if sources else []
    for i, c in enumerate(constraints):
        lines.append(_PATTERNS[c.kind].format(i=i, o=_sparql_term(c.term.iri)))
        if sources and c.kind not in _UNRESTRICTED:
            lines.append(_FROM_SOURCES.format(i=i))
    if sources:  # and the framework itself is one the source speaks of
        lines.append("FILTER EXISTS { GRAPH ?section { ?framework ?claim ?value } ?section dct:isPartOf ?source }")
    patterns = "\n  ".join(lines)
    order = f"DESC({scores[0]}) " if scores else ""
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
    details = _describe_nodes(source, {row[f"x{i}"] for row in rows for i in range(len(constraints))})
    results: dict[str, dict[str, Any]] = {}
    for row in rows:
        iri = row["framework"].value
        entry = results.setdefault(iri, {**ref(iri, row["label"].value), "why": []})
        for i, constraint in enumerate(constraints):
            if constraint.kind == "similar":
                entry.setdefault("score", float(row[f"score{i}"].value))
            for reason in _why(constraint, iri, entry["label"], row[f"x{i}"], row[f"g{i}"], details, catalog):
                if reason not in entry["why"]:
                    entry["why"].append(reason)
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
    source = _cite(catalog.source_of(graph.value)) if graph is not None else None
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


_DIRECT = {"language": "sa:language", "feature": "sa:hasFeature", "style": "sa:style"}


def _cite(section: dict[str, Any] | None) -> dict[str, Any] | None:
    if section is None:
        return None
    source = section.get("source") or {}
    return {
        "id": section["id"],
        "label": section["label"],
        "source": source.get("label"),
        "curated": section.get("curated", False),
    }


# --- Reading a question ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Interpretation:
    """What a question was read as: constraints, the words behind them, and the words ignored."""

    question: str
    constraints: tuple[Constraint, ...]
    ignored: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        """Describe the interpretation for the API."""
        summary = " and ".join(c.describe() for c in self.constraints) or None
        return {
            "constraints": [c.as_json() for c in self.constraints],
            "ignored": list(self.ignored),
            "summary": f"frameworks {summary}" if summary else None,
        }


class Lexicon:
    """Every name in the graph (labels, synonyms, slugs) as word sequences, mapped to its terms."""

    # When one phrase names terms of several facets, the first facet here wins.
    PRIORITY = ("audience", "use_case", "language", "runtime", "framework", "aspect", "feature", "style", "source")

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

    def interpret(self, question: str, similar_available: Callable[[Term], bool] | None = None) -> Interpretation:
        """Read a question: find the longest names left to right and turn each into a constraint."""
        tokens = [(m.group(), normalise(m.group())) for m in _WORD.finditer(question)]
        folded = [t[1] for t in tokens]
        constraints: list[Constraint] = []
        ignored: list[str] = []
        position = 0
        while position < len(tokens):
            match = self._longest(folded, position)
            if match is None:
                ignored.append(tokens[position][0])
                position += 1
                continue
            length, terms = match
            phrase = " ".join(t[0] for t in tokens[position : position + length])
            before = folded[max(0, position - CUE_WINDOW) : position]
            inside = folded[position : position + length]
            after = folded[position + length : position + length + 1]
            constraint = self._constraint(terms[0], phrase, before, inside, after)
            if constraint not in constraints:
                constraints.append(constraint)
            position += length
        return Interpretation(question=question, constraints=tuple(constraints), ignored=tuple(ignored))

    def _longest(self, folded: list[str], start: int) -> tuple[int, list[Term]] | None:
        for length in range(min(MAX_PHRASE, len(folded) - start), 0, -1):
            terms = self.phrases.get(tuple(folded[start : start + length]))
            if terms:
                return length, terms
        return None

    def _constraint(
        self, term: Term, phrase: str, before: list[str], inside: list[str], after: list[str]
    ) -> Constraint:
        if term.facet in {"framework", "runtime"}:
            wants_similar = bool(SIMILARITY_CUES & set(before + after))
            wants_base = bool(BUILT_ON_CUES & set(before)) or term.facet == "runtime"
            kind = "built_on" if wants_base and not wants_similar else "similar"
            if kind == "similar" and term.facet == "runtime":
                term = self.catalog.find("framework", term.slug) or term
            return Constraint(kind, term, phrase)
        if term.facet == "aspect":
            negative = bool(NEGATIVE_CUES & set(before + inside))
            return Constraint("con" if negative else "pro", term, phrase)
        if term.facet == "use_case":
            return Constraint("use_case", self._general(term), phrase)
        return Constraint(term.facet, term, phrase)

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
        names = {" ".join(key): terms[0] for key, terms in self.phrases.items()}
        close: dict[str, list[str]] = {}
        for word in ignored:
            if len(word) >= 5:  # shorter words match too much by accident ("nice" ~ "novice")
                matches = difflib.get_close_matches(normalise(word), list(names), n=3, cutoff=0.75)
                if matches:
                    close[word] = list(dict.fromkeys(names[m].label for m in matches))
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
