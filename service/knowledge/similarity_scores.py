"""The numbers behind similarity: weighted Jaccard scores of rows of a sparse attribute matrix, and the best of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias

import numpy as np
from scipy import sparse

Scores: TypeAlias = np.ndarray[Any, np.dtype[np.float64]]
_BLOCK = 256  # rows scored at once when every framework's neighbours are wanted (256 x frameworks floats)


def all_neighbours(
    weighted: sparse.csr_matrix,
    matrix_t: sparse.csr_matrix,
    mass: Scores,
    k: int,
    exclude: Callable[[int, Scores], None] = lambda row, scores: None,
) -> list[tuple[list[int], Scores]]:
    """Return, for every row, its k best rows and all its scores (itself and the excluded -1), a block at a time."""
    found: list[tuple[list[int], Scores]] = []
    count = weighted.shape[0]
    for start in range(0, count, _BLOCK):
        rows = np.arange(start, min(start + _BLOCK, count))
        overlap = (weighted[rows] @ matrix_t).toarray()
        union = mass[rows, None] + mass[None, :] - overlap
        scores = np.divide(overlap, union, out=np.zeros_like(overlap), where=union > 0)
        scores[np.arange(len(rows)), rows] = -1.0
        for row, line in zip(rows.tolist(), scores, strict=True):
            exclude(row, line)
        found += [(best_rows(line, k), line) for line in scores]
    return found


def best_rows(scores: Scores, k: int) -> list[int]:
    """Return the rows of the k highest positive scores, ties broken by row (label) order so answers are stable."""
    k = min(k, len(scores) - 1)
    if k <= 0:
        return []
    rounded = np.round(scores, 12)
    # Every row tied with the k-th best is a candidate, so ties are ordered by row however many there are.
    kth = -np.partition(-rounded, k - 1)[k - 1]
    candidates = np.flatnonzero(rounded >= kth)
    ranked = sorted(candidates.tolist(), key=lambda n: (-float(rounded[n]), n))
    return [n for n in ranked[:k] if scores[n] > 0]
