"""The pipeline stage that keeps the index of recent messages in step with each batch.

Runs after the embedding stage (it reuses ``batch.vectors``): a newly stored or edited
message written by a person is added (an edit replaces its vector); a deleted one, or
one whose edit left no text, is removed. Messages older than the index's window (an
import of old history) are left out. The index is derived data: a failure here is
logged and never costs the batch, which is already stored; the next start reconciles.
"""

from __future__ import annotations

import logging

import numpy as np
from sqlalchemy.orm import Session

from triagebot.core.batch import Batch
from triagebot.core.text import content_hash
from triagebot.index.recent import RecentMessages

log = logging.getLogger(__name__)


class IndexStage:
    name = "index"

    def __init__(self, recent: RecentMessages) -> None:
        self.recent = recent
        self.added = 0
        self.removed = 0
        self.failures = 0

    def __call__(self, session: Session, batch: Batch) -> None:
        try:
            self._apply(batch)
        except Exception:  # derived data: log it, keep the batch
            self.failures += 1
            log.exception("could not update the index of recent messages for this batch")

    def _apply(self, batch: Batch) -> None:
        oldest = self.recent.bounds.oldest_id()
        ids: list[int] = []
        rows = []
        gone = list(batch.stored.deleted)
        for message in batch.stored_messages():
            vector = batch.vectors.get(content_hash(message.content) or "")
            if vector is None or message.author.bot:
                gone.append(message.id)  # no text any more (or never a person's)
            elif message.id >= oldest:
                ids.append(message.id)
                rows.append(vector)
        if gone:
            self.recent.remove(gone)
            self.removed += len(gone)
        if ids:
            self.recent.add(ids, np.stack(rows).astype(np.float32, copy=False))
            self.added += len(ids)
