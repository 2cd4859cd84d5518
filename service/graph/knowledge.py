"""Everything derived from one dataset to answer requests, built once per dataset version."""

from __future__ import annotations

from functools import cached_property

from service.graph.ask import Lexicon
from service.graph.catalog import Catalog
from service.graph.paths import PathFinder
from service.graph.similarity import SimilarityIndex
from service.graph.store import Store


class Knowledge:
    """The catalog, the question lexicon and the path finder of one loaded dataset."""

    def __init__(self, store: Store):
        self.store = store
        self.version = store.version
        self.catalog = Catalog(store.source)
        self.lexicon = Lexicon(self.catalog)

    @cached_property
    def similarity(self) -> SimilarityIndex:
        """The similarity index, built on first use."""
        return SimilarityIndex.build(self.store.source)

    @cached_property
    def paths(self) -> PathFinder:
        """The path finder, built on first use (it copies the graph into networkx)."""
        return PathFinder(self.store.source)
