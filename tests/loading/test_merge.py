"""service/loading/merge.py: data whose graphs share no triple is not copied into the default graph.

The store reads their union, the same merge.

Every answer over the default dataset, FROM, the protocol's graphs, exports and validation must be what the merge
gives; data whose sources repeat a triple is merged as before.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from service import vocab
from service.knowledge.derived import load_known_dataset
from service.loading.infer import materialise
from service.loading.merge import each_triple_once, typed_in_one_graph_each
from service.loading.validate import union_graph
from service.query.engine import construct, reads_union, select
from service.query.store import EmbeddedStore

EX = "https://example.org/"
TWO_SECTIONS = f"""
@prefix sa: <{vocab.ONTOLOGY}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{EX}g1> {{ <{EX}a> a sa:Framework ; rdfs:label "A" . }}
<{EX}g2> {{ <{EX}b> a sa:Framework ; rdfs:label "B" ; sa:language <{EX}python> . }}
"""
# The same, with one claim made by both sections.
REPEATED = TWO_SECTIONS + f'<{EX}g2> {{ <{EX}a> rdfs:label "A" . }}\n'


def _load(tmp_path: Path, text: str) -> EmbeddedStore:
    data = tmp_path / "data.trig"
    data.write_text(text)
    return EmbeddedStore(load_known_dataset(data, check=False))


def _labels(store: EmbeddedStore, sparql: str, **dataset: object) -> list[str]:
    return sorted(row["label"] for row in store.query(sparql, **dataset).records())  # type: ignore[arg-type]


def _distinct_triples(raw: ox.Store) -> int:
    return len({(q.subject, q.predicate, q.object) for q in raw.quads_for_pattern(None, None, None, None)})


def test_graphs_sharing_no_triple_are_read_as_their_union(tmp_path: Path) -> None:
    store = _load(tmp_path, TWO_SECTIONS)
    raw = store.dataset.store
    assert each_triple_once(raw) and reads_union(raw)
    assert list(raw.quads_for_pattern(None, None, None, ox.DefaultGraph())) == []
    assert store.dataset.merge is None  # the union reads each triple once already: no copy to hold alone
    count = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").records()[0]["n"]
    assert int(count) == _distinct_triples(raw)
    frameworks = f"SELECT ?label WHERE {{ ?f a <{vocab.FRAMEWORK}> ; <{vocab.RDFS_LABEL}> ?label }}"
    assert _labels(store, frameworks) == ["A", "B"]


def test_from_and_the_protocol_still_choose_the_graphs(tmp_path: Path) -> None:
    store = _load(tmp_path, TWO_SECTIONS)
    query = f"SELECT ?label WHERE {{ ?f <{vocab.RDFS_LABEL}> ?label }}"
    assert _labels(store, query.replace("WHERE", f"FROM <{EX}g1> WHERE")) == ["A"]
    assert _labels(store, query, default_graphs=[f"{EX}g2"]) == ["B"]
    named = f"SELECT ?label FROM NAMED <{EX}g2> WHERE {{ GRAPH ?g {{ ?f <{vocab.RDFS_LABEL}> ?label }} }}"
    assert _labels(store, named) == ["B"]
    assert _labels(store, f"SELECT ?label FROM NAMED <{EX}g2> WHERE {{ ?f <{vocab.RDFS_LABEL}> ?label }}") == []


def test_the_project_queries_validation_and_stats_read_the_union(tmp_path: Path) -> None:
    store = _load(tmp_path, TWO_SECTIONS)
    raw = store.dataset.store
    languages = select(raw, f"SELECT ?l WHERE {{ <{EX}b> <{vocab.ONTOLOGY}language> ?l }}")
    assert [row["l"].value for row in languages] == [f"{EX}python"]
    assert len(union_graph(raw)) == _distinct_triples(raw)  # what SHACL validates
    exported = list(construct(raw, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"))  # what `stackatlas export` writes
    assert len(exported) == _distinct_triples(raw)


def test_a_triple_two_sections_both_state_makes_the_merge_a_copy(tmp_path: Path) -> None:
    store = _load(tmp_path, REPEATED)
    raw = store.dataset.store
    assert not each_triple_once(raw) and not reads_union(raw)
    # The copy is also held alone, for queries that name no graph (service/query/graphs.py, evaluate).
    assert store.dataset.merge is not None
    assert set(store.dataset.merge) == set(raw.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    count = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").records()[0]["n"]
    assert int(count) == _distinct_triples(raw)  # each triple once, though two graphs hold one of them
    assert _labels(store, f"SELECT ?label WHERE {{ <{EX}a> <{vocab.RDFS_LABEL}> ?label }}") == ["A"]


@pytest.mark.parametrize("text", [TWO_SECTIONS, REPEATED], ids=["union", "merged"])
def test_the_dataset_version_is_in_the_default_graph_either_way(tmp_path: Path, text: str) -> None:
    store = _load(tmp_path, text)
    rows = store.query(f"SELECT ?v WHERE {{ <{vocab.DATASET}> <http://purl.org/dc/terms/hasVersion> ?v }}").records()
    assert [row["v"] for row in rows] == [store.version]


HIERARCHY = f"""
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{EX}g0> {{ <{EX}Sub> rdfs:subClassOf <{EX}Super> . <{EX}narrow> rdfs:subPropertyOf <{EX}broad> . }}
"""


@pytest.mark.parametrize(
    "claims",
    [
        f"<{EX}g1> {{ <{EX}a> a <{EX}Sub> . }} <{EX}g2> {{ <{EX}a> a <{EX}Super> . }}",
        f"<{EX}g1> {{ <{EX}a> <{EX}narrow> <{EX}x> . }} <{EX}g2> {{ <{EX}a> <{EX}broad> <{EX}x> . }}",
        f"<{EX}g1> {{ <{EX}a> <{EX}other> <{EX}x> . }} <{EX}g2> {{ <{EX}a> <{EX}other> <{EX}x> . }}",
        # Typed in one graph only before inference, and typed in another by a sub-property of rdf:type.
        f"<{EX}g0> {{ <{EX}kind> rdfs:subPropertyOf <{vocab.RDF_TYPE}> . }} "
        f"<{EX}g1> {{ <{EX}a> <{EX}kind> <{EX}Thing> . }} <{EX}g2> {{ <{EX}a> a <{EX}Thing> . }}",
    ],
    ids=[
        "a-type-inference-repeats",
        "a-super-property-inference-repeats",
        "a-claim-inference-never-writes",
        "a-type-a-sub-property-of-rdf-type-repeats",
    ],
)
def test_a_triple_repeated_by_inference_or_beside_it_makes_the_merge_a_copy(tmp_path: Path, claims: str) -> None:
    store = _load(tmp_path, HIERARCHY + claims)
    raw = store.dataset.store
    assert not reads_union(raw)
    count = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").records()[0]["n"]
    assert int(count) == _distinct_triples(raw)


def test_inferred_triples_that_repeat_nothing_leave_the_union(tmp_path: Path) -> None:
    claims = f"<{EX}g1> {{ <{EX}a> a <{EX}Sub> ; <{EX}narrow> <{EX}x> . }} <{EX}g2> {{ <{EX}b> a <{EX}Super> . }}"
    raw = _load(tmp_path, HIERARCHY + claims).dataset.store
    assert reads_union(raw)
    assert (
        ox.Quad(ox.NamedNode(f"{EX}a"), ox.NamedNode(f"{EX}broad"), ox.NamedNode(f"{EX}x"), ox.NamedNode(f"{EX}g1"))
        in raw
    )


def test_a_type_a_sub_property_may_write_elsewhere_is_not_known_to_stay_in_one_graph() -> None:
    # Checked beside inference, on whatever it has written so far: true only when inference cannot make it false.
    store = ox.Store()
    for quad in (
        (f"{EX}a", vocab.RDF_TYPE, f"{EX}Thing", f"{EX}g2"),
        (f"{EX}a", f"{EX}kind", f"{EX}Thing", f"{EX}g1"),
    ):
        store.add(ox.Quad(*(ox.NamedNode(term) for term in quad)))
    assert typed_in_one_graph_each(store)
    rule = (f"{EX}kind", vocab.PREFIXES["rdfs"] + "subPropertyOf", vocab.RDF_TYPE, f"{EX}g0")
    store.add(ox.Quad(*(ox.NamedNode(term) for term in rule)))
    assert not typed_in_one_graph_each(store)  # inference would type ex:a in g1 too
    materialise(store)
    assert not each_triple_once(store)
