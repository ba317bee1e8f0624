"""The pipeline stage that embeds each new text once."""

from __future__ import annotations

from sqlalchemy.orm import Session

from triagebot.core.text import content_hash, embedding_text
from triagebot.embeddings.cache import ensure_vectors
from triagebot.embeddings.model import Embedder
from triagebot.pipeline import Batch


class EmbedStage:
    """Gives every stored message's text a vector; ``batch.vectors`` holds them after,
    for the stages that follow (matching, spam, topics)."""

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
        vectors, encoded = ensure_vectors(session, self.embedder, texts)
        batch.vectors.update(vectors)
        self.encoded += encoded
