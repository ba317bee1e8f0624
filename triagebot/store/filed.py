"""Filing intents: written before GitHub is asked, claimed by one request at a time.

As everywhere the bot promises "once", the row is updated *before* the side effect
with a condition only one caller can satisfy: two submits at the same moment cannot
both post, and a request that died with its process is retried after ``stale``.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from triagebot.store.models import FiledIssueRow, IssueRow


@dataclass(frozen=True)
class Intent:
    """A filing as stored: its marker, and the issue once there is one."""

    intent: str
    marker: str
    repo: str
    requested_at: datetime
    issue_number: int | None = None
    issue_url: str | None = None

    @property
    def filed(self) -> bool:
        return self.issue_url is not None


def _intent(row: FiledIssueRow) -> Intent:
    return Intent(
        row.intent, row.marker, row.repo, row.requested_at, row.issue_number, row.issue_url
    )


def record_intent(
    session: Session,
    intent: str,
    *,
    repo: str,
    guild_id: int,
    thread_id: int | None,
    message_ids: Sequence[int],
    user_id: int,
    now: datetime,
) -> Intent:
    """The stored intent, written now when there is none (its marker made here)."""
    row = session.get(FiledIssueRow, intent)
    if row is None:
        row = FiledIssueRow(
            intent=intent,
            marker=secrets.token_hex(16),
            repo=repo,
            guild_id=guild_id,
            thread_id=thread_id,
            message_ids=json.dumps(sorted(set(message_ids))),
            requested_by=user_id,
            requested_at=now,
        )
        session.add(row)
        session.flush()
    return _intent(row)


def claim_attempt(
    session: Session, intent: str, repo: str, now: datetime, stale: timedelta
) -> bool:
    """True for the one caller that may ask GitHub now (``repo``: where it asks)."""
    result = session.execute(
        update(FiledIssueRow)
        .where(
            FiledIssueRow.intent == intent,
            FiledIssueRow.issue_url.is_(None),
            or_(FiledIssueRow.attempt_at.is_(None), FiledIssueRow.attempt_at < now - stale),
        )
        .values(attempt_at=now, repo=repo)
    )
    return int(result.rowcount or 0) == 1  # type: ignore[attr-defined]


def release_attempt(session: Session, intent: str) -> None:
    """The request failed and nothing landed: the next submit may try again."""
    session.execute(
        update(FiledIssueRow).where(FiledIssueRow.intent == intent).values(attempt_at=None)
    )


def finish_intent(
    session: Session, intent: str, *, repo: str, issue_id: int, number: int, url: str
) -> None:
    session.execute(
        update(FiledIssueRow)
        .where(FiledIssueRow.intent == intent)
        .values(repo=repo, issue_id=issue_id, issue_number=number, issue_url=url)
    )


def intent_of(session: Session, intent: str) -> Intent | None:
    row = session.get(FiledIssueRow, intent)
    return _intent(row) if row is not None else None


def filed_messages(session: Session) -> dict[int, int]:
    """Message id → the open issue it was filed as (the latest filing, when several)."""
    rows = session.execute(
        select(FiledIssueRow.message_ids, FiledIssueRow.issue_id)
        .join(IssueRow, IssueRow.id == FiledIssueRow.issue_id)
        .where(IssueRow.state == "open")
        .order_by(FiledIssueRow.requested_at)
    )
    return {
        int(m): int(issue)
        for ids, issue in rows
        if issue is not None
        for m in json.loads(ids or "[]")
    }
