"""The numbers behind similarity: weighted Jaccard scores of a sparse matrix's rows, and the best of them."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from service.knowledge.similarity_scores import Scores, all_neighbours, best_rows

# Four rows over two attributes (weight 1 each): A = {x, y}, B = {x, y}, C = {x}, D = {}.
MATRIX = sparse.csr_matrix(np.array([[1.0, 1.0], [1.0, 1.0], [1.0, 0.0], [0.0, 0.0]]))
MASS = np.asarray(MATRIX.sum(axis=1)).ravel()


def test_every_row_is_scored_against_every_other_by_weighted_jaccard() -> None:
    (a_best, a), (b_best, _), (c_best, c), (d_best, d) = all_neighbours(MATRIX, MATRIX.T.tocsr(), MASS, 3)
    assert a.tolist() == pytest.approx([-1.0, 1.0, 0.5, 0.0])  # itself -1; B the same; C half; D nothing
    assert c.tolist() == pytest.approx([0.5, 0.5, -1.0, 0.0])
    assert d.tolist() == pytest.approx([0.0, 0.0, 0.0, -1.0])
    assert (a_best, b_best, c_best, d_best) == ([1, 2], [0, 2], [0, 1], [])


def test_what_the_caller_excludes_is_scored_minus_one_and_never_among_the_best() -> None:
    def not_b(row: int, scores: Scores) -> None:
        if row == 0:
            scores[1] = -1.0

    (a_best, a), (b_best, _), *_ = all_neighbours(MATRIX, MATRIX.T.tocsr(), MASS, 3, not_b)
    assert (a_best, a[1]) == ([2], -1.0)
    assert b_best == [0, 2]


def test_more_rows_than_a_block_are_all_scored() -> None:
    many = sparse.csr_matrix(np.ones((600, 1)))
    found = all_neighbours(many, many.T.tocsr(), np.ones(600), 2)
    assert len(found) == 600
    assert found[599][0] == [0, 1]  # all tied at 1: the first rows


def test_the_k_best_are_the_highest_positive_scores_best_first() -> None:
    scores = np.array([0.2, -1.0, 0.9, 0.0, 0.5])
    assert best_rows(scores, 2) == [2, 4]
    assert best_rows(scores, 10) == [2, 4, 0]  # never the excluded (-1) or those sharing nothing (0)
    assert best_rows(scores, 0) == []
    assert best_rows(np.array([-1.0]), 3) == []


def test_many_ties_are_ordered_by_label_whatever_k() -> None:
    # Forty frameworks as like the first as can be: the nearest are the first by label, for any k.
    scores = np.array([0.0] + [1.0] * 40 + [0.5] * 10)
    assert best_rows(scores, 3) == [1, 2, 3]
    assert best_rows(scores, 5) == [1, 2, 3, 4, 5]
    assert best_rows(scores, 45) == [*range(1, 41), 41, 42, 43, 44, 45]
