"""The hints the bot claimed, posted, or still owes.

A place's one hint is claimed by a row written with the batch that earned it, so a
stored match and its claim are never apart. The post follows; its message id closes
the claim. A claim still open when a process starts was left by a predecessor that
died in between: the row says what the hint was about, so it can be finished.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import Session

from triagebot.store.models import HintPostRow, MessageRow


def claim_hint(
    session: Session,
    place_id: int,
    issue_id: int,
    *,
    once_per_place: bool,
    about: int | None = None,
    score: float | None = None,
) -> bool:
    """Reserve the right to post a hint here; False when one was already claimed.

    ``once_per_place``: a thread gets one hint at all; a plain channel one per issue.
    ``about`` and ``score``: the message the hint answers and the score it shows.
    """
    taken = exists().where(HintPostRow.place_id == place_id)
    if not once_per_place:
        taken = taken.where(HintPostRow.issue_id == issue_id)
    if session.scalar(select(taken)):
        return False
    session.add(
        HintPostRow(
            place_id=place_id,
            issue_id=issue_id,
            posted_at=datetime.now(UTC),
            about_message_id=about,
            score=score,
        )
    )
    session.flush()
    return True


def finish_hint(session: Session, place_id: int, issue_id: int, message_id: int | None) -> None:
    """Record the hint's message, or drop the claim (``None``) when nothing was posted."""
    where = (HintPostRow.place_id == place_id, HintPostRow.issue_id == issue_id)
    if message_id is None:
        session.execute(delete(HintPostRow).where(*where))
    else:
        session.execute(update(HintPostRow).where(*where).values(message_id=message_id))


@dataclass(frozen=True, slots=True)
class OpenClaim:
    """A claim with no hint message recorded, and what its message was (if known)."""

    place_id: int
    issue_id: int
    claimed_at: datetime
    score: float | None
    about: int | None  # None: claimed before claims said what they were about
    guild_id: int | None  # these are None too when the message is gone
    thread_id: int | None
    created_at: datetime | None
    deleted: bool


def open_claims(session: Session, before: datetime) -> list[OpenClaim]:
    """The claims made before ``before`` whose hint message was never recorded."""
    rows = session.execute(
        select(
            HintPostRow.place_id,
            HintPostRow.issue_id,
            HintPostRow.posted_at,
            HintPostRow.score,
            HintPostRow.about_message_id,
            MessageRow.guild_id,
            MessageRow.thread_id,
            MessageRow.created_at,
            MessageRow.deleted_at,
        )
        .outerjoin(MessageRow, MessageRow.id == HintPostRow.about_message_id)
        .where(HintPostRow.message_id.is_(None), HintPostRow.posted_at < before)
        .order_by(HintPostRow.posted_at)
    ).all()
    return [
        OpenClaim(place, issue, at, score, about, guild, thread, created, deleted is not None)
        for place, issue, at, score, about, guild, thread, created, deleted in rows
    ]
