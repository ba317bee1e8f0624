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

from sqlalchemy import select
from sqlalchemy.orm import Session

from triagebot.config import SpamSettings
from triagebot.core.messages import ChatMessage
from triagebot.core.spam.exemplars import ExemplarBank, Label, build_bank
from triagebot.core.spam.policy import SpamPolicy
from triagebot.core.spam.score import SpamInput, SpamScorer, SpamVerdict
from triagebot.core.spam.seed_exemplars import seed_examples
from triagebot.core.text import content_hash
from triagebot.embeddings.model import Embedder
from triagebot.errors import ConfigError
from triagebot.pipeline import Batch
from triagebot.store.embeddings import load_vectors
from triagebot.store.engine import SessionFactory
from triagebot.store.models import MessageRow
from triagebot.store.spam import (
    Copy,
    add_exemplars,
    incident_key,
    recent_incident_of,
    record_flag,
    verdict_exemplars,
)

log = logging.getLogger(__name__)


def policy_from(settings: SpamSettings) -> SpamPolicy:
    try:
        return _policy(settings)
    except ValueError as exc:
        raise ConfigError(f"SPAM_*: {exc}") from None


def _policy(settings: SpamSettings) -> SpamPolicy:
    return SpamPolicy(
        threshold=settings.threshold,
        auto_delete_threshold=(
            max(settings.auto_delete_threshold, settings.threshold)
            if settings.auto_delete
            else 1.01
        ),
        window_seconds=settings.window_seconds,
        near_duplicate_cosine=settings.near_duplicate_cosine,
        new_account_days=settings.new_account_days,
        exempt_role_ids=settings.exempt_role_ids,
        exempt_channel_ids=settings.exempt_channel_ids,
        channel_thresholds=settings.channel_thresholds,
    )


def load_bank(embedder: Embedder, sessions: SessionFactory) -> ExemplarBank:
    """The seed examples, then every moderator verdict so far, oldest first."""
    bank = build_bank(embedder.encode, embedder.dim, seed_examples())
    with sessions() as session:
        for vector, label in verdict_exemplars(session, embedder.model_id):
            bank.add(vector, "spam" if label == "spam" else "ham")
    return bank


class SpamStage:
    name = "spam"

    def __init__(self, scorer: SpamScorer, sessions: SessionFactory, model_id: str) -> None:
        self.scorer = scorer
        self._sessions = sessions
        self._model_id = model_id
        self._lock = threading.Lock()  # the scorer's state is shared with ``learn``
        self.scored = 0
        self.flagged = 0

    def __call__(self, session: Session, batch: Batch) -> None:
        fresh = set(batch.stored.inserted)
        messages = sorted(
            (m for m in batch.stored_messages() if m.id in fresh),
            key=lambda m: (m.created_at, m.id),
        )
        inputs = [
            SpamInput.from_message(
                m, batch.vectors.get(content_hash(m.content) or ""), frozenset(m.author.roles)
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
        copies += _earlier(session, verdict.earlier_copies)
        # The first copy of a wave is flagged before it is known to be one: later
        # copies join the incident it opened rather than opening another.
        since = message.created_at - timedelta(seconds=self.scorer.policy.window_seconds)
        key = (
            incident_key(session, verdict.earlier_copies)
            or recent_incident_of(session, message.author.id, since)
            or verdict.wave_key
        )
        incident_id, opened = record_flag(
            session,
            wave_key=key or f"message:{message.id}",
            guild_id=message.guild.id,
            copies=copies,
            score=verdict.score,
            reasons=verdict.reasons,
            at=message.created_at,
        )
        batch.flags[incident_id] = batch.flags.get(incident_id, False) or opened
        self.flagged += 1

    def learn(self, message_ids: Sequence[int], label: str, moderator_id: int) -> None:
        """A moderator's verdict: kept in the database and taught to the scorer now."""
        verdict: Label = "ham" if label == "ham" else "spam"
        with self._sessions() as session, session.begin():
            hashes = add_exemplars(session, message_ids, verdict, moderator_id)
            vectors = load_vectors(session, set(hashes), self._model_id)
        with self._lock:
            for vector in vectors.values():
                self.scorer.learn(vector, verdict)
        log.info("learned %d %s example(s) from moderator %d", len(vectors), verdict, moderator_id)


def _earlier(session: Session, ids: Sequence[int]) -> list[Copy]:
    """The wave's earlier copies, as stored (they may predate the flag)."""
    if not ids:
        return []
    rows = session.execute(
        select(
            MessageRow.id, MessageRow.author_id, MessageRow.thread_id, MessageRow.channel_id
        ).where(MessageRow.id.in_(list(ids)), MessageRow.deleted_at.is_(None))
    ).all()
    return [Copy(int(i), int(a), int(t or c), 0.0) for i, a, t, c in rows]
