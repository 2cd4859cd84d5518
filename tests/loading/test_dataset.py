"""The dataset a query reads: the default graph is the RDF merge of the named graphs, FROM and the protocol honoured."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from service import vocab
from service.knowledge.derived import load_known_dataset
from service.loading.merge import merge_default_graph
from service.query.engine import select, serialize
from service.query.store import Dataset, EmbeddedStore, RemoteStore

S, P, Q = ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.NamedNode("urn:q")
O1, O2, O3 = ox.Literal("o1"), ox.Literal("o2"), ox.Literal("o3")
G1, G2, G3 = ox.NamedNode("urn:g1"), ox.NamedNode("urn:g2"), ox.NamedNode("urn:g3")
DJANGO_RECOMMENDED_FOR = f"SELECT ?x WHERE {{ <{vocab.iri_for('django')}> <{vocab.ONTOLOGY}recommendedFor> ?x }}"
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
    loaded = EmbeddedStore(load_known_dataset(tmp_path, check=False))
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


# --- FROM on the bundled graph -------------------------------------------------------------------------------------


def test_from_a_graph_that_does_not_exist_reads_nothing(store) -> None:
    assert _count(store, "SELECT (COUNT(*) AS ?n) FROM <http://nonexistent.example/g> WHERE { ?s ?p ?o }") == 0


def test_from_two_sections_of_the_bundled_graph_is_their_merge(dataset: Dataset, store) -> None:
    faq, choose = vocab.ARTICLE + "/faq", vocab.ARTICLE + "/how-to-choose"
    both = _named_triples_of(dataset.store, faq) | _named_triples_of(dataset.store, choose)
    query = f"SELECT (COUNT(*) AS ?n) FROM <{faq}> FROM <{choose}> WHERE {{ ?s ?p ?o }}"
    assert _count(store, query) == len(both)
    assert _count(store, COUNT_ALL, default_graphs=[faq, choose]) == len(both)


def _named_triples_of(store: ox.Store, graph: str) -> set[tuple[object, object, object]]:
    return {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))}


# --- Two tiers: what an Oxigraph server answers (see RemoteStore) ---------------------------------------------------

BIN = Path(sys.executable).parent


def _remote_count(url: str, sparql: str = COUNT_ALL, **dataset: Any) -> int:
    return int(RemoteStore(url, timeout=10).query(sparql, **dataset).records()[0]["n"])


def _remote_django(url: str) -> list[str]:
    return [row["x"] for row in RemoteStore(url, timeout=10).query(DJANGO_RECOMMENDED_FOR).records()]


def test_oxigraph_union_default_graph_counts_a_triple_once_per_graph(
    oxigraph_endpoint: str, dataset: Dataset, store
) -> None:
    # Pinned, so that the difference with the embedded store stays visible (oxigraph issue 1919).
    assert _count(store) == len(_named_triples(dataset.store))  # embedded: the merge (5,185 when written)
    assert _remote_count(oxigraph_endpoint) == store.triple_count() > _count(store)  # the server: 5,188
    assert _remote_django(oxigraph_endpoint).count(vocab.iri_for("security-conscious")) == 2


def test_oxigraph_union_default_graph_ignores_from(oxigraph_endpoint: str, store) -> None:
    nowhere = "SELECT (COUNT(*) AS ?n) FROM <http://nonexistent.example/g> WHERE { ?s ?p ?o }"
    assert _remote_count(oxigraph_endpoint, nowhere) == store.triple_count()  # the whole union, not 0
    assert _remote_count(oxigraph_endpoint, named_graphs=[vocab.ARTICLE + "/faq"]) == 0  # the protocol's graphs count


def test_oxigraph_with_the_merge_as_its_default_graph_answers_like_the_embedded_store(
    merged_oxigraph_endpoint: str, store
) -> None:
    assert _remote_count(merged_oxigraph_endpoint) == _count(store)
    assert sorted(_remote_django(merged_oxigraph_endpoint)) == sorted(_remote_django_embedded(store))
    nowhere = "SELECT (COUNT(*) AS ?n) FROM <http://nonexistent.example/g> WHERE { ?s ?p ?o }"
    assert _remote_count(merged_oxigraph_endpoint, nowhere) == 0


def test_oxigraph_still_counts_a_triple_once_per_graph_of_a_dataset_of_several(
    merged_oxigraph_endpoint: str, store
) -> None:
    faq, choose = vocab.ARTICLE + "/faq", vocab.ARTICLE + "/how-to-choose"  # they share two triples
    query = f"SELECT (COUNT(*) AS ?n) FROM <{faq}> FROM <{choose}> WHERE {{ ?s ?p ?o }}"
    assert _remote_count(merged_oxigraph_endpoint, query) == _count(store, query) + 2
    assert _remote_count(merged_oxigraph_endpoint, default_graphs=[faq, choose]) == _count(store, query) + 2


def _remote_django_embedded(store: EmbeddedStore) -> list[str]:
    return [row["x"] for row in store.query(DJANGO_RECOMMENDED_FOR).records()]
