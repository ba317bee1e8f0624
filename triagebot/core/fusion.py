"""Dense and lexical likeness in one score that keeps the cosine's meaning.

``fused = dense_weight·dense + lexical_weight·lexical + offset``, with the weights
fitted on one project's real duplicate reports (``scripts/fit_fusion.py``) so that the
fused score reaches a threshold exactly when a duplicate is as likely as a cosine at
that threshold made it before: ``MATCH_THRESHOLD`` and the hint threshold keep their
precision, and the rare shared tokens a sentence model blurs (error codes, class
names, file names) now count.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from triagebot.core.vectors import Vectors

FUSION_FILE = Path(__file__).with_name("fusion.json")


@dataclass(frozen=True)
class Fusion:
    dense: float = 1.0
    lexical: float = 0.0
    offset: float = 0.0

    def __call__(self, dense: Vectors, lexical: Vectors) -> Vectors:
        fused = self.dense * dense + self.lexical * lexical + self.offset
        return fused.astype(np.float32, copy=False)


@cache
def shipped_fusion() -> Fusion:
    data = json.loads(FUSION_FILE.read_text(encoding="utf-8"))
    return Fusion(float(data["dense"]), float(data["lexical"]), float(data["offset"]))


DENSE_ONLY = Fusion()
