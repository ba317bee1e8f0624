"""Retention and the right to be forgotten: erasing text while keeping the counts.

A purged or forgotten message keeps its row (who posted where and when, for counts
and demand) but loses its text, its hash, its vector (unless another message still
has the same text), its "Not spam" example, every cached summary that might quote
it, and its words in stored digests (``digest_scrub``). A moderator's spam verdict
keeps its copy of the vector (no text) through a purge; forgetting a person erases
every example of what they wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, delete, select, update
from sqlalchemy.orm import Session

from triagebot.store.digest_scrub import scrub_digests
from triagebot.store.embeddings import forget_orphans
from triagebot.store.models import AuthorRow, LLMCacheRow, MessageRow, SpamExemplarRow
from triagebot.store.sent import sent_before
from triagebot.store.spam import mark_flags_outdated

BATCH = 5_000
# Told the ids of each erased batch, so copies outside the database (the index of
# recent messages) lose them too.
OnErased = Callable[[Sequence[int]], None]


@dataclass(frozen=True)
class Erased:
    messages: int
    vectors: int


def purge_text_before(
    session: Session, cutoff: datetime, on_erased: OnErased | None = None
) -> Erased:
    """Erase the text of every message created before ``cutoff``."""
    return _erase(session, sent_before(cutoff), on_erased)


def forget_author(session: Session, author_id: int, on_erased: OnErased | None = None) -> Erased:
    """Erase everything a person wrote, and their name."""
    erased = _erase(session, MessageRow.author_id == author_id, on_erased)
    mine = select(MessageRow.id).where(MessageRow.author_id == author_id)
    session.execute(delete(SpamExemplarRow).where(SpamExemplarRow.message_id.in_(mine)))
    session.execute(update(AuthorRow).where(AuthorRow.id == author_id).values(name="(forgotten)"))
    return erased


def _erase(session: Session, which: ColumnElement[bool], on_erased: OnErased | None) -> Erased:
    messages = vectors = 0
    while True:
        rows = session.execute(
            select(MessageRow.id, MessageRow.content_hash, MessageRow.content)
            .where(which, MessageRow.content_hash.is_not(None))
            .limit(BATCH)
        ).all()
        if not rows:
            break
        ids: Sequence[int] = [r.id for r in rows]
        scrub_digests(session, {r.id: r.content for r in rows})
        mark_flags_outdated(session, ids)
        session.execute(
            update(MessageRow).where(MessageRow.id.in_(ids)).values(content="", content_hash=None)
        )
        session.execute(
            delete(SpamExemplarRow).where(
                SpamExemplarRow.message_id.in_(ids), SpamExemplarRow.label == "ham"
            )
        )
        vectors += forget_orphans(session, {r.content_hash for r in rows})
        messages += len(rows)
        if on_erased is not None:
            on_erased(ids)
    if messages:
        session.execute(delete(LLMCacheRow))  # cached summaries may quote what went
    return Erased(messages=messages, vectors=vectors)
