"""Which graphs a query reads, and which in-memory store answers it: the dataset SPARQL 1.1 says, exactly.

The protocol's graphs replace a query's FROM and FROM NAMED; those, if any, make its dataset; else the default
graph is the RDF merge of the named graphs, held as a copy or read as their union (engine.reads_union), and a
query that names no graph is answered from the merge held alone, when there is one (loading/load.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pyoxigraph as ox

from service.query import guard, ordering
from service.query.engine import Term, reads_union


def evaluate(
    store: ox.Store,
    sparql: str,
    *,
    default_graphs: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
    substitutions: dict[ox.Variable, Term] | None = None,
    merge: ox.Store | None = None,
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run a query on a store over the dataset SPARQL 1.1 says: the protocol's graphs, else the query's FROM, else all.

    Graphs given by the protocol (default-graph-uri, named-graph-uri: either may be empty) replace the
    query's FROM and FROM NAMED (Protocol §2.1.4); otherwise the query's own, if it has any, make the
    dataset (Query §13.2: FROM NAMED alone leaves the default graph empty, FROM alone names no graph);
    otherwise the default graph is the RDF merge of the named graphs (load_dataset copies it, or the
    store reads its union: engine.reads_union), and every named graph can be queried with GRAPH.
    `substitutions` bind variables before evaluation (the engine's own binding, never text). `merge`, the
    store's default graph alone, answers a query over the default dataset that names no graph.
    """
    if default_graphs is None and named_graphs is None:
        clauses = dataset_clauses(sparql)
        if clauses is None and merge is not None and not names_graphs(sparql):
            # Without GRAPH the named graphs are out of reach: the merge alone gives the same answer, faster, since
            # the in-memory store finds a triple of the default graph among the copies of it in every graph
            # (docs/performance.md, "The merge in a store of its own").
            return merge.query(sparql, substitutions=substitutions)
        if clauses is None:  # the default dataset: every graph, and their merge as the default graph
            return store.query(sparql, use_default_graph_as_union=reads_union(store), substitutions=substitutions)
        if len(set(clauses[0])) <= 1:
            # pyoxigraph honours a query's own FROM and FROM NAMED (and would ignore them under the union flag)
            return store.query(sparql, substitutions=substitutions)
        default, named = clauses
    else:
        default, named = tuple(default_graphs or ()), tuple(named_graphs or ())
    default, named = tuple(dict.fromkeys(default)), tuple(dict.fromkeys(named))
    available: list[ox.NamedNode | ox.BlankNode] = [ox.NamedNode(graph) for graph in named]
    if len(default) <= 1:
        return store.query(
            sparql,
            default_graph=[ox.NamedNode(graph) for graph in default],
            named_graphs=available,
            substitutions=substitutions,
        )
    # pyoxigraph 0.5.13 counts a triple once per graph of a default graph made of several graphs
    # (oxigraph issue 1919): their merge is made in a scratch store, with the named graphs asked
    # for, rather than in the shared store, which other threads may be reading.
    scratch = ox.Store()
    scratch.extend(
        ox.Quad(quad.subject, quad.predicate, quad.object)
        for graph in default
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
    )
    scratch.extend(quad for graph in available for quad in store.quads_for_pattern(None, None, None, graph))
    return scratch.query(sparql, default_graph=ox.DefaultGraph(), named_graphs=available, substitutions=substitutions)


_EMPTY = ox.Store()


def names_graphs(sparql: str) -> bool:
    """Say whether a query may reach named graphs: by GRAPH, its only way to once the dataset is the default one."""
    if "graph" not in sparql.lower():  # no keyword without its letters: the lexer, costly, need not run
        return False
    if _GRAPH_AS_WRITTEN.search(sparql):  # as queries write it: no need to lex (0.12 ms for /api/ask's queries)
        return True
    # The engine reads a keyword glued to what comes before it (`trueGRAPH ?g {`, `1GRAPH ?g {`): any token but
    # a string, an IRI or a variable that holds the letters counts, at worst a query is answered the slower way.
    return any(token.kind not in _NEVER_A_KEYWORD and "GRAPH" in token.text.upper() for token in guard.scan(sparql)[0])


# GRAPH before a variable or an IRI, as queries write it. In a string or after a variable (`?graph ?p`) it says a
# query may reach named graphs when it cannot: the query is then answered from the whole store, rightly still.
_GRAPH_AS_WRITTEN = re.compile(r"graph\s*[?$<]", re.IGNORECASE)
# What the engine never reads as a keyword, whatever it holds (the lexer reads each as the engine does).
_NEVER_A_KEYWORD = frozenset({"string", "long_string", "iri", "variable", "comment", "space"})


def dataset_clauses(sparql: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """Return the IRIs a query's FROM and FROM NAMED clauses name, or None when it has neither."""
    # The clauses are found with the lexer `guard` reads queries with (FROM is a keyword nowhere
    # else), and their IRIs resolved by pyoxigraph itself, against the query's PREFIX and BASE.
    if "from" not in sparql.lower():  # no FROM keyword without its letters: the lexer, costly, need not run
        return None
    read = ordering.tokens(sparql)
    clauses: list[tuple[bool, str]] = []
    form_at = None
    for index, token in enumerate(read):
        if form_at is None and token.word() in guard.QUERY_FORMS:
            form_at = token.start
        if token.word() != "FROM":
            continue
        named = index + 1 < len(read) and read[index + 1].word() == "NAMED"
        target = index + 2 if named else index + 1
        if target < len(read):
            clauses.append((named, read[target].text))
    if not clauses:
        return None
    prologue = sparql[:form_at] if form_at is not None else ""
    probe = prologue + " SELECT ?g WHERE { VALUES ?g { " + " ".join(term for _, term in clauses) + " } }"
    try:
        answer = _EMPTY.query(probe)
    except SyntaxError:
        return None  # not a dataset clause after all; the query itself will say what is wrong
    assert isinstance(answer, ox.QuerySolutions)
    iris = [row["g"] for row in answer]
    if len(iris) != len(clauses) or not all(isinstance(iri, ox.NamedNode) for iri in iris):
        return None
    default = tuple(iri.value for (named, _), iri in zip(clauses, iris, strict=True) if not named)
    named_graphs = tuple(iri.value for (named, _), iri in zip(clauses, iris, strict=True) if named)
    return default, named_graphs
