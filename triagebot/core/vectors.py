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
    the lower column first). ``k`` is small (a few candidates among a thousand issues,
    for tens of thousands of conversations a day): ``k`` row-wise maxima are many
    times quicker than partitioning every row."""
    k = min(k, values.shape[1])
    work = values.copy()
    rows = np.arange(len(work))
    columns = np.empty((len(work), k), dtype=np.intp)
    for j in range(k):
        columns[:, j] = work.argmax(axis=1)
        work[rows, columns[:, j]] = -np.inf
    return columns
