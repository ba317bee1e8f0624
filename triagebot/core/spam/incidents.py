"""Spam incidents as moderators see them: the copies, the flag, the period's tally."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Copy:
    message_id: int
    author_id: int
    channel_id: int
    score: float


@dataclass
class IncidentView:
    """An incident as the moderator flag shows it."""

    id: int
    status: str
    score: float
    reasons: list[str]
    first_seen: datetime
    flag_channel_id: int | None
    flag_message_id: int | None
    copies: list[Copy] = field(default_factory=list)
    text: str = ""

    @property
    def authors(self) -> list[int]:
        return sorted({c.author_id for c in self.copies})

    @property
    def channels(self) -> list[int]:
        return sorted({c.channel_id for c in self.copies})


@dataclass(frozen=True)
class SpamReport:
    """What happened in a period, and how automatic deletion would have fared."""

    raised: int
    confirmed: int
    dismissed: int
    still_open: int
    auto_would_delete: int
    auto_agreed: int
    auto_disagreed: int

    @property
    def agreement(self) -> float | None:
        """Of the incidents automatic deletion would have removed and a moderator
        judged, the share the moderator also judged spam."""
        judged = self.auto_agreed + self.auto_disagreed
        return self.auto_agreed / judged if judged else None
