"""One stored message as the digest reads it: who, where, when, what, and its vector."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from triagebot.core.vectors import Vectors


@dataclass(frozen=True, slots=True)
class TopicMessage:
    id: int
    author_id: int
    channel_id: int
    thread_id: int | None
    created_at: datetime
    text: str
    vector: Vectors | None  # L2-normalised
    reactions: int = 0
    reply_to: int | None = None  # the message it answers, when it is a reply
    addressed: tuple[int, ...] = ()  # the people it mentions (or names, ``nick:``)
