"""Picking each row's best columns: the candidates a conversation is offered."""

from __future__ import annotations

import numpy as np

from triagebot.core.vectors import top_columns, top_columns_of_rows


def test_each_row_gets_its_highest_columns_highest_first() -> None:
    values = np.asarray([[0.1, 0.9, 0.5, 0.7], [0.8, 0.2, 0.3, 0.1]], dtype=np.float32)
    assert top_columns_of_rows(values, 2).tolist() == [[1, 3], [0, 2]]


def test_equal_values_keep_the_lower_column_first_and_the_input_is_untouched() -> None:
    values = np.asarray([[0.5, 0.5, 0.5]], dtype=np.float32)
    assert top_columns_of_rows(values, 2).tolist() == [[0, 1]]
    assert values.tolist() == [[0.5, 0.5, 0.5]]


def test_asking_for_more_columns_than_there_are_gives_them_all() -> None:
    assert top_columns(np.asarray([0.2, 0.6], dtype=np.float32), 5) == [1, 0]


def test_a_large_batch_is_picked_in_place_and_left_as_it_was() -> None:
    values = np.random.default_rng(0).standard_normal((64, 500)).astype(np.float32)
    before = values.copy()
    picked = top_columns_of_rows(values, 5)
    expected = np.argsort(-before, axis=1, kind="stable")[:, :5]
    assert (picked == expected).all() and (values == before).all()
