"""Writes kept beside a graph that cannot take them: a mapped file, or one being built.

New vectors live in a small growing matrix searched by brute force (5,000 of them
cost ~0.1 ms a query); removed ids are hidden from the graph's answers. Both are
folded into the graph at the next merge, so the overlay stays small.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Vectors = NDArray[np.float32]
Ids = NDArray[np.uint64]


@dataclass(frozen=True, slots=True)
class Neighbour:
    message_id: int
    score: float  # cosine similarity


class Overlay:
    """Added vectors and removed ids; the last word on an id wins."""

    def __init__(self, dim: int) -> None:
        self.removed: set[int] = set()
        self._row_of: dict[int, int] = {}
        self._ids = np.zeros(0, dtype=np.uint64)
        self._rows = np.zeros((0, dim), dtype=np.float32)
        self._live = np.zeros(0, dtype=bool)
        self._used = 0

    def add(self, ids: Ids, vectors: Vectors) -> None:
        for key, vector in zip(ids.tolist(), vectors, strict=True):
            row = self._row_of.get(key)
            if row is None:
                row = self._append(key)
            self._rows[row] = vector
            self.removed.discard(key)

    def _append(self, key: int) -> int:
        if self._used == len(self._ids):
            size = max(64, 2 * len(self._ids))
            self._ids = np.resize(self._ids, size)
            self._rows = np.resize(self._rows, (size, self._rows.shape[1]))
            self._live = np.concatenate(
                [self._live[: self._used], np.zeros(size - self._used, bool)]
            )
        row, self._used = self._used, self._used + 1
        self._ids[row], self._live[row], self._row_of[key] = key, True, row
        return row

    def remove(self, ids: Ids) -> None:
        for key in ids.tolist():
            row = self._row_of.pop(key, None)
            if row is not None:
                self._live[row] = False
            self.removed.add(key)

    def hides(self, key: int) -> bool:
        """Whether the graph's vector for ``key`` is no longer current."""
        return key in self.removed or key in self._row_of

    def added(self) -> tuple[Ids, Vectors]:
        """The live added (ids, vectors), to replay onto a graph."""
        live = self._live[: self._used]
        return self._ids[: self._used][live], self._rows[: self._used][live]

    def search(self, vector: Vectors, k: int) -> list[Neighbour]:
        ids, rows = self.added()
        if not len(ids):
            return []
        scores = rows @ vector
        top = np.argsort(-scores)[:k] if len(ids) <= k else np.argpartition(-scores, k)[:k]
        return [Neighbour(int(ids[i]), float(scores[i])) for i in top]

    def __len__(self) -> int:
        """Pending changes: vectors to add and ids to remove."""
        return len(self._row_of) + len(self.removed)
