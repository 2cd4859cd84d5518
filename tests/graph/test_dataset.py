"""The dataset a query reads: the default graph is the RDF merge of the named graphs, FROM and the protocol honoured."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox

from service.graph import vocab
from service.graph.engine import select, serialize
from service.graph.load import Dataset, load_dataset, merge_default_graph
from service.graph.store import EmbeddedStore

S, P, Q = ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.NamedNode("urn:q")
O1, O2, O3 = ox.Literal("o1"), ox.Literal("o2"), ox.Literal("o3")
G1, G2, G3 = ox.NamedNode("urn:g1"), ox.NamedNode("urn:g2"), ox.NamedNode("urn:g3")
DJANGO_RECOMMENDED_FOR = (
    f"SELECT ?x WHERE {{ <{vocab.iri_for('django')}> <{vocab.ONTOLOGY}recommendedFor> ?x }}"
)  # fmt: skip
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _named_triples(store: ox.Store) -> set[tuple[object, object, object]]:
    # The RDF merge by its definition: the set union of the named graphs' triples, read quad by quad.
    return {
        (quad.subject, quad.predicate, quad.object)
        for graph in store.named_graphs()
        for quad in store.quads_for_pattern(None, None, None, graph)
    }


def _count(store: EmbeddedStore, sparql: str = COUNT_ALL, **dataset: Any) -> int:
    return int(store.query(sparql, **dataset).records()[0]["n"])


# --- The default graph is the merge ---------------------------------------------------------------------------------


def test_default_graph_of_the_bundled_store_is_the_merge_of_its_named_graphs(dataset: Dataset, store) -> None:
    merge = _named_triples(dataset.store)
    quads = sum(
        1 for graph in dataset.store.named_graphs() for _ in dataset.store.quads_for_pattern(None, None, None, graph)
    )
    assert len(merge) < quads  # some claims sit in two sections: the case a union gets wrong
    constructed = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").triples
    assert len(constructed) == len(merge)
    assert {(t.subject, t.predicate, t.object) for t in constructed} == merge
    assert _count(store) == len(merge)


def test_a_claim_made_in_two_sections_is_answered_once(store) -> None:
    answers = [row["x"] for row in store.query(DJANGO_RECOMMENDED_FOR).records()]
    assert answers.count(vocab.iri_for("security-conscious")) == 1
    assert len(answers) == len(set(answers))


def test_the_project_helpers_read_the_merge_too(dataset: Dataset) -> None:
    answers = [row["x"].value for row in select(dataset.store, DJANGO_RECOMMENDED_FOR)]
    assert answers.count(vocab.iri_for("security-conscious")) == 1
    assert int(next(select(dataset.store, COUNT_ALL))["n"].value) == len(_named_triples(dataset.store))


def test_loading_merges_graphs_that_share_a_triple(tmp_path: Path) -> None:
    (tmp_path / "two.trig").write_text(
        "<urn:g1> { <urn:s> <urn:p> 'o1' . }\n<urn:g2> { <urn:s> <urn:p> 'o1', 'o2' . }\n"
    )
    loaded = EmbeddedStore(load_dataset(tmp_path, check=False))
    assert loaded.query("SELECT ?o WHERE { <urn:s> <urn:p> ?o } ORDER BY ?o").records() == [{"o": "o1"}, {"o": "o2"}]
    rows = loaded.query("SELECT ?g WHERE { GRAPH ?g { <urn:s> <urn:p> 'o1' } } ORDER BY ?g").records()
    assert rows == [{"g": "urn:g1"}, {"g": "urn:g2"}]  # provenance is untouched


def test_merge_default_graph_adds_each_triple_once() -> None:
    store = ox.Store()
    store.extend([ox.Quad(S, P, O1, G1), ox.Quad(S, P, O1, G2), ox.Quad(S, P, O2, G2)])
    merge_default_graph(store)
    default = {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert default == {(S, P, O1), (S, P, O2)}
    assert len(store) == 5


def test_a_quad_export_writes_the_named_graphs_only(dataset: Dataset, store) -> None:
    # The default graph is derived: written too, a server loading the export would hold every claim twice.
    quads = list(ox.parse(serialize(dataset.store, ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS))
    assert not [quad for quad in quads if isinstance(quad.graph_name, ox.DefaultGraph)]
    assert len(quads) == store.triple_count()
    assert {(q.subject, q.predicate, q.object) for q in quads} == _named_triples(dataset.store)
