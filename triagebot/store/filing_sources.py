"""What an issue filed from Discord is made of: a stored digest item, or messages."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from triagebot.core.digest import DigestItem
from triagebot.store.digests import RECENT_DIGESTS
from triagebot.store.models import DigestRow, MessageRow


@dataclass(frozen=True)
class StoredMessage:
    """A live message as filing reads it: where it was said, by whom, what."""

    id: int
    guild_id: int
    channel_id: int  # the top-level channel
    thread_id: int | None
    author_id: int
    text: str

    @property
    def link(self) -> str:
        place = self.thread_id or self.channel_id
        return f"https://discord.com/channels/{self.guild_id}/{place}/{self.id}"


def recent_item(session: Session, key: str, digests: int = RECENT_DIGESTS) -> DigestItem | None:
    """The newest stored digest item with ``key`` (a button is pressed on a recent one)."""
    rows = session.scalars(select(DigestRow).order_by(DigestRow.day.desc()).limit(digests))
    for row in rows:
        for item in json.loads(row.items).get("items", []):
            if item.get("key") == key:
                return DigestItem.from_json(item)
    return None


def _stored(row: MessageRow) -> StoredMessage:
    return StoredMessage(
        row.id, row.guild_id, row.channel_id, row.thread_id, row.author_id, row.content
    )


def live_messages(session: Session, ids: Collection[int]) -> list[StoredMessage]:
    """The messages of ``ids`` not deleted, oldest first."""
    if not ids:
        return []
    rows = session.scalars(
        select(MessageRow)
        .where(MessageRow.id.in_(list(ids)), MessageRow.deleted_at.is_(None))
        .order_by(MessageRow.id)
    )
    return [_stored(row) for row in rows]


def thread_messages(session: Session, thread_id: int, limit: int = 500) -> list[StoredMessage]:
    """A thread's live messages, its opening post (id == thread id) first."""
    inside = or_(MessageRow.thread_id == thread_id, MessageRow.id == thread_id)
    rows = session.scalars(
        select(MessageRow)
        .where(inside, MessageRow.deleted_at.is_(None))
        .order_by(MessageRow.id)
        .limit(limit)
    )
    return [_stored(row) for row in rows]
