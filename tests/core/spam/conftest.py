"""A seed bank built once with the real model; each test gets its own copy to teach."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from triagebot.core.spam.exemplars import ExemplarBank, Label, build_bank
from triagebot.core.spam.seed_exemplars import seed_examples
from triagebot.core.text import embedding_text
from triagebot.embeddings.model import SentenceEmbedder

Encode = Callable[[str], np.ndarray]


@pytest.fixture(scope="session")
def seed_bank_rows(embedder: SentenceEmbedder) -> ExemplarBank:
    return build_bank(embedder.encode, embedder.dim, seed_examples())


@pytest.fixture
def bank(seed_bank_rows: ExemplarBank, embedder: SentenceEmbedder) -> ExemplarBank:
    """A fresh copy of the seeded bank (verdicts added in one test stay there)."""
    copy = ExemplarBank(embedder.dim)
    n = len(seed_bank_rows)
    labels: list[Label] = ["spam" if s else "ham" for s in seed_bank_rows._spam[:n]]
    copy.extend(seed_bank_rows._vectors[:n], labels, list(seed_bank_rows._notes))
    return copy


@pytest.fixture
def encode(embedder: SentenceEmbedder) -> Encode:
    """One message's vector, as the pipeline makes it."""
    return lambda text: embedder.encode([embedding_text(text)])[0]
