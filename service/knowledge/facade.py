"""Everything derived from one dataset to answer requests, built once per dataset version."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from service.knowledge.ask.lexicon import Lexicon
from service.knowledge.catalog import Catalog
from service.knowledge.conflicts import Conflict, find_conflicts
from service.knowledge.figures import Figures
from service.knowledge.lifecycles import Lifecycles
from service.knowledge.overview import Overview, overview
from service.knowledge.popularity import Popularity
from service.knowledge.vocabulary import Vocabularies
from service.loading.load import count_frameworks
from service.query.store import Store

if TYPE_CHECKING:  # imported on first use: they bring scipy and networkx
    from service.knowledge.paths import PathFinder
    from service.knowledge.similarity import SimilarityIndex

# Up to this many frameworks, the catalog, lexicon and similarity index are built at start, before the server forks,
# so that workers share them; past it (a million-triple graph takes seconds) SPARQL answers at
# once and each worker builds them on its first /api request.
EAGER_FRAMEWORKS = 5000


class Knowledge:
    """The catalog, the question lexicon and the path finder of one loaded dataset."""

    def __init__(self, store: Store):
        self.store = store
        self.version = store.version

    @cached_property
    def catalog(self) -> Catalog:
        """The terms, sources and records of the dataset, built on first use."""
        return Catalog(self.store.source)

    @cached_property
    def vocabularies(self) -> Vocabularies:
        """The vocabularies' term lists with their counts, and the use-case tree, each computed on first use."""
        return Vocabularies(self.catalog)

    @cached_property
    def lexicon(self) -> Lexicon:
        """The words questions are read with, built on first use."""
        return Lexicon(self.catalog)

    def warm(self) -> bool:
        """Build the catalog, lexicon and similarity index now if the graph is small enough; say whether it was."""
        if count_frameworks(self.store.source) > EAGER_FRAMEWORKS:
            return False
        # Building the lexicon builds the catalog; cycles and survey figures are small, read before the workers fork.
        built = (self.lexicon, self.similarity, self.conflicts, self.lifecycles, self.popularity)
        return all(part is not None for part in built)

    @cached_property
    def similarity(self) -> SimilarityIndex:
        """The similarity index, built on first use."""
        from service.knowledge.similarity import SimilarityIndex

        return SimilarityIndex.build(self.store.source)

    @cached_property
    def figures(self) -> Figures:
        """The measured figures of the benchmark runs, read on first use."""
        return Figures(self.store.source)

    @cached_property
    def lifecycles(self) -> Lifecycles:
        """The release cycles and repository activity of the frameworks, read on first use."""
        return Lifecycles.read(self.store.source)

    @cached_property
    def popularity(self) -> Popularity:
        """The survey observations of the frameworks, read on first use."""
        return Popularity.read(self.store.source)

    @cached_property
    def overview(self) -> Overview:
        """The frameworks grouped by language, read on first use: the explorer's page and /api/overview share it."""
        return overview(self.store.source)

    @cached_property
    def conflicts(self) -> tuple[Conflict, ...]:
        """Every disagreement between sources in the dataset, found on first use."""
        return tuple(find_conflicts(self.store.source))

    def conflicts_of(self, framework: str | None) -> list[Conflict]:
        """The disagreements about one framework (by IRI), or all of them for None."""
        return [c for c in self.conflicts if framework is None or c.framework == framework]

    @cached_property
    def paths(self) -> PathFinder:
        """The path finder, built on first use (it copies the graph into networkx)."""
        from service.knowledge.paths import PathFinder

        return PathFinder(self.store.source)
