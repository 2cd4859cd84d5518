"""What the graph knows, added to it as data when a dataset loads, so SPARQL users and exports get the API's answers."""

from __future__ import annotations

import importlib
from pathlib import Path

import pyoxigraph as ox

from service import vocab
from service.loading.load import Derivation, count_frameworks, load_dataset
from service.query.store import Dataset


def similarity_as_data(store: ox.Store) -> list[ox.Quad]:
    """Return each framework's nearest neighbours as quads of the similarity graph; none past a size."""
    # Imported here: similarity brings numpy and scipy, which SIMILARITY prepares while the files parse.
    from service.knowledge.similarity import MAX_FRAMEWORKS_AS_DATA, SimilarityIndex
    from service.knowledge.similarity_data import similarity_quads

    if count_frameworks(store) > MAX_FRAMEWORKS_AS_DATA:
        return []
    return similarity_quads(SimilarityIndex.build(store), vocab.SIMILARITY_GRAPH)


def prepare_similarity() -> object:
    """Import similarity's modules (numpy, scipy: a quarter of a second), so computing it does not wait for them."""
    return importlib.import_module("service.knowledge.similarity_data")


SIMILARITY = Derivation(
    graph=vocab.SIMILARITY_GRAPH,
    quads=similarity_as_data,
    done="computed similarity as data",
    prepare=prepare_similarity,
)


# Everything the graph knows that is added to a dataset as data.
KNOWN = (SIMILARITY,)


def load_known_dataset(data: Path | None = None, *, check: bool = True, trust_verdict: bool = True) -> Dataset:
    """Load a dataset (service.loading.load.load_dataset) with what the graph knows added as data: similarity."""
    return load_dataset(data, check=check, trust_verdict=trust_verdict, derived=KNOWN)
