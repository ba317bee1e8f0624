"""What the index of recent messages reads: their vectors, their ids, their places.

A message belongs in the index when it is stored with text (not deleted, forgotten
or purged), was written by a person (not a bot) and has a vector of the current
model. Ids are Discord snowflakes, so "recent" is an id range: ``id >= since_id``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import TypeVarTuple

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from triagebot.core.discussions import PastMessage
from triagebot.store.embeddings import of_model
from triagebot.store.models import AuthorRow, EmbeddingRow, MessageRow, SpamCopyRow

Vectors = NDArray[np.float32]
Ids = NDArray[np.uint64]
_IN_CHUNK = 5_000  # ids per IN (...) list: well under every backend's parameter limit
_Columns = TypeVarTuple("_Columns")


def _indexable(query: Select[*_Columns], model: str, since_id: int) -> Select[*_Columns]:
    """``query`` narrowed to indexable messages from ``since_id`` on."""
    return (
        query.join(AuthorRow, AuthorRow.id == MessageRow.author_id)
        .join(
            EmbeddingRow,
            (EmbeddingRow.content_hash == MessageRow.content_hash) & of_model(model),
        )
        .where(
            MessageRow.id >= since_id,
            MessageRow.deleted_at.is_(None),
            MessageRow.content_hash.is_not(None),
            AuthorRow.is_bot.is_(False),
        )
    )


def indexable_vectors(
    session: Session, model: str, *, since_id: int, above_id: int = 0, chunk: int = 10_000
) -> Iterator[tuple[Ids, Vectors]]:
    """(ids, float32 vectors) of indexable messages, newest first, ``chunk`` at a time."""
    query = (
        _indexable(select(MessageRow.id, EmbeddingRow.vector), model, since_id)
        .where(MessageRow.id > above_id)
        .order_by(MessageRow.id.desc())
        .execution_options(yield_per=chunk)
    )
    for rows in session.execute(query).partitions():
        yield _decode([(int(i), bytes(v)) for i, v in rows])


def indexable_ids(session: Session, model: str, *, since_id: int) -> Ids:
    """The ids of every indexable message from ``since_id`` on (8 bytes each)."""
    query = _indexable(select(MessageRow.id), model, since_id)
    ids = session.scalars(query.execution_options(yield_per=50_000))
    return np.fromiter((int(i) for i in ids), dtype=np.uint64)


def vectors_of(session: Session, model: str, ids: Collection[int]) -> tuple[Ids, Vectors]:
    """The vectors of those of ``ids`` that are indexable."""
    found: list[tuple[int, bytes]] = []
    wanted = sorted(ids)
    for start in range(0, len(wanted), _IN_CHUNK):
        part = wanted[start : start + _IN_CHUNK]
        query = _indexable(select(MessageRow.id, EmbeddingRow.vector), model, 0)
        rows = session.execute(query.where(MessageRow.id.in_(part)))
        found.extend((int(i), bytes(v)) for i, v in rows)
    return _decode(found)


def _decode(rows: list[tuple[int, bytes]]) -> tuple[Ids, Vectors]:
    """float16 bytes as stored → float32 rows."""
    if not rows:
        return np.zeros(0, dtype=np.uint64), np.zeros((0, 0), dtype=np.float32)
    ids = np.fromiter((i for i, _ in rows), dtype=np.uint64, count=len(rows))
    blob = b"".join(v for _, v in rows)
    vectors = np.frombuffer(blob, dtype=np.float16).reshape(len(rows), -1).astype(np.float32)
    return ids, vectors


def past_messages(session: Session, ids: Collection[int]) -> dict[int, PastMessage]:
    """Those of ``ids`` still fit to show: stored with text, by a person, not spam."""
    if not ids:
        return {}
    spam = select(SpamCopyRow.message_id)
    rows = session.execute(
        select(
            MessageRow.id,
            MessageRow.guild_id,
            MessageRow.channel_id,
            MessageRow.thread_id,
            MessageRow.created_at,
            MessageRow.content,
        )
        .join(AuthorRow, AuthorRow.id == MessageRow.author_id)
        .where(
            MessageRow.id.in_(list(ids)),
            MessageRow.deleted_at.is_(None),
            MessageRow.content_hash.is_not(None),
            AuthorRow.is_bot.is_(False),
            MessageRow.id.not_in(spam),
        )
    )
    return {
        int(r.id): PastMessage(
            int(r.id), int(r.guild_id), int(r.channel_id), r.thread_id, r.created_at, r.content
        )
        for r in rows
    }


def vector_dim(session: Session, model: str) -> int | None:
    """How many dimensions ``model``'s stored vectors have (None: none stored yet)."""
    blob = session.scalars(select(EmbeddingRow.vector).where(of_model(model)).limit(1))
    first = blob.first()
    return None if first is None else len(first) // 2  # float16
