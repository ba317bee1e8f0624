"""Hand-made unit vectors for tests of the core: directions in a small space."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def unit(*values: float) -> NDArray[np.float32]:
    vector = np.zeros(8, dtype=np.float32)
    vector[: len(values)] = values
    return (vector / np.linalg.norm(vector)).astype(np.float32)
