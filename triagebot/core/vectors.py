"""The one shape every embedding has here: float32 rows of the model's dimension."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Vectors = NDArray[np.float32]  # one embedding per row (or one text's, flat)


def top_columns(values: Vectors, k: int) -> list[int]:
    """The columns of the ``k`` highest values, highest first."""
    return [int(i) for i in top_columns_of_rows(values[None, :], k)[0]]


def top_columns_of_rows(values: Vectors, k: int) -> NDArray[np.intp]:
    """Per row, the columns of its ``k`` highest values, highest first (of equal values,
    the lower column first). ``k`` is small (a few candidates among thousands of
    issues): ``k`` row-wise maxima are many times quicker than partitioning every row
    (256 × 10,000 scores: 2 ms against 51). Each maximum is set aside in place and put
    back at the end, so no copy of a large matrix is made and ``values`` is unchanged."""
    k = min(k, values.shape[1])
    rows = np.arange(len(values))
    columns = np.empty((len(values), k), dtype=np.intp)
    kept = np.empty((len(values), k), dtype=values.dtype)
    try:
        for j in range(k):
            columns[:, j] = values.argmax(axis=1)
            kept[:, j] = values[rows, columns[:, j]]
            values[rows, columns[:, j]] = -np.inf
    finally:
        for j in reversed(range(k)):
            values[rows, columns[:, j]] = kept[:, j]
    return columns
