"""Provenance of an import: the dataset pinned to its commit, one section per file, and names of new IRIs."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from service.graph import vocab
from service.importers.graphfile import DATASET_VALUES_GRAPH, SPDX, GraphFile, english, node, path_slug, sa, term
from service.importers.pins import Pin
from service.importers.tables import read_names

SOURCES = vocab.SOURCES_GRAPH
CROSSWALK_SECTION = vocab.CURATION + "/crosswalk"


def declare_dataset(graph: GraphFile, pin: Pin) -> str:
    """Describe the dataset as a source pinned to its repository and commit; return its IRI."""
    dataset = node(f"source/{pin.source}")
    graph.describe(
        SOURCES,
        dataset,
        [
            (term("rdf:type"), sa("PublicDataset")),
            (term("rdfs:label"), english(pin.title)),
            (term("skos:altLabel"), english(pin.source)),
            (term("dct:title"), english(pin.title)),
            (term("schema:codeRepository"), ox.NamedNode(pin.repository)),
            (sa("commit"), ox.Literal(pin.commit)),
            (term("dct:date"), ox.Literal(pin.date, datatype=term("xsd:date"))),
            (term("dct:license"), ox.NamedNode(SPDX + pin.licence)),
            (term("dct:identifier"), ox.Literal(pin.archive)),
        ],
    )
    # The curation sections an import adds: value lists and the labels of IRIs it introduces.
    for section, label in (
        (DATASET_VALUES_GRAPH, "StackAtlas curation: value lists normalised from the public datasets"),
        (CROSSWALK_SECTION, "StackAtlas curation: names of the frameworks the public datasets introduce"),
    ):
        graph.add(SOURCES, ox.NamedNode(section), term("rdf:type"), sa("SourceSection"))
        graph.add(SOURCES, ox.NamedNode(section), term("rdfs:label"), english(label))
        graph.add(SOURCES, ox.NamedNode(section), term("dct:isPartOf"), ox.NamedNode(vocab.CURATION))
    return dataset.value


def declare_file(graph: GraphFile, dataset: str, pin: Pin, path: str) -> str:
    """Declare one file of the snapshot as a section of the dataset; return the IRI of its graph."""
    section = node(f"source/{pin.source}/{path_slug(path)}")
    graph.describe(
        SOURCES,
        section,
        [
            (term("rdf:type"), sa("SourceFile")),
            (term("rdfs:label"), english(f"{pin.title}, {path} at {pin.commit[:7]}")),
            (term("dct:isPartOf"), ox.NamedNode(dataset)),
            (term("dct:identifier"), ox.Literal(path)),
        ],
    )
    return section.value


def label_new_iris(graph: GraphFile, tables: Path, touched: set[str]) -> None:
    """Label the IRIs this import uses that names.csv introduces (the graph's own keep their labels)."""
    names = read_names(tables / "names.csv")
    for slug in sorted(touched & names.keys()):
        graph.add(CROSSWALK_SECTION, node(slug), term("rdfs:label"), english(names[slug]))
