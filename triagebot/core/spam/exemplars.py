"""The exemplar bank: labelled spam and ham vectors, and a nearest-neighbour vote.

Scam wording changes faster than any pattern list, but a reworded "free Nitro" still
lands near the old one in embedding space. The bank starts from a small hand-written
seed (:mod:`seed_exemplars`) and grows with every moderator verdict, so a community's
own spam — and its own false alarms — teach the scorer. Seeds are pinned; verdicts
beyond ``capacity`` replace the oldest verdicts first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from triagebot.core.text import embedding_text

Label = Literal["spam", "ham"]
Vectors = NDArray[np.float32]
Encode = Callable[[Sequence[str]], Vectors]
VERDICT = "moderator verdict"


@dataclass(frozen=True, slots=True)
class ExemplarVote:
    """How close a message is to each label: a blend of the nearest and the k nearest."""

    spam: float
    ham: float
    spam_note: str | None  # what the nearest spam exemplar is (a category, a verdict)
    ham_note: str | None

    @property
    def margin(self) -> float:
        return self.spam - self.ham


class ExemplarBank:
    """Rows of unit vectors with a label and a note; grows by doubling up to capacity."""

    def __init__(self, dim: int, *, capacity: int = 20_000) -> None:
        self.dim = dim
        self.capacity = capacity
        self._vectors = np.zeros((64, dim), dtype=np.float32)
        self._spam = np.zeros(64, dtype=bool)
        self._pinned = np.zeros(64, dtype=bool)
        self._notes: list[str] = []
        self._rows: tuple[NDArray[np.intp], NDArray[np.intp]] | None = None  # spam, ham

    def __len__(self) -> int:
        return len(self._notes)

    def counts(self) -> tuple[int, int]:
        """How many spam and ham exemplars the bank holds."""
        spam = int(self._spam[: len(self)].sum())
        return spam, len(self) - spam

    def add(self, vector: Vectors, label: Label, note: str = VERDICT, pinned: bool = False) -> None:
        """Remember one labelled vector (a moderator's verdict, by default)."""
        row = np.asarray(vector, dtype=np.float32).reshape(-1)
        if row.shape[0] != self.dim:
            raise ValueError(f"expected a vector of {self.dim} numbers, got {row.shape[0]}")
        if len(self) >= self.capacity and not self._evict_oldest_verdict():
            return  # full of pinned seeds: a verdict cannot displace them
        self._grow()
        n = len(self)
        self._vectors[n] = row
        self._spam[n] = label == "spam"
        self._pinned[n] = pinned
        self._notes.append(note)
        self._rows = None

    def extend(self, vectors: Vectors, labels: Sequence[Label], notes: Sequence[str]) -> None:
        """Add pinned rows (a seed set): they are never evicted."""
        for vector, label, note in zip(vectors, labels, notes, strict=True):
            self.add(vector, label, note, pinned=True)

    def vote(self, vector: Vectors, k: int = 3) -> ExemplarVote | None:
        """Similarity to the nearest spam and ham exemplars; None if a label has none."""
        return self.votes(np.asarray(vector, dtype=np.float32).reshape(1, -1), k)[0]

    def votes(self, vectors: Vectors, k: int = 3) -> list[ExemplarVote | None]:
        """``vote`` for each row of ``vectors``, in one matrix product."""
        n = len(self)
        if self._rows is None:  # once per change of the bank, not once per message
            self._rows = (np.flatnonzero(self._spam[:n]), np.flatnonzero(~self._spam[:n]))
        spam_rows, ham_rows = self._rows
        if not spam_rows.size or not ham_rows.size:
            return [None] * len(vectors)
        sims = np.asarray(vectors, dtype=np.float32) @ self._vectors[:n].T
        spam, spam_at = _blend(sims, spam_rows, k)
        ham, ham_at = _blend(sims, ham_rows, k)
        notes = self._notes
        return [
            ExemplarVote(float(s), float(h), notes[int(sa)], notes[int(ha)])
            for s, h, sa, ha in zip(spam, ham, spam_at, ham_at, strict=True)
        ]

    def _grow(self) -> None:
        size = self._vectors.shape[0]
        if len(self) < size:
            return
        bigger = min(size * 2, max(self.capacity, size + 1))
        self._vectors = np.resize(self._vectors, (bigger, self.dim))
        self._spam = np.resize(self._spam, bigger)
        self._pinned = np.resize(self._pinned, bigger)

    def _evict_oldest_verdict(self) -> bool:
        n = len(self)
        unpinned = np.flatnonzero(~self._pinned[:n])
        if unpinned.size == 0:
            return False
        at = int(unpinned[0])
        for array in (self._vectors, self._spam, self._pinned):
            array[at : n - 1] = array[at + 1 : n]
        del self._notes[at]
        self._rows = None
        return True


def _blend(
    sims: NDArray[np.float32], rows: NDArray[np.intp], k: int
) -> tuple[NDArray[np.float64], NDArray[np.intp]]:
    """Per query row: half the nearest similarity among ``rows``, half the mean of the
    k nearest; and which row is the nearest.

    The nearest alone lets one moderator verdict overrule a crowd of seeds; the mean
    alone would drown it. Half and half keeps both.
    """
    values = sims[:, rows]
    take = min(k, values.shape[1])
    top = np.partition(values, values.shape[1] - take, axis=1)[:, values.shape[1] - take :]
    nearest = rows[np.argmax(values, axis=1)]
    return 0.5 * top.max(axis=1) + 0.5 * top.mean(axis=1, dtype=np.float64), nearest


def build_bank(
    encode: Encode, dim: int, examples: Sequence[tuple[Label, str, str]], capacity: int = 20_000
) -> ExemplarBank:
    """A bank seeded with ``(label, note, text)`` examples, encoded by ``encode``.

    Texts go through :func:`embedding_text` first, as every message does before it is
    embedded, so seeds and messages are compared like with like.
    """
    bank = ExemplarBank(dim, capacity=capacity)
    if examples:
        vectors = encode([embedding_text(text) for _, _, text in examples])
        bank.extend(vectors, [label for label, _, _ in examples], [n for _, n, _ in examples])
    return bank
