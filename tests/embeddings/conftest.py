from __future__ import annotations

import pytest

from triagebot.embeddings.model import SentenceEmbedder


@pytest.fixture(scope="session")
def embedder() -> SentenceEmbedder:
    """The real all-MiniLM-L6-v2 (bundled copy offline); loaded once per run."""
    return SentenceEmbedder("sentence-transformers/all-MiniLM-L6-v2", backend="fp32")
