"""A stored message proposed as an earlier discussion, as it reads now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class PastMessage:
    """A stored message an index search proposed, as it is now."""

    id: int
    guild_id: int
    channel_id: int  # the top-level channel
    thread_id: int | None
    created_at: datetime
    content: str

    @property
    def place(self) -> int:
        """Where it was said: its thread, else its channel."""
        return self.thread_id or self.channel_id
