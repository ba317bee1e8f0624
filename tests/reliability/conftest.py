"""Fixtures for the fault and hostile-input tests.

``remembering_embedder`` is the real model behind a per-session memory of the
vectors it produced: the hostile-input test runs once per database backend and
would otherwise pay the encoder twice for the same texts. The model is
deterministic for a text, so the memory changes nothing but the time. It encodes on
one thread: on two cores shared with other processes, two OpenMP threads spin
against them and run several times slower than one.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence

import numpy as np
import pytest
import torch

from tests.bot.conftest import fake, github  # noqa: F401  (the fake servers, shared)
from triagebot.core.vectors import Vectors
from triagebot.embeddings.model import SentenceEmbedder


class RememberingEmbedder:
    """Delegates to the real model for texts it has not encoded yet."""

    def __init__(self, model: SentenceEmbedder) -> None:
        self.model = model
        self.model_id = model.model_id
        self.dim = model.dim
        self._known: dict[str, np.ndarray] = {}
        self.encoded = 0

    def encode(self, texts: Sequence[str]) -> Vectors:
        new = [t for t in dict.fromkeys(texts) if t not in self._known]
        if new:
            with _one_thread():
                vectors = self.model.encode(new)
            for text, vector in zip(new, vectors, strict=True):
                self._known[text] = vector
            self.encoded += len(new)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._known[t] for t in texts]).astype(np.float32)


@contextlib.contextmanager
def _one_thread() -> Iterator[None]:
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


@pytest.fixture(scope="session")
def remembering_embedder(embedder: SentenceEmbedder) -> RememberingEmbedder:
    return RememberingEmbedder(embedder)
