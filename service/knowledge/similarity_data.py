"""Similarity as data: each framework's nearest neighbours as triples of the similarity graph."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox

from service import vocab
from service.knowledge.similarity import MAX_FRAMEWORKS_AS_DATA, TOP_K_AS_DATA, SimilarityIndex

_DECIMAL = ox.NamedNode(vocab.PREFIXES["xsd"] + "decimal")


def similarity_quads(index: SimilarityIndex, graph: str, k: int = TOP_K_AS_DATA) -> list[ox.Quad]:
    """Return similarity as triples: each framework's top k with sa:similarTo, and a scored node per pair."""
    if len(index.frameworks) > MAX_FRAMEWORKS_AS_DATA:
        return []
    target = ox.NamedNode(graph)
    sa = vocab.ONTOLOGY
    similar_to, between = ox.NamedNode(sa + "similarTo"), ox.NamedNode(sa + "between")
    score_of, shares = ox.NamedNode(sa + "score"), ox.NamedNode(sa + "sharedAttribute")
    quads: list[ox.Quad] = []
    pairs: set[tuple[str, str]] = set()
    for framework, (best, scores) in zip(index.frameworks, index.neighbours(k), strict=True):
        for match in (index.match(framework, index.frameworks[n], float(scores[n])) for n in best):
            quads.append(ox.Quad(ox.NamedNode(framework), similar_to, ox.NamedNode(match.iri), target))
            pair = tuple(sorted((framework, match.iri)))
            if pair in pairs:
                continue
            pairs.add(pair)  # type: ignore[arg-type]
            node = ox.NamedNode(vocab.iri_for("similarity/" + "--".join(vocab.slug_or_iri(p) for p in pair)))
            quads += [
                ox.Quad(node, ox.NamedNode(vocab.RDF_TYPE), ox.NamedNode(sa + "Similarity"), target),
                ox.Quad(node, between, ox.NamedNode(pair[0]), target),
                ox.Quad(node, between, ox.NamedNode(pair[1]), target),
                ox.Quad(node, score_of, ox.Literal(str(Decimal(str(match.score))), datatype=_DECIMAL), target),
            ]
            quads += [ox.Quad(node, shares, ox.NamedNode(iri), target) for _, iri in match.shared_attributes]
    return quads
