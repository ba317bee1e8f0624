"""The vector cache: float16 vectors keyed by (content hash, model).

Callers name models by their id string (``all-MiniLM-L6-v2``); rows carry a small
number for it from ``embedding_models``, looked up inside each query.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import cast

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import ColumnElement, Select, delete, exists, select
from sqlalchemy.orm import Session

from triagebot.store.models import EmbeddingModelRow, EmbeddingRow, IssueRow, MessageRow
from triagebot.store.upsert import Upsert


def _number_of(model: str) -> Select[int]:
    return select(EmbeddingModelRow.id).where(EmbeddingModelRow.name == model)


def of_model(model: str) -> ColumnElement[bool]:
    """The condition "this vector is ``model``'s", for queries over ``embeddings``
    (the model's number is looked up inside the query; no rows when it has none)."""
    return EmbeddingRow.model_id == _number_of(model).scalar_subquery()


# PostgreSQL takes at most 65,535 parameters a statement, and a hundred thousand open
# issues (or a busy day's messages) have more hashes than that.
_IN_LIST = 10_000


def _chunks(hashes: Collection[str]) -> list[list[str]]:
    ordered = list(hashes)
    return [ordered[i : i + _IN_LIST] for i in range(0, len(ordered), _IN_LIST)]


def missing_hashes(session: Session, hashes: Collection[str], model: str) -> set[str]:
    """The hashes among ``hashes`` that have no vector for ``model`` yet."""
    if not hashes:
        return set()
    known: set[str] = set()
    for some in _chunks(hashes):
        known.update(
            session.scalars(
                select(EmbeddingRow.content_hash).where(
                    of_model(model), EmbeddingRow.content_hash.in_(some)
                )
            )
        )
    return set(hashes) - known


def save_vectors(session: Session, model: str, vectors: Mapping[str, NDArray[np.float32]]) -> None:
    if not vectors:
        return
    number = _register(session, model)
    rows = [
        {"content_hash": h, "model_id": number, "vector": v.astype(np.float16).tobytes()}
        for h, v in vectors.items()
    ]
    _INSERT_VECTORS(session, rows)


_INSERT_VECTORS = Upsert(EmbeddingRow, key=["content_hash", "model_id"])
_INSERT_MODEL = Upsert(EmbeddingModelRow, key=["name"])


def _register(session: Session, model: str) -> int:
    """``model``'s number, given on first use (by whichever process gets there first)."""
    query = _number_of(model)
    number = session.scalar(query)
    if number is None:
        _INSERT_MODEL(session, [{"name": model}])
        number = session.scalar(query)
    assert number is not None  # inserted, or inserted by another process just now
    return int(number)


def load_vectors(
    session: Session, hashes: Collection[str], model: str
) -> dict[str, NDArray[np.float32]]:
    if not hashes:
        return {}
    found: list[tuple[str, bytes]] = []
    for some in _chunks(hashes):
        query = select(EmbeddingRow.content_hash, EmbeddingRow.vector).where(
            of_model(model), EmbeddingRow.content_hash.in_(some)
        )
        found.extend((h, v) for h, v in session.execute(query))
    decoded = decode_vectors([v for _, v in found])
    return {h: v for (h, _), v in zip(found, decoded, strict=True) if v is not None}


def decode_vectors(blobs: Sequence[bytes | None]) -> list[NDArray[np.float32] | None]:
    """Stored float16 blobs as float32 vectors, None where there is none.

    A window holds a day's messages, a hundred thousand on a busy server: the blobs of
    one length are converted in one step, not one array each.
    """
    out: list[NDArray[np.float32] | None] = [None] * len(blobs)
    by_length: dict[int, list[int]] = {}
    for i, blob in enumerate(blobs):
        if blob:
            by_length.setdefault(len(blob), []).append(i)
    for length, where in by_length.items():
        joined = b"".join(cast(bytes, blobs[i]) for i in where)
        matrix = np.frombuffer(joined, dtype=np.float16).reshape(len(where), length // 2)
        for i, row in zip(where, matrix.astype(np.float32), strict=True):
            out[i] = row
    return out


def forget_orphans(session: Session, hashes: Collection[str]) -> int:
    """Drop vectors of texts no stored message (or other owner) uses any more.

    Called after deletions so a deleted message leaves nothing derived behind.
    """
    if not hashes:
        return 0
    by_message = exists().where(MessageRow.content_hash == EmbeddingRow.content_hash)
    by_issue = exists().where(IssueRow.text_hash == EmbeddingRow.content_hash)
    result = session.execute(
        delete(EmbeddingRow).where(
            EmbeddingRow.content_hash.in_(list(hashes)), ~by_message, ~by_issue
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
