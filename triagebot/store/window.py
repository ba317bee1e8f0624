"""Reading a window of the community for the digest: messages, their vectors, issues."""

from __future__ import annotations

import json
import re
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from triagebot.core.ranking import IssueFacts
from triagebot.core.readable import Names
from triagebot.core.topic_message import TopicMessage
from triagebot.store.embeddings import decode_vectors, of_model
from triagebot.store.models import (
    AuthorRow,
    ChannelRow,
    EmbeddingRow,
    IssueRow,
    MessageRow,
    SpamCopyRow,
)
from triagebot.store.sent import sent_before, sent_since


def window_messages(
    session: Session, since: datetime, until: datetime, model: str
) -> list[TopicMessage]:
    """People's messages in ``[since, until)``, oldest first, without deleted messages,
    bots, or anything that belongs to a spam incident."""
    rows = session.execute(_window(since, until, model)).all()
    vectors = decode_vectors([r.vector for r in rows])
    return [
        TopicMessage(
            id=r.id,
            author_id=r.author_id,
            channel_id=r.channel_id,
            thread_id=r.thread_id,
            created_at=r.created_at,
            text=r.content,
            vector=vector,
            reactions=r.reaction_count,
            reply_to=r.reply_to_id,
            addressed=_mentioned(r.content),
        )
        for r, vector in zip(rows, vectors, strict=True)
    ]


def _mentioned(text: str) -> tuple[int, ...]:
    """The people a message mentions (``<@123>``): who it is addressed to."""
    return tuple(int(i) for i in _MENTION.findall(text)) if "<@" in text else ()


def issue_facts(session: Session, ids: set[int]) -> dict[int, IssueFacts]:
    if not ids:
        return {}
    rows = session.scalars(select(IssueRow).where(IssueRow.id.in_(list(ids))))
    return {
        r.id: IssueFacts(
            id=r.id,
            number=r.number,
            title=r.title,
            state=r.state,
            labels=tuple(json.loads(r.labels)),
            url=r.html_url,
            updated_at=r.updated_at,
            repo=r.repo,
        )
        for r in rows
    }


def message_places(session: Session, ids: list[int]) -> dict[int, tuple[int, int, int | None]]:
    """message id → (guild, channel, thread), to build jump links."""
    if not ids:
        return {}
    rows = session.execute(
        select(
            MessageRow.id, MessageRow.guild_id, MessageRow.channel_id, MessageRow.thread_id
        ).where(MessageRow.id.in_(ids))
    )
    return {int(i): (int(g), int(c), t) for i, g, c, t in rows}


# id, author, channel, thread, sent, text, text hash, reactions, the message it answers,
# the text's vector (float16 bytes) when it has one
_Window = Select[
    int, int, int, int | None, datetime, str, str | None, int, int | None, bytes | None
]
_MENTION = re.compile(r"<@!?(\d+)>")


def _window(since: datetime, until: datetime, model: str) -> _Window:
    """People's stored messages in ``[since, until)``, oldest first, each with its
    ``model`` vector joined in (one query: a day's hashes are too many for an IN list)."""
    spam = select(SpamCopyRow.message_id)
    return (
        select(
            MessageRow.id,
            MessageRow.author_id,
            MessageRow.channel_id,
            MessageRow.thread_id,
            MessageRow.created_at,
            MessageRow.content,
            MessageRow.content_hash,
            MessageRow.reaction_count,
            MessageRow.reply_to_id,
            EmbeddingRow.vector,
        )
        .join(AuthorRow, AuthorRow.id == MessageRow.author_id)
        .outerjoin(
            EmbeddingRow,
            (EmbeddingRow.content_hash == MessageRow.content_hash) & of_model(model),
        )
        .where(
            sent_since(since),
            sent_before(until),
            MessageRow.deleted_at.is_(None),
            MessageRow.content_hash.is_not(None),
            AuthorRow.is_bot.is_(False),
            MessageRow.id.not_in(spam),
        )
        .order_by(MessageRow.id)
    )


_CHANNEL_REF = re.compile(r"<#(\d+)>")


def names_in(session: Session, texts: list[str]) -> Names:
    """The stored names of the people and channels ``texts`` mention."""
    people = {int(i) for t in texts for i in _MENTION.findall(t)}
    places = {int(i) for t in texts for i in _CHANNEL_REF.findall(t)}
    found = Names(
        people=_named(session, AuthorRow.id, AuthorRow.name, people),
        channels=_named(session, ChannelRow.id, ChannelRow.name, places),
    )
    return found


def _named(
    session: Session,
    key: InstrumentedAttribute[int],
    name: InstrumentedAttribute[str],
    ids: set[int],
) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(select(key, name).where(key.in_(ids))).all()
    return {int(i): str(n) for i, n in rows}
