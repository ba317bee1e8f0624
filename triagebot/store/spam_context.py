"""What spam scoring reads around a message: the copies of recent open incidents (to
group a ring into one), and how many messages an author posted here before (to tell
a newcomer)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triagebot.store.models import MessageRow, SpamCopyRow, SpamIncidentRow

# A ring check compares a flagged message with at most this many recent copies.
RING_COPIES = 200


def open_incident_copies(
    session: Session, guild_id: int, since: datetime, limit: int = RING_COPIES
) -> list[tuple[str, str, str]]:
    """(incident key, content hash, text) of the live copies of the guild's open
    incidents last seen at or after ``since``, the most recently active first."""
    rows = session.execute(
        select(SpamIncidentRow.wave_key, MessageRow.content_hash, MessageRow.content)
        .join(SpamCopyRow, SpamCopyRow.incident_id == SpamIncidentRow.id)
        .join(MessageRow, MessageRow.id == SpamCopyRow.message_id)
        .where(
            SpamIncidentRow.guild_id == guild_id,
            SpamIncidentRow.status == "open",
            SpamIncidentRow.last_seen >= since,
            MessageRow.content_hash.is_not(None),
        )
        .order_by(SpamIncidentRow.last_seen.desc(), MessageRow.id.desc())
        .limit(limit)
    ).all()
    return [(str(k), str(h), str(t)) for k, h, t in rows]


def messages_before(
    session: Session, guild_id: int, author_id: int, before_id: int, cap: int
) -> int:
    """How many messages ``author_id`` posted in the guild before message ``before_id``,
    counting no further than ``cap`` (the index on authors bounds the work)."""
    earlier = (
        select(MessageRow.id)
        .where(
            MessageRow.author_id == author_id,
            MessageRow.guild_id == guild_id,
            MessageRow.id < before_id,
        )
        .limit(cap)
        .subquery()
    )
    return int(session.scalar(select(func.count()).select_from(earlier)) or 0)


def first_message_id(session: Session, guild_id: int) -> int | None:
    """The oldest stored message of the guild: where the bot's memory of it begins."""
    return session.scalar(select(func.min(MessageRow.id)).where(MessageRow.guild_id == guild_id))
