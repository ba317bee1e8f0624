"""Read-only summaries of what is stored (for ``triagebot stats`` and the demo)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triagebot.core.messages import ChannelKind
from triagebot.store.models import AuthorRow, ChannelRow, GuildRow, MessageRow
from triagebot.store.sent import sent_since


@dataclass(frozen=True)
class StoreStats:
    guilds: int
    channels: int
    threads: int
    authors: int
    messages: int
    deleted: int
    edited: int
    first: datetime | None
    last: datetime | None
    per_day: list[tuple[date, int]]
    per_channel: list[tuple[str, int]]


def store_stats(session: Session, *, top_channels: int = 10) -> StoreStats:
    def count(stmt: object) -> int:
        return int(session.scalar(stmt) or 0)  # type: ignore[call-overload]

    thread_kinds = [ChannelKind.THREAD.value, ChannelKind.FORUM_POST.value]
    day = func.date(MessageRow.created_at)
    per_day = session.execute(select(day, func.count()).group_by(day).order_by(day)).all()
    per_channel = session.execute(
        select(ChannelRow.name, func.count(MessageRow.id))
        .join(ChannelRow, ChannelRow.id == MessageRow.channel_id)
        .group_by(ChannelRow.name)
        .order_by(func.count(MessageRow.id).desc())
        .limit(top_channels)
    ).all()
    first, last = session.execute(
        select(func.min(MessageRow.created_at), func.max(MessageRow.created_at))
    ).one()
    return StoreStats(
        guilds=count(select(func.count()).select_from(GuildRow)),
        channels=count(select(func.count()).where(ChannelRow.kind.not_in(thread_kinds))),
        threads=count(select(func.count()).where(ChannelRow.kind.in_(thread_kinds))),
        authors=count(select(func.count()).select_from(AuthorRow)),
        messages=count(select(func.count()).select_from(MessageRow)),
        deleted=count(select(func.count()).where(MessageRow.deleted_at.is_not(None))),
        edited=count(select(func.count()).where(MessageRow.edited_at.is_not(None))),
        first=first,
        last=last,
        per_day=[(_as_date(d), int(n)) for d, n in per_day],
        per_channel=[(str(name), int(n)) for name, n in per_channel],
    )


def _as_date(value: object) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def message_tokens_by_day(session: Session, since: datetime) -> dict[date, int]:
    """What sending every stored message of each day to a model would cost, in tokens
    (estimated as characters / 4, the usual rule of thumb for English text)."""
    day = func.date(MessageRow.created_at)
    rows = session.execute(
        select(day, func.sum(func.length(MessageRow.content)))
        .where(sent_since(since))
        .group_by(day)
    ).all()
    return {_as_date(d): int(chars or 0) // 4 for d, chars in rows}
