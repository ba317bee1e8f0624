"""Stored digests and feedback on their items."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from triagebot.core.digest import Digest
from triagebot.core.ranking import Action, Feedback
from triagebot.store.models import DigestFeedbackRow, DigestRow

RECENT_DIGESTS = 30  # how far back a pressed button's item is looked for


def save_digest(session: Session, digest: Digest) -> DigestRow:
    """Store (or replace, while not yet posted) the digest of its day."""
    row = session.get(DigestRow, digest.day.isoformat())
    if row is None:
        row = DigestRow(day=digest.day.isoformat())
        session.add(row)
    if row.posted_at is None:
        row.generated_at = digest.generated_at
        row.items = json.dumps(digest.as_json(), ensure_ascii=False)
    return row


def digest_of(session: Session, day: date) -> DigestRow | None:
    return session.get(DigestRow, day.isoformat())


def mark_posted(
    session: Session, day: date, channel_id: int, message_id: int, at: datetime
) -> None:
    row = session.get(DigestRow, day.isoformat())
    if row is not None:
        row.channel_id, row.message_id, row.posted_at = channel_id, message_id, at


def previous_keys(session: Session, before: date) -> frozenset[str]:
    """The item keys of the last digest before ``before`` ("what is new since")."""
    row = session.scalars(
        select(DigestRow).where(DigestRow.day < before.isoformat()).order_by(DigestRow.day.desc())
    ).first()
    if row is None:
        return frozenset()
    return frozenset(str(item.get("key")) for item in json.loads(row.items).get("items", []))


def record_feedback(session: Session, key: str, action: Action, user_id: int, at: datetime) -> None:
    """The verdict, with the reports of the newest stored item under ``key``."""
    reports = item_reports(session, key)
    session.add(
        DigestFeedbackRow(
            key=key, action=action, user_id=user_id, at=at, message_ids=json.dumps(reports)
        )
    )


def item_reports(session: Session, key: str, *, digests: int = RECENT_DIGESTS) -> list[int]:
    """The message ids of the newest item with ``key`` among the last stored digests
    (a button is pressed on a recent one); [] when none holds it."""
    rows = session.scalars(select(DigestRow).order_by(DigestRow.day.desc()).limit(digests))
    for row in rows:
        for item in json.loads(row.items).get("items", []):
            if item.get("key") == key:
                return [int(m) for m in item.get("message_ids") or []]
    return []


def feedback_since(session: Session, since: datetime) -> list[Feedback]:
    rows = session.scalars(
        select(DigestFeedbackRow)
        .where(DigestFeedbackRow.at >= since)
        .order_by(DigestFeedbackRow.at)
    )
    return [
        Feedback(
            key=r.key,
            action=cast(Action, r.action),
            at=r.at,
            message_ids=frozenset(json.loads(r.message_ids or "[]")),
        )
        for r in rows
    ]


def outdated_posts(session: Session) -> list[tuple[int, int, Digest]]:
    """(channel, message, digest) of each posted digest whose text changed since."""
    rows = session.scalars(
        select(DigestRow).where(DigestRow.post_outdated.is_(True), DigestRow.posted_at.is_not(None))
    )
    return [
        (int(r.channel_id), int(r.message_id), Digest.from_json(json.loads(r.items)))
        for r in rows
        if r.channel_id is not None and r.message_id is not None
    ]


def post_current(session: Session, day: date) -> None:
    row = session.get(DigestRow, day.isoformat())
    if row is not None:
        row.post_outdated = False
