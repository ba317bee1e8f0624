"""Reading the digest's window: every message once, each with its own model's vector."""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from tests.conftest import T0, chat
from triagebot.core.text import content_hash
from triagebot.store.embeddings import save_vectors
from triagebot.store.engine import SessionFactory
from triagebot.store.messages import store_events
from triagebot.store.window import window_messages


def test_each_message_comes_with_its_models_vector_or_none(sessions: SessionFactory) -> None:
    texts = ["the sync fails", "the export hangs", "the export hangs", "nothing embedded"]
    with sessions() as session, session.begin():
        store_events(session, [chat(i + 1, text) for i, text in enumerate(texts)])
        mine = {
            content_hash(t) or "": np.full(4, i, dtype=np.float32) for i, t in enumerate(texts[:2])
        }
        save_vectors(session, "mine", mine)
        save_vectors(session, "other", {content_hash(texts[3]) or "": np.ones(4, np.float32)})
    with sessions() as session:
        window = window_messages(session, T0, T0 + timedelta(days=1), "mine")
    assert [m.text for m in window] == texts  # oldest first, the repeated text twice
    vectors = [None if m.vector is None else m.vector.tolist() for m in window]
    assert vectors == [[0.0] * 4, [1.0] * 4, [1.0] * 4, None]  # another model's is not it
