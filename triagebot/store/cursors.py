"""Reading catch-up cursors, the threads worth re-checking after downtime, and the
messages a re-read of a recent span must find again."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from triagebot.core.messages import ChannelKind
from triagebot.store.models import ChannelRow, CursorRow, MessageRow


def cursors(session: Session, channel_ids: Iterable[int]) -> dict[int, int]:
    ids = list(channel_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(CursorRow.channel_id, CursorRow.last_message_id).where(CursorRow.channel_id.in_(ids))
    )
    return {int(c): int(m) for c, m in rows}


def recent_threads(session: Session, guild_id: int, since_id: int) -> dict[int, int]:
    """Threads of a guild whose cursor is newer than ``since_id`` → that cursor.

    A thread archived while the bot was down is no longer listed as active, but its
    last messages still need fetching.
    """
    kinds = [ChannelKind.THREAD.value, ChannelKind.FORUM_POST.value]
    rows = session.execute(
        select(CursorRow.channel_id, CursorRow.last_message_id)
        .join(ChannelRow, ChannelRow.id == CursorRow.channel_id)
        .where(
            ChannelRow.guild_id == guild_id,
            ChannelRow.kind.in_(kinds),
            CursorRow.last_message_id > since_id,
        )
    )
    return {int(c): int(m) for c, m in rows}


def live_ids_between(
    session: Session, place_id: int, low: int, high: int
) -> dict[int, datetime | None]:
    """The messages stored in channel or thread ``place_id`` with ``low < id <= high``
    and not deleted (what a re-read of that span must find) → when last edited."""
    in_place = or_(
        MessageRow.thread_id == place_id,
        and_(MessageRow.channel_id == place_id, MessageRow.thread_id.is_(None)),
    )
    if high <= low:
        return {}
    rows = session.execute(
        select(MessageRow.id, MessageRow.edited_at).where(
            in_place, MessageRow.id > low, MessageRow.id <= high, MessageRow.deleted_at.is_(None)
        )
    )
    return {int(m): edited for m, edited in rows}
