"""The pipeline stage that claims the duplicate hints a batch earns."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from triagebot.core.batch import Batch
from triagebot.triage.hints import Hints


class HintStage:
    """Claims each hint the batch's matches earn, in the batch's unit of work, and
    puts it on ``batch.hints`` for whatever posts them after the commit.

    A match and its claim are stored together, so a process killed before the post
    leaves a claim the next one finishes, never a match that silently lost its hint.
    """

    name = "hint"

    def __init__(self, hints: Hints) -> None:
        self._hints = hints

    def __call__(self, session: Session, batch: Batch) -> None:
        for plan in self._hints.plans(batch, datetime.now(UTC)):
            owed = self._hints.claim(session, plan)
            if owed is not None:
                batch.hints.append(owed)
