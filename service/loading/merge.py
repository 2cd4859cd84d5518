"""The default graph as the RDF merge of the named graphs: read as their union when no triple repeats, else copied.

pyoxigraph 0.5.13's union default graph counts a triple once per graph that holds it (oxigraph issue 1919), so
the union is the merge only when no triple sits in two graphs; load.py asks that (partly beside inference, which
cannot change some of the answer) and copies the merge when it must, also into a store of its own for the
queries that name no graph (query/graphs.py).
"""

from __future__ import annotations

from collections.abc import Collection

import pyoxigraph as ox

from service import vocab


def merge_default_graph(store: ox.Store, graph: str | None = None) -> None:
    """Add every triple of the named graphs (or of one) to the store's default graph, so that it is their RDF merge."""
    # The default graph is materialised because pyoxigraph 0.5.13's union default graph (and a
    # default graph of several named graphs) counts a triple once per graph holding it (oxigraph
    # issue 1919, fixed on main by PR 1920): a stored graph is a set, so each triple is here once.
    # One update, evaluated inside the engine, is as fast as store.extend and needs no Python
    # object per triple (at a million triples either takes 4.5-6 s and adds ~380 MB).
    source = f"<{graph}>" if graph is not None else "?g"
    store.update(f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {source} {{ ?s ?p ?o }} }}")


def merge_store(store: ox.Store) -> ox.Store:
    """Return a store holding only the store's default graph (its copy of the merge), as its own default graph."""
    # In pyoxigraph's in-memory store a triple pattern walks every quad of its rarest term, in all graphs,
    # and drops those of other graphs: with the merge copied beside the named graphs, a query of the
    # default graph reads each triple at least twice (docs/performance.md, "The merge in a store of its own").
    # Quad by quad, since a load of the store's dump would name its blank nodes afresh: an answer from either
    # store must name them alike.
    merge = ox.Store()
    merge.extend(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    return merge


def each_triple_once(
    store: ox.Store, predicates: Collection[str] | None = None, *, other_than: Collection[str] = ()
) -> bool:
    """Say whether no triple sits in two named graphs (then their union is their RDF merge).

    Only the triples of `predicates` are checked when given, and none of those in `other_than`.
    """
    # Checking is cheaper than the copy it spares: 1.7 s against the merge's ~3.5 s and ~400 MB at 1.5 million
    # quads; on data whose sources repeat each other it stops at the first repeat. Checked by predicate, the
    # parts can run side by side, and beside inference (see load_dataset).
    only = f"VALUES ?p {{ {' '.join(f'<{p}>' for p in sorted(predicates))} }} " if predicates is not None else ""
    but = f"FILTER(?p NOT IN ({', '.join(f'<{p}>' for p in sorted(other_than))})) " if other_than else ""
    shared = store.query(f"ASK {{ {only}GRAPH ?a {{ ?s ?p ?o {but}}} GRAPH ?b {{ ?s ?p ?o }} FILTER(?a != ?b) }}")
    assert isinstance(shared, ox.QueryBoolean)
    return not bool(shared)


def typed_in_one_graph_each(store: ox.Store) -> bool:
    """Say whether no resource is typed in two graphs: then inference cannot make a type sit in two graphs.

    Inference types a resource in the graphs that type it already (infer.py); only a property it would
    write as a super-property of another could type it elsewhere, so that case answers False.
    """
    if vocab.RDF_TYPE in super_properties(store):
        return False
    typed = f"<{vocab.RDF_TYPE}>"
    shared = store.query(f"ASK {{ GRAPH ?a {{ ?s {typed} ?x }} GRAPH ?b {{ ?s {typed} ?y }} FILTER(?a != ?b) }}")
    assert isinstance(shared, ox.QueryBoolean)
    return not bool(shared)


# What infer.materialise writes besides each super-property: its other rules' predicates.
_INFERRED = frozenset((vocab.RDF_TYPE, vocab.ONTOLOGY + "recommendedFor", vocab.PREFIXES["skos"] + "broaderTransitive"))
_SUPER_PROPERTIES = f"SELECT DISTINCT ?super WHERE {{ ?sub <{vocab.PREFIXES['rdfs']}subPropertyOf>+ ?super }}"


def inferred_predicates(store: ox.Store) -> frozenset[str]:
    """Return the predicates inference may write into this store: its rules' own, and every super-property."""
    return _INFERRED | super_properties(store)


def super_properties(store: ox.Store) -> frozenset[str]:
    """Return every property some other property of the store's vocabulary is a sub-property of."""
    rows = store.query(_SUPER_PROPERTIES, use_default_graph_as_union=True)
    assert isinstance(rows, ox.QuerySolutions)
    return frozenset(row["super"].value for row in rows if isinstance(row["super"], ox.NamedNode))
