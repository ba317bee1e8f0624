"""The pipeline stage that scores every new message and opens or grows incidents.

Only messages stored for the first time are scored, in the order they were posted:
a replay after a restart or a catch-up page that overlaps what is stored never opens
a second incident. A wave's copies share one incident (keyed by the wave), so
moderators see one flag listing all copies — including the earlier copies that only
looked like spam once the later ones arrived, and whatever else the same author was
flagged for within the window.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy.orm import Session

from triagebot.core.batch import Batch
from triagebot.core.messages import ChatMessage
from triagebot.core.spam.exemplars import Label
from triagebot.core.spam.incidents import Copy
from triagebot.core.spam.score import SpamInput, SpamScorer, SpamVerdict
from triagebot.core.text import content_hash
from triagebot.store.engine import SessionFactory
from triagebot.store.spam import (
    incident_key,
    live_copies,
    recent_incident_of,
    record_flag,
)
from triagebot.store.spam_exemplars import add_exemplars
from triagebot.triage.spam_context import FirstMessages, ring_of

log = logging.getLogger(__name__)


class SpamStage:
    name = "spam"

    def __init__(self, scorer: SpamScorer, sessions: SessionFactory, model_id: str) -> None:
        self.scorer = scorer
        self._sessions = sessions
        self._model_id = model_id
        self._lock = threading.Lock()  # the scorer's state is shared with ``learn``
        self._first_messages = FirstMessages(scorer.policy.new_member_messages)
        self.scored = 0
        self.flagged = 0

    def __call__(self, session: Session, batch: Batch) -> None:
        fresh = set(batch.stored.inserted)
        messages = sorted(
            (m for m in batch.stored_messages() if m.id in fresh),
            key=lambda m: (m.created_at, m.id),
        )
        prior = self._first_messages.counts(session, messages)
        inputs = [
            SpamInput.from_message(
                m,
                batch.vectors.get(content_hash(m.content) or ""),
                frozenset(m.author.roles),
                prior.get(m.id),
            )
            for m in messages
        ]
        with self._lock:
            verdicts = self.scorer.score_many(inputs)
        self.scored += len(verdicts)
        for message, verdict in zip(messages, verdicts, strict=True):
            if verdict.flagged:
                self._flag(session, batch, message, verdict)

    def _flag(
        self, session: Session, batch: Batch, message: ChatMessage, verdict: SpamVerdict
    ) -> None:
        copies = [Copy(message.id, message.author.id, message.channel.id, verdict.score)]
        copies += live_copies(session, verdict.earlier_copies)
        # The first copy of a wave is flagged before it is known to be one: later
        # copies join the incident it opened rather than opening another.
        since = message.created_at - timedelta(seconds=self.scorer.policy.window_seconds)
        key = incident_key(session, verdict.earlier_copies) or recent_incident_of(
            session, message.author.id, since
        )
        reasons = verdict.reasons
        if key is None:  # a ring: reworded by other accounts, minutes apart
            vector = batch.vectors.get(content_hash(message.content) or "")
            ring = ring_of(session, message, vector, self._model_id, self.scorer.policy)
            key, reasons = (ring.incident_key, (*reasons, ring.why)) if ring else (None, reasons)
        incident_id, opened = record_flag(
            session,
            wave_key=key or verdict.wave_key or f"message:{message.id}",
            guild_id=message.guild.id,
            copies=copies,
            score=verdict.score,
            reasons=reasons,
            at=message.created_at,
        )
        batch.flags[incident_id] = batch.flags.get(incident_id, False) or opened
        self.flagged += 1

    def learn(self, message_ids: Sequence[int], label: str, moderator_id: int) -> None:
        """A moderator's verdict: kept in the database and taught to the scorer now."""
        verdict: Label = "ham" if label == "ham" else "spam"
        with self._sessions() as session, session.begin():
            vectors = add_exemplars(session, message_ids, verdict, moderator_id, self._model_id)
        with self._lock:
            for vector in vectors.values():
                self.scorer.learn(vector, verdict)
        log.info("learned %d %s example(s) from moderator %d", len(vectors), verdict, moderator_id)
