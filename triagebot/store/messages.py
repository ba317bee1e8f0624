"""Writing intake events: idempotent upserts keyed by Discord snowflakes.

Replays, reconnects, catch-up and overlapping imports all land here and never create
a second row. Edits overwrite content; deletions erase it everywhere and are
remembered, so no later source can bring the content back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, literal, select, update
from sqlalchemy.orm import Session

from triagebot.core.batch import StoreOutcome
from triagebot.core.messages import (
    ChannelKind,
    ChannelSeen,
    ChatEvent,
    ChatMessage,
    MessageDeleted,
    ReactionChanged,
)
from triagebot.core.text import content_hash
from triagebot.store.digest_scrub import scrub_digests
from triagebot.store.embeddings import forget_orphans
from triagebot.store.models import (
    AuthorRow,
    ChannelRow,
    CursorRow,
    DeletionRow,
    GuildRow,
    MessageRow,
    SpamExemplarRow,
)
from triagebot.store.upsert import Upsert, greatest, upsert


def _from_excluded(name: str) -> Any:
    return lambda ex: getattr(ex, name)


def store_events(session: Session, events: Sequence[ChatEvent]) -> StoreOutcome:
    """Apply a batch in order of kind: channels, messages, reactions, deletions.

    Deletions go last so a create and a delete of the same message in one batch end
    deleted; reactions after messages so they find their rows.
    """
    outcome = StoreOutcome()
    messages = _last_version_of_each([e for e in events if isinstance(e, ChatMessage)])
    _store_places(session, events)
    if messages:
        _store_authors(session, messages)
        _store_messages(session, messages, outcome)
        _advance_cursors(session, messages)
    _store_reactions(session, [e for e in events if isinstance(e, ReactionChanged)], outcome)
    _store_deletions(session, [e for e in events if isinstance(e, MessageDeleted)], outcome)
    return outcome


def _last_version_of_each(messages: list[ChatMessage]) -> list[ChatMessage]:
    """One row per id per statement; a later event of the same id wins."""
    by_id: dict[int, ChatMessage] = {}
    for m in messages:
        by_id[m.id] = m
    return list(by_id.values())


def _store_places(session: Session, events: Iterable[ChatEvent]) -> None:
    guilds: dict[int, dict[str, Any]] = {}
    channels: dict[int, dict[str, Any]] = {}
    for e in events:
        if isinstance(e, ChatMessage | ChannelSeen):
            guilds[e.guild.id] = {"id": e.guild.id, "name": e.guild.name[:100]}
            c = e.channel
            channels[c.id] = {
                "id": c.id,
                "guild_id": c.guild_id,
                "parent_id": c.parent_id,
                "name": c.name[:100],
                "kind": c.kind.value,
            }
    _UPSERT_GUILDS(session, list(guilds.values()))
    _UPSERT_CHANNELS(session, list(channels.values()))
    kinds = {row["kind"] for row in channels.values()}
    if ChannelKind.FORUM.value in kinds:
        _mark_forum_posts(session)  # threads stored before their forum was known
    elif ChannelKind.THREAD.value in kinds:
        threads = [i for i, row in channels.items() if row["kind"] == ChannelKind.THREAD.value]
        _mark_forum_posts(session, threads)


def _mark_forum_posts(session: Session, among: Sequence[int] | None = None) -> None:
    """A thread under a forum is a forum post. Exports do not say so (a thread file
    names only its parent's id), so the store decides once it knows the parent."""
    forums = select(ChannelRow.id).where(ChannelRow.kind == ChannelKind.FORUM.value)
    threads = ChannelRow.kind == ChannelKind.THREAD.value
    if among is not None:
        threads = threads & ChannelRow.id.in_(list(among))
    session.execute(
        update(ChannelRow)
        .where(threads, ChannelRow.parent_id.in_(forums))
        .values(kind=ChannelKind.FORUM_POST.value)
    )


_UPSERT_GUILDS = Upsert(GuildRow, key=["id"], update={"name": lambda ex: ex.name})
_UPSERT_CHANNELS = Upsert(
    ChannelRow,
    key=["id"],
    update={name: _from_excluded(name) for name in ("name", "parent_id", "kind")},
)


def _store_authors(session: Session, messages: Sequence[ChatMessage]) -> None:
    rows = {
        m.author.id: {
            "id": m.author.id,
            "name": _storable(m.author.name)[:100],
            "is_bot": m.author.bot,
            "created_at": m.author.created_at,
            "joined_at": m.author.joined_at,
        }
        for m in messages
    }
    _UPSERT_AUTHORS(session, list(rows.values()))


_UPSERT_AUTHORS = Upsert(
    AuthorRow,
    key=["id"],
    update={
        "name": _from_excluded("name"),
        "is_bot": _from_excluded("is_bot"),
        # A source that does not know the join time must not erase a known one.
        "joined_at": lambda ex: func.coalesce(ex.joined_at, AuthorRow.joined_at),
    },
)


# What an edit or a re-read may change; identity, author and creation time never do.
_CHANGING = (
    "content",
    "content_hash",
    "edited_at",
    "thread_id",
    "channel_id",
    "reply_to_id",
    "attachment_count",
    "user_mention_count",
    "role_mention_count",
    "mentions_everyone",
)


def _store_messages(
    session: Session, messages: Sequence[ChatMessage], outcome: StoreOutcome
) -> None:
    ids = [m.id for m in messages]
    erased = set(
        session.scalars(select(DeletionRow.message_id).where(DeletionRow.message_id.in_(ids)))
    )
    existing = set(session.scalars(select(MessageRow.id).where(MessageRow.id.in_(ids))))
    live = [m for m in messages if m.id not in erased]
    outcome.ignored_deleted += len(messages) - len(live)
    rows = [_message_row(m) for m in live]
    # A live event does not know the reaction count: keep the stored one.
    known = [r for r in rows if r["reaction_count"] is not None]
    unknown = [dict(r, reaction_count=0) for r in rows if r["reaction_count"] is None]
    _UPSERT_COUNTED_MESSAGES(session, known)
    _UPSERT_MESSAGES(session, unknown)
    for m in live:
        (outcome.updated if m.id in existing else outcome.inserted).append(m.id)


_UPSERT_MESSAGES = Upsert(
    MessageRow,
    key=["id"],
    update={name: _from_excluded(name) for name in _CHANGING},
    where=MessageRow.deleted_at.is_(None),
)
_UPSERT_COUNTED_MESSAGES = Upsert(
    MessageRow,
    key=["id"],
    update={name: _from_excluded(name) for name in (*_CHANGING, "reaction_count")},
    where=MessageRow.deleted_at.is_(None),
)


def _message_row(m: ChatMessage) -> dict[str, Any]:
    return {
        "id": m.id,
        "guild_id": m.guild.id,
        "channel_id": m.channel.top_level_id,
        "thread_id": m.thread_id,
        "author_id": m.author.id,
        "content": _storable(m.content),
        "content_hash": content_hash(m.content),
        "created_at": m.created_at,
        "edited_at": m.edited_at,
        "deleted_at": None,
        "reply_to_id": m.reply_to,
        "attachment_count": m.attachments,
        "user_mention_count": m.user_mentions,
        "role_mention_count": m.role_mentions,
        "mentions_everyone": m.mentions_everyone,
        "reaction_count": m.reactions,
    }


def _advance_cursors(session: Session, messages: Sequence[ChatMessage]) -> None:
    newest: dict[int, int] = {}
    for m in messages:
        if m.contiguous:
            newest[m.channel.id] = max(newest.get(m.channel.id, 0), m.id)
    now = datetime.now(UTC)
    rows = [{"channel_id": c, "last_message_id": i, "updated_at": now} for c, i in newest.items()]
    _UPSERT_CURSORS(session, rows)


_UPSERT_CURSORS = Upsert(
    CursorRow,
    key=["channel_id"],
    update={
        "last_message_id": lambda ex: greatest(CursorRow.last_message_id, ex.last_message_id),
        "updated_at": _from_excluded("updated_at"),
    },
)


def _store_reactions(
    session: Session, changes: Sequence[ReactionChanged], outcome: StoreOutcome
) -> None:
    net: dict[int, int] = {}
    for c in changes:
        net[c.message_id] = net.get(c.message_id, 0) + c.delta
    for message_id, delta in net.items():
        if delta:
            new = greatest(MessageRow.reaction_count + delta, literal(0))
            session.execute(
                update(MessageRow).where(MessageRow.id == message_id).values(reaction_count=new)
            )
            outcome.reactions += 1


def _store_deletions(
    session: Session, deletions: Sequence[MessageDeleted], outcome: StoreOutcome
) -> None:
    if not deletions:
        return
    now = datetime.now(UTC)
    rows = [{"message_id": d.id, "channel_id": d.channel_id, "deleted_at": now} for d in deletions]
    upsert(session, DeletionRow, rows, key=["message_id"])
    ids = [d.id for d in deletions]
    gone = session.execute(
        select(MessageRow.id, MessageRow.content_hash, MessageRow.content).where(
            MessageRow.id.in_(ids), MessageRow.content_hash.is_not(None)
        )
    ).all()
    hashes = {r.content_hash for r in gone}
    scrub_digests(session, {r.id: r.content for r in gone})
    session.execute(
        update(MessageRow)
        .where(MessageRow.id.in_(ids), MessageRow.deleted_at.is_(None))
        .values(content="", content_hash=None, deleted_at=now)
    )
    # A deleted message is no longer an example of ordinary chat; a moderator's spam
    # verdict stays (its own vector, no text): deleting the copies is what it asked for.
    session.execute(
        delete(SpamExemplarRow).where(
            SpamExemplarRow.message_id.in_(ids), SpamExemplarRow.label == "ham"
        )
    )
    forget_orphans(session, {h for h in hashes if h})
    outcome.deleted += ids


def _storable(text: str) -> str:
    """PostgreSQL text cannot hold NUL; SQLite can. Store the same thing on both."""
    return text.replace("\x00", "\ufffd")
