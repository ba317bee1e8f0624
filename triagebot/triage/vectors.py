"""Vectors for texts, encoding only what the cache does not hold yet."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from triagebot.core.vectors import Vectors
from triagebot.embeddings.model import Embedder
from triagebot.store.embeddings import load_vectors, missing_hashes, save_vectors


def ensure_vectors(
    session: Session,
    embedder: Embedder,
    texts: Mapping[str, str],
    encoded_ahead: Mapping[str, Vectors] | None = None,
) -> tuple[dict[str, Vectors], int]:
    """A vector for every ``hash → text``; returns them and how many were new.

    Keyed by content hash: an unchanged edit, a replay or the 50th copy of the same
    spam costs a lookup, not an encoder pass. ``encoded_ahead`` holds vectors already
    computed for some of the texts (see ``EmbedStage``): they are stored, not encoded
    again.
    """
    if not texts:
        return {}, 0
    model = embedder.model_id
    todo = sorted(missing_hashes(session, texts.keys(), model))
    vectors: dict[str, Vectors] = {}
    if todo:
        ahead = encoded_ahead or {}
        needed = [h for h in todo if h not in ahead]
        vectors = {h: ahead[h] for h in todo if h in ahead}
        if needed:
            vectors.update(zip(needed, embedder.encode([texts[h] for h in needed]), strict=True))
        save_vectors(session, model, vectors)
    vectors.update(load_vectors(session, texts.keys() - set(todo), model))
    return vectors, len(todo)
