"""Digests as posted (one per day: a restart neither skips nor repeats one) and the
maintainers' feedback on their items."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from triagebot.store.models.base import Base
from triagebot.store.types import UTCDateTime


class DigestRow(Base):
    __tablename__ = "digests"

    day: Mapped[str] = mapped_column(String(10), primary_key=True)  # YYYY-MM-DD
    generated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    items: Mapped[str] = mapped_column(Text)  # the JSON of ``triagebot digest --json``
    channel_id: Mapped[int | None] = mapped_column(BigInteger)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The stored text lost erased words after it was posted: the post must be edited.
    post_outdated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class DigestFeedbackRow(Base):
    """Done / Snooze 7 days / Not relevant, pressed on a digest item."""

    __tablename__ = "digest_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The judged item's reports (a JSON list): the verdict follows them when the
    # topic's key changes. None: recorded before items kept them.
    message_ids: Mapped[str | None] = mapped_column(Text)
