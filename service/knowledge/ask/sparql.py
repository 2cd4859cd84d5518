"""Constraints → one SPARQL SELECT that finds the frameworks meeting them, with the nodes that justify each."""

from __future__ import annotations

from collections.abc import Sequence

from service import vocab
from service.knowledge.ask.constraint import Constraint, evidence_indices

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
    "licence": "GRAPH ?g{i} {{ ?framework dct:license {o} }}",
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


def compile_sparql(constraints: Sequence[Constraint]) -> str:
    """Return the SPARQL that finds the frameworks meeting every constraint, with their evidence.

    A negated constraint excludes (FILTER NOT EXISTS, or != for a framework named); constraints of
    one group are alternatives, each OPTIONAL, at least one bound, ranked by how many are.
    """
    used = evidence_indices(constraints)
    evidence = " ".join(f"?g{i} ?x{i}" for i in used)
    tiebreak = " ".join(f"?x{i} ?g{i}" for i in used)
    scores = [f"?score{i}" for i in used if constraints[i].kind == "similar"]
    sources = [f"<{c.term.iri}>" for c in constraints if c.kind == "source"]
    lines = [f"VALUES ?source {{ {' '.join(sources)} }}"] if sources else []
    among = [sparql_term(c.term.iri) for c in constraints if c.kind == "framework" and not c.negated]
    if among:  # the frameworks named, when the question is about them ("is Django good for beginners")
        lines.append(f"VALUES ?framework {{ {' '.join(among)} }}")
    for i, c in enumerate(constraints):
        lines += _constraint_lines(i, c, restricted=bool(sources))
    met = []
    for members in _alternatives(constraints).values():
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


def _constraint_lines(i: int, c: Constraint, restricted: bool) -> list[str]:
    """Return the lines of the WHERE clause for constraint `i`, its claims kept to the sources when `restricted`."""
    lines = []
    if c.kind == "framework" or (c.kind == "similar" and c.negated):  # and not the framework named itself
        if c.negated:
            lines.append(f"FILTER(?framework != {sparql_term(c.term.iri)})")
        if c.kind == "framework":
            return lines
    pattern = _PATTERNS[c.kind].format(i=i, o=sparql_term(c.term.iri))
    if restricted and c.kind not in _UNRESTRICTED:
        pattern += "\n  " + _FROM_SOURCES.format(i=i)
    if c.negated:
        lines.append(f"FILTER NOT EXISTS {{ {pattern} }}")
    elif c.group is not None:
        lines.append(f"OPTIONAL {{ {pattern} }}")
    else:
        lines.append(pattern)
    return lines


def _alternatives(constraints: Sequence[Constraint]) -> dict[int, list[int]]:
    """Return each group's members (the OPTIONAL patterns): of them, at least one must be met."""
    groups: dict[int, list[int]] = {}
    for i, c in enumerate(constraints):
        if c.group is not None and not c.negated and c.kind != "framework":
            groups.setdefault(c.group, []).append(i)
    return groups


def sparql_term(iri: str) -> str:
    """Write an IRI for a query: compact (id:flask) where the local name needs no escaping, else in full."""
    compact = vocab.compact(iri)
    return compact if compact != iri and "/" not in compact.split(":", 1)[1] else f"<{iri}>"
