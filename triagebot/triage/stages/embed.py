"""The pipeline stage that embeds each new text once."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from sqlalchemy.orm import Session

from triagebot.core.batch import Batch
from triagebot.core.messages import ChatEvent, ChatMessage
from triagebot.core.text import content_hash, embedding_text
from triagebot.core.vectors import Vectors
from triagebot.embeddings.model import Embedder
from triagebot.store.embeddings import missing_hashes
from triagebot.triage.vectors import ensure_vectors

log = logging.getLogger(__name__)

Encoded = dict[str, Vectors]  # content hash → vector


class EmbedStage:
    """Gives every stored message's text a vector; ``batch.vectors`` holds them after,
    for the stages that follow (matching, spam, topics).

    When the pipeline knows the next batch (an import, a catch-up), its new texts are
    encoded in a worker thread while this batch goes through the other stages and
    commits. The encoder does not keep two cores fully busy, so that work comes
    almost free: measured on two cores, Python work worth 9% of the encoder's time
    added nothing to the wall clock when overlapped, all of it when not.
    """

    name = "embed"

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self.encoded = 0
        self._worker: ThreadPoolExecutor | None = None
        self._ahead: tuple[Sequence[ChatEvent], Future[Encoded]] | None = None

    def __call__(self, session: Session, batch: Batch) -> None:
        texts = _texts(batch.stored_messages())
        vectors, encoded = ensure_vectors(
            session, self.embedder, texts, self._encoded_ahead(batch.events)
        )
        batch.vectors.update(vectors)
        self.encoded += encoded
        if batch.upcoming:
            self._encode_ahead(session, batch.upcoming)

    def _encode_ahead(self, session: Session, events: Sequence[ChatEvent]) -> None:
        """Start encoding the texts of ``events`` that the database has no vector for
        (this batch's vectors are already in the session, so none is encoded twice)."""
        texts = _texts(e for e in events if isinstance(e, ChatMessage))
        todo = sorted(missing_hashes(session, texts.keys(), self.embedder.model_id))
        if not todo:
            return
        if self._worker is None:
            self._worker = ThreadPoolExecutor(1, thread_name_prefix="encode-ahead")
        self._ahead = (events, self._worker.submit(self._encode, todo, [texts[h] for h in todo]))

    def _encode(self, hashes: list[str], texts: list[str]) -> Encoded:
        return dict(zip(hashes, self.embedder.encode(texts), strict=True))

    def _encoded_ahead(self, events: Sequence[ChatEvent]) -> Encoded:
        """What was encoded ahead for exactly these events (else nothing)."""
        ahead, self._ahead = self._ahead, None
        if ahead is None or ahead[0] is not events:
            return {}
        try:
            return ahead[1].result()
        except Exception:  # the batch encodes its texts itself
            log.exception("encoding ahead failed")
            return {}


def _texts(messages: Iterable[ChatMessage]) -> dict[str, str]:
    """Each distinct text to embed, by content hash."""
    texts: dict[str, str] = {}
    for message in messages:
        key = content_hash(message.content)
        if key is not None and key not in texts:
            texts[key] = embedding_text(message.content)
    return texts
