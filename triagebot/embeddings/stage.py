"""The pipeline stage that embeds each new text once."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from triagebot.core.text import content_hash, embedding_text
from triagebot.embeddings.model import Embedder
from triagebot.pipeline import Batch
from triagebot.store.embeddings import load_vectors, missing_hashes, save_vectors

log = logging.getLogger(__name__)


class EmbedStage:
    """Encodes the texts of a batch that have no vector yet, and loads the others.

    Keyed by content hash: an unchanged edit, a replay or the 50th copy of the same
    spam costs a lookup, not an encoder pass. Afterwards ``batch.vectors`` holds a
    vector for every stored message's text, for the stages after this one.
    """

    name = "embed"

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self.encoded = 0

    def __call__(self, session: Session, batch: Batch) -> None:
        texts: dict[str, str] = {}
        for message in batch.stored_messages():
            key = content_hash(message.content)
            if key is not None and key not in texts:
                texts[key] = embedding_text(message.content)
        if not texts:
            return
        model = self.embedder.model_id
        todo = missing_hashes(session, texts.keys(), model)
        if todo:
            order = sorted(todo)
            vectors = self.embedder.encode([texts[h] for h in order])
            fresh = dict(zip(order, vectors, strict=True))
            save_vectors(session, model, fresh)
            batch.vectors.update(fresh)
            self.encoded += len(order)
        known = texts.keys() - todo
        batch.vectors.update(load_vectors(session, known, model))
