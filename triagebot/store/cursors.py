"""Reading catch-up cursors and the threads worth re-checking after downtime."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from triagebot.core.messages import ChannelKind
from triagebot.store.models import ChannelRow, CursorRow


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
