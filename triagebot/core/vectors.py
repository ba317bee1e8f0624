"""The one shape every embedding has here: float32 rows of the model's dimension."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Vectors = NDArray[np.float32]  # one embedding per row (or one text's, flat)


def top_columns(values: Vectors, k: int) -> list[int]:
    """The columns of the ``k`` highest values, highest first, without sorting them all
    (a thousand issues, tens of thousands of conversations a day)."""
    some = np.argpartition(-values, k)[:k] if len(values) > k else np.arange(len(values))
    return [int(i) for i in some[np.argsort(-values[some], kind="stable")]]
