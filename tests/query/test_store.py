"""service/query/store.py: the embedded store's errors, counts and row limits (the dataset it reads: test_graphs.py)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from service.loading.merge import merge_default_graph
from service.query.store import Dataset, EmbeddedStore, QuerySyntaxError

S, P = ox.NamedNode("urn:s"), ox.NamedNode("urn:p")
O1 = ox.Literal("o1")


# --- Errors and counts ------------------------------------------------------------------------------------------------


def test_a_query_the_engine_cannot_parse_says_where() -> None:
    store = EmbeddedStore(Dataset(store=ox.Store(), version="empty", files=()))
    with pytest.raises(QuerySyntaxError) as caught:
        store.query("SELECT * WHERE { ?s ?p }")
    assert (caught.value.line, caught.value.column) == (1, 25)


def test_the_triple_count_counts_each_graphs_claims_not_their_merge() -> None:
    store = ox.Store()
    store.extend([ox.Quad(S, P, O1, ox.NamedNode("urn:g1")), ox.Quad(S, P, O1, ox.NamedNode("urn:g2"))])
    merge_default_graph(store)
    assert EmbeddedStore(Dataset(store=store, version="two", files=())).triple_count() == 2


def test_a_row_limit_keeps_the_first_rows_and_says_it_cut() -> None:
    store = EmbeddedStore(Dataset(store=ox.Store(), version="empty", files=()))
    result = store.query("SELECT ?x WHERE { VALUES ?x { 1 2 3 } }", max_rows=2)
    assert (len(result), result.truncated) == (2, True)
    assert store.query("SELECT ?x WHERE { VALUES ?x { 1 2 } }", max_rows=2).truncated is False
