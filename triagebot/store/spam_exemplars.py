"""Moderators' verdicts kept as labelled examples, each with its own copy of the vector.

A verdict is written before its buttons delete anything: the vector is copied from
the cache while the messages still have one, so the deletions that follow (and the
cache dropping their vectors) cannot take what the verdict taught.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import select
from sqlalchemy.orm import Session

from triagebot.store.embeddings import load_vectors
from triagebot.store.models import EmbeddingModelRow, MessageRow, SpamExemplarRow
from triagebot.store.upsert import upsert

Vector = NDArray[np.float32]


def add_exemplars(
    session: Session, message_ids: Sequence[int], label: str, moderator_id: int, model: str = ""
) -> dict[str, Vector]:
    """Keep the messages as labelled examples with ``model``'s vectors of them.

    Returns the vectors kept, by content hash (what the scorer learns now). A message
    whose text is already gone (deleted, forgotten) cannot be an example.
    """
    rows = _judged(session, message_ids)
    vectors = load_vectors(session, {h for _, h in rows}, model) if model else {}
    number = _model_number(session, model) if vectors else None
    now = datetime.now(UTC)
    upsert(
        session,
        SpamExemplarRow,
        [
            {
                "message_id": m,
                "content_hash": h,
                "label": label,
                "moderator_id": moderator_id,
                "created_at": now,
                "model_id": number if h in vectors else None,
                "vector": _stored(vectors.get(h)),
            }
            for m, h in rows
        ],
        key=["message_id"],
        update={
            "label": lambda ex: ex.label,
            "moderator_id": lambda ex: ex.moderator_id,
            "model_id": lambda ex: ex.model_id,
            "vector": lambda ex: ex.vector,
        },
    )
    return vectors


def verdict_exemplars(session: Session, model: str) -> list[tuple[Vector, str]]:
    """Every moderator verdict with its vector, oldest first (to rebuild the bank).

    The example's own vector when ``model`` made it; otherwise (judged before vectors
    were kept, or under another model) the cache's vector of its text, if any.
    """
    number = _model_number(session, model)  # None: no vector of this model anywhere
    rows = session.execute(
        select(
            SpamExemplarRow.content_hash,
            SpamExemplarRow.label,
            SpamExemplarRow.model_id,
            SpamExemplarRow.vector,
        ).order_by(SpamExemplarRow.created_at, SpamExemplarRow.message_id)
    ).all()
    own = {
        h: _loaded(v) for h, _, m, v in rows if v is not None and number is not None and m == number
    }
    cached = load_vectors(session, {h for h, *_ in rows if h not in own}, model)
    vectors = {**cached, **own}
    return [(vectors[h], str(label)) for h, label, *_ in rows if h in vectors]


def _judged(session: Session, message_ids: Sequence[int]) -> list[tuple[int, str]]:
    """(message id, content hash) of the judged messages whose text is still here."""
    query = select(MessageRow.id, MessageRow.content_hash).where(
        MessageRow.id.in_(list(message_ids)), MessageRow.content_hash.is_not(None)
    )
    return [(int(m), str(h)) for m, h in session.execute(query)]


def _model_number(session: Session, model: str) -> int | None:
    return session.scalar(select(EmbeddingModelRow.id).where(EmbeddingModelRow.name == model))


def _stored(vector: Vector | None) -> bytes | None:
    return None if vector is None else vector.astype(np.float16).tobytes()


def _loaded(blob: bytes) -> Vector:
    return np.frombuffer(blob, dtype=np.float16).astype(np.float32)
