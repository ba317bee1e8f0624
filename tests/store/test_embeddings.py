"""The vector cache: many hashes at once, in one model's name, decoded in bulk."""

from __future__ import annotations

import numpy as np
import pytest

from triagebot.store import embeddings
from triagebot.store.embeddings import decode_vectors, load_vectors, missing_hashes, save_vectors
from triagebot.store.engine import SessionFactory


def test_more_hashes_than_one_statement_may_bind_are_asked_in_parts(
    sessions: SessionFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embeddings, "_IN_LIST", 2)  # PostgreSQL's real limit is 65,535
    stored = {f"{i:032x}": np.full(3, i, dtype=np.float32) for i in range(5)}
    with sessions() as session, session.begin():
        save_vectors(session, "m", stored)
    asked = [*stored, "f" * 32]
    with sessions() as session:
        loaded = load_vectors(session, asked, "m")
        missing = missing_hashes(session, asked, "m")
    assert {h: v.tolist() for h, v in loaded.items()} == {h: v.tolist() for h, v in stored.items()}
    assert missing == {"f" * 32}


def test_stored_vectors_decode_in_one_step_whatever_their_lengths() -> None:
    a, b = np.array([0.5, -2.0], np.float16), np.array([1.0, 2.0, 3.0], np.float16)
    decoded = decode_vectors([a.tobytes(), None, b.tobytes(), b"", a.tobytes()])
    assert [None if v is None else v.tolist() for v in decoded] == [
        [0.5, -2.0],
        None,
        [1.0, 2.0, 3.0],
        None,
        [0.5, -2.0],
    ]
    assert all(v is None or v.dtype == np.float32 for v in decoded)
