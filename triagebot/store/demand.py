"""Demand per issue: how many people, threads and channels hit it, and when.

A message counts when the matcher tied it to the issue: on its own, or as a reply
that leans towards the issue of the thread it is in (see ``MatchStage``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ColumnElement, Subquery, func, select
from sqlalchemy.orm import Session

from triagebot.core.demand import Demand, Hint
from triagebot.store.models import AuthorRow, ChannelRow, IssueMatchRow, IssueRow, MessageRow
from triagebot.store.sent import sent_since


def _first_match_per_thread() -> Subquery:
    return (
        select(MessageRow.thread_id, func.min(MessageRow.id).label("message_id"))
        .join(IssueMatchRow, IssueMatchRow.message_id == MessageRow.id)
        .where(MessageRow.thread_id.is_not(None), MessageRow.deleted_at.is_(None))
        .group_by(MessageRow.thread_id)
        .subquery()
    )


def _evidence() -> Subquery:
    """(issue, message) pairs: every stored match, direct or in a thread's context."""
    return select(IssueMatchRow.issue_id, IssueMatchRow.message_id).subquery()


def demand(session: Session, since: datetime | None = None, limit: int = 20) -> list[Demand]:
    """Issues by the number of distinct people (not bots) whose messages are about them."""
    evidence = _evidence()
    where: list[ColumnElement[bool]] = [
        MessageRow.deleted_at.is_(None),
        AuthorRow.is_bot.is_(False),
    ]
    if since is not None:
        where.append(sent_since(since))
    people = func.count(func.distinct(MessageRow.author_id))
    issue_cols = (
        IssueRow.id,
        IssueRow.repo,
        IssueRow.number,
        IssueRow.title,
        IssueRow.state,
        IssueRow.html_url,
    )
    totals = session.execute(
        select(
            *issue_cols,
            func.count(MessageRow.id),
            people,
            func.count(func.distinct(MessageRow.thread_id)),
            func.count(func.distinct(MessageRow.channel_id)),
        )
        .join(evidence, evidence.c.issue_id == IssueRow.id)
        .join(MessageRow, MessageRow.id == evidence.c.message_id)
        .join(AuthorRow, AuthorRow.id == MessageRow.author_id)
        .where(*where)
        .group_by(*issue_cols)
        .order_by(people.desc(), IssueRow.number)
        .limit(limit)
    ).all()
    result = [Demand(*row) for row in totals]
    _fill_days(session, result, evidence, where)
    return result


def _fill_days(
    session: Session, rows: list[Demand], evidence: Subquery, where: list[ColumnElement[bool]]
) -> None:
    if not rows:
        return
    day = func.date(MessageRow.created_at)
    counts = session.execute(
        select(evidence.c.issue_id, day, func.count(func.distinct(MessageRow.author_id)))
        .join(MessageRow, MessageRow.id == evidence.c.message_id)
        .join(AuthorRow, AuthorRow.id == MessageRow.author_id)
        .where(evidence.c.issue_id.in_([r.issue_id for r in rows]), *where)
        .group_by(evidence.c.issue_id, day)
    )
    by_issue = {r.issue_id: r for r in rows}
    for issue_id, when, n in counts:
        by_issue[issue_id].per_day[date.fromisoformat(str(when))] = int(n)


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
