"""The one shape every embedding has here: float32 rows of the model's dimension."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Vectors = NDArray[np.float32]  # one embedding per row (or one text's, flat)
