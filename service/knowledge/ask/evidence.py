"""Running constraints on the graph, and the triples (said in words, with their source) that justify each answer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from service import vocab
from service.knowledge.ask.constraint import Constraint, evidence_indices
from service.knowledge.ask.sparql import compile_sparql
from service.knowledge.catalog import Catalog, ref
from service.knowledge.compare import cite
from service.query.engine import Source, select


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
    used = evidence_indices(constraints)
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


# The kinds whose claim is one triple from the framework to the term asked for.
_DIRECT = {
    "language": "sa:language",
    "feature": "sa:hasFeature",
    "licence": "dct:license",
    "style": "sa:style",
    "classification": "sa:benchmarkClassification",
    "database": "sa:benchmarkedWith",
    "orm": "sa:benchmarkedOrm",
    "platform": "sa:benchmarkedPlatform",
    "server": "sa:benchmarkedOn",
}


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
