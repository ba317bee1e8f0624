"""What a duplicate hint would say in each thread: its first message that the matcher
tied to an open issue (demand per issue is counted from the digest's topics, see
``triage.demand``)."""

from __future__ import annotations

from sqlalchemy import Subquery, func, select
from sqlalchemy.orm import Session

from triagebot.core.demand import Hint
from triagebot.store.models import ChannelRow, IssueMatchRow, IssueRow, MessageRow


def _first_match_per_thread() -> Subquery:
    return (
        select(MessageRow.thread_id, func.min(MessageRow.id).label("message_id"))
        .join(IssueMatchRow, IssueMatchRow.message_id == MessageRow.id)
        .where(MessageRow.thread_id.is_not(None), MessageRow.deleted_at.is_(None))
        .group_by(MessageRow.thread_id)
        .subquery()
    )


def first_match_per_thread(session: Session, limit: int = 20) -> list[Hint]:
    """Per thread, its earliest matched message (a hint is posted once per thread)."""
    first = _first_match_per_thread()
    rows = session.execute(
        select(
            ChannelRow.name,
            MessageRow.id,
            MessageRow.content,
            IssueRow.number,
            IssueRow.title,
            IssueMatchRow.score,
        )
        .join(first, first.c.message_id == MessageRow.id)
        .join(IssueMatchRow, IssueMatchRow.message_id == MessageRow.id)
        .join(IssueRow, IssueRow.id == IssueMatchRow.issue_id)
        .join(ChannelRow, ChannelRow.id == MessageRow.thread_id)
        .order_by(MessageRow.id)
        .limit(limit)
    ).all()
    return [
        Hint(str(name), int(mid), str(text)[:80], int(num), str(title), float(score))
        for name, mid, text, num, title, score in rows
    ]
