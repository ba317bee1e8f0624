"""The index agrees with exact search on real message vectors (behaviour, not speed).

Real #ubuntu chat lines, read at run time from ``/work/shared/data`` (never copied
here), encoded by the real model; held-out lines are the queries.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from triagebot.config.index import IndexSettings
from triagebot.core.text import embedding_text
from triagebot.embeddings.model import SentenceEmbedder
from triagebot.index.ann import VectorIndex

CHAT = Path("/work/shared/data/chat_irc_ubuntu_disentangled/dev.jsonl")
K = 10


def chat_lines(limit: int) -> list[str]:
    lines: list[str] = []
    with CHAT.open(encoding="utf-8") as handle:
        for raw in handle:
            item = json.loads(raw)
            text = embedding_text(item.get("text") or "")
            if not item.get("system") and len(text) > 3 and text not in lines:
                lines.append(text)
            if len(lines) == limit:
                break
    return lines


@pytest.mark.skipif(not CHAT.exists(), reason="shared data not present")
def test_recall_at_10_against_exact_search(embedder: SentenceEmbedder) -> None:
    vectors = embedder.encode(chat_lines(700))
    # As stored: float16 in the database, so the index sees float16-rounded vectors.
    vectors = vectors.astype(np.float16).astype(np.float32)
    base, queries = vectors[:600], vectors[600:]
    index = VectorIndex(embedder.dim, width=IndexSettings().search_width)
    index.add(np.arange(1, 601), base)

    exact = np.argsort(-(queries @ base.T), axis=1)[:, :K] + 1
    hits = 0
    for query, truth in zip(queries, exact, strict=True):
        found = index.search(query, K)
        hits += len({n.message_id for n in found} & set(truth.tolist()))
        cosines = [float(base[n.message_id - 1] @ query) for n in found]
        assert [n.score for n in found] == pytest.approx(cosines, abs=2e-3)  # not distances
    assert hits / exact.size >= 0.9
