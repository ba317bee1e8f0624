"""Issues filed from Discord: the intent, recorded before GitHub is asked.

A POST that timed out may still have created the issue. The row is written first,
with the marker the issue's body will carry, so a retry (a second press, a second
submit, a restart) looks for that marker on GitHub instead of filing again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from triagebot.store.models.base import Base
from triagebot.store.types import UTCDateTime


class FiledIssueRow(Base):
    """One thing to file (a digest item, a thread, a message) and what became of it.

    ``intent`` names the thing (``digest:topic:12``, ``thread:34``, ``message:56``);
    ``attempt_at`` is the claim of the one request on its way (stale after a while,
    so a crash mid-request does not block the thing for ever); ``issue_id`` is set
    once the issue is known to exist, and ``message_ids`` (JSON) count for it.
    """

    __tablename__ = "filed_issues"

    intent: Mapped[str] = mapped_column(String(120), primary_key=True)
    marker: Mapped[str] = mapped_column(String(64), unique=True)
    repo: Mapped[str] = mapped_column(String(140))
    guild_id: Mapped[int] = mapped_column(BigInteger)
    thread_id: Mapped[int | None] = mapped_column(BigInteger)
    message_ids: Mapped[str] = mapped_column(Text, default="[]")
    requested_by: Mapped[int] = mapped_column(BigInteger)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    issue_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    issue_number: Mapped[int | None] = mapped_column(Integer)
    issue_url: Mapped[str | None] = mapped_column(Text)
