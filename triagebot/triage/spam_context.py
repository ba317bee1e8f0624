"""What the spam stage looks up around a batch: newcomers' message counts, and the
open incident a flagged message from a ring belongs to.

Every function here runs inside the stage's transaction, on the pipeline's thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from triagebot.core.messages import ChatMessage
from triagebot.core.snowflake import snowflake_time
from triagebot.core.spam.incidents import FlaggedCopy, RingMatch, link_targets, ring_incident
from triagebot.core.spam.policy import SpamPolicy
from triagebot.store.embeddings import load_vectors
from triagebot.store.spam_context import first_message_id, messages_before, open_incident_copies

# Authors known to be past their first messages; forgotten all at once beyond this.
KNOWN_AUTHORS = 100_000


class FirstMessages:
    """How many messages each author had posted in the server before each new one.

    Only the bot's own memory counts, so the count is only trusted for members who
    joined after it starts: someone who joined before the oldest stored message may
    have posted long before it (unknown, None). Authors past their first ``limit``
    messages are remembered and never counted again.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._past: set[tuple[int, int]] = set()  # (guild, author)
        self._starts: dict[int, int] = {}  # guild -> its oldest stored message id

    def counts(self, session: Session, messages: Sequence[ChatMessage]) -> dict[int, int]:
        """Earlier messages by id, for the newcomers among ``messages`` (posting order)."""
        found: dict[int, int] = {}
        if self.limit <= 0:
            return found
        groups: dict[tuple[int, int], list[ChatMessage]] = {}
        for message in messages:
            key = (message.guild.id, message.author.id)
            if key not in self._past and self._counted(session, message):
                groups.setdefault(key, []).append(message)
        for (guild, author), mine in groups.items():
            before = messages_before(session, guild, author, mine[0].id, self.limit)
            for n, message in enumerate(mine):
                found[message.id] = before + n
            if before + len(mine) >= self.limit:
                self._remember_past(guild, author)
        return found

    def _counted(self, session: Session, message: ChatMessage) -> bool:
        """Whether the bot has seen all this member's messages: they joined after the
        oldest stored message of the server."""
        joined = message.author.joined_at
        if joined is None:
            return False
        start = self._starts.get(message.guild.id)
        if start is None:
            start = first_message_id(session, message.guild.id) or message.id
            self._starts[message.guild.id] = start
        return joined >= snowflake_time(start)

    def _remember_past(self, guild: int, author: int) -> None:
        if len(self._past) >= KNOWN_AUTHORS:
            self._past.clear()
        self._past.add((guild, author))


def ring_of(
    session: Session,
    message: ChatMessage,
    vector: NDArray[np.float32] | None,
    model_id: str,
    policy: SpamPolicy,
) -> RingMatch | None:
    """The open incident of the last ``ring_window_seconds`` this flagged message reads
    like or shares a link with, whoever posted it."""
    since = message.created_at - timedelta(seconds=policy.ring_window_seconds)
    rows = open_incident_copies(session, message.guild.id, since)
    if not rows:
        return None
    vectors = load_vectors(session, {h for _, h, _ in rows}, model_id) if model_id else {}
    copies = [FlaggedCopy(key, vectors.get(h), link_targets(text)) for key, h, text in rows]
    return ring_incident(vector, link_targets(message.content), copies, policy.ring_cosine)
