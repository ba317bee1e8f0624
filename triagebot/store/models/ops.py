"""How the running processes are doing, and who runs the once-only jobs.

A heartbeat row per process makes a silent failure visible from outside it
(``triagebot status``, the stall warning); a lease row per scheduled job (issue sync,
the daily digest) lets several processes share one database while each job runs in
exactly one of them at a time.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from triagebot.store.models.base import Base
from triagebot.store.types import UTCDateTime


class HeartbeatRow(Base):
    """One bot process, as it last reported itself."""

    __tablename__ = "heartbeats"

    process: Mapped[str] = mapped_column(String(128), primary_key=True)  # host:pid or name
    shards: Mapped[str] = mapped_column(String(64), default="")  # e.g. "0,1 of 2"
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    beat_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_event_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_batch_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    events: Mapped[int] = mapped_column(Integer, default=0)
    queue_depth: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text, default="{}")  # JSON: anything else worth showing


class LeaseRow(Base):
    """A named job held by one process until ``expires_at`` (renewed while it runs)."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime)
