"""Issue matches (demand) and "not related" verdicts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import Session

from triagebot.core.matching import Candidate
from triagebot.store.models import (
    ChannelRow,
    HintRejectionRow,
    IssueMatchRow,
    IssueRow,
    MessageRow,
)
from triagebot.store.upsert import upsert


def save_matches(
    session: Session, matches: Mapping[int, Candidate], unmatched: Collection[int]
) -> None:
    """Record message → issue matches; forget old matches of edited messages that no
    longer match anything."""
    if unmatched:
        session.execute(delete(IssueMatchRow).where(IssueMatchRow.message_id.in_(list(unmatched))))
    now = datetime.now(UTC)
    rows = [
        {"message_id": m, "issue_id": c.issue.key, "score": c.score, "matched_at": now}
        for m, c in matches.items()
    ]
    upsert(
        session,
        IssueMatchRow,
        rows,
        key=["message_id"],
        update={
            "issue_id": lambda ex: ex.issue_id,
            "score": lambda ex: ex.score,
            "matched_at": lambda ex: ex.matched_at,
        },
    )


def rejections(session: Session, places: Collection[int]) -> dict[int, set[int]]:
    """For each place (thread or channel id), the issue keys people rejected there."""
    found: dict[int, set[int]] = defaultdict(set)
    if places:
        rows = session.execute(
            select(HintRejectionRow.place_id, HintRejectionRow.issue_id).where(
                HintRejectionRow.place_id.in_(list(places))
            )
        )
        for place, issue in rows:
            found[int(place)].add(int(issue))
    return found


def reject(session: Session, place_id: int, issue_id: int, user_id: int) -> None:
    upsert(
        session,
        HintRejectionRow,
        [
            {
                "place_id": place_id,
                "issue_id": issue_id,
                "user_id": user_id,
                "created_at": datetime.now(UTC),
            }
        ],
        key=["place_id", "issue_id"],
    )


@dataclass
class Demand:
    """How many people, threads and channels hit one issue, and on which days."""

    issue_id: int
    repo: str
    number: int
    title: str
    state: str
    url: str
    messages: int = 0
    people: int = 0
    threads: int = 0
    channels: int = 0
    per_day: dict[date, int] = field(default_factory=dict)


def demand(session: Session, since: datetime | None = None, limit: int = 20) -> list[Demand]:
    """Issues by the number of distinct people whose messages matched them."""
    where: list[ColumnElement[bool]] = [MessageRow.deleted_at.is_(None)]
    if since is not None:
        where.append(MessageRow.created_at >= since)
    totals = session.execute(
        select(
            IssueRow.id,
            IssueRow.repo,
            IssueRow.number,
            IssueRow.title,
            IssueRow.state,
            IssueRow.html_url,
            func.count(MessageRow.id),
            func.count(func.distinct(MessageRow.author_id)),
            func.count(func.distinct(MessageRow.thread_id)),
            func.count(func.distinct(MessageRow.channel_id)),
        )
        .join(IssueMatchRow, IssueMatchRow.issue_id == IssueRow.id)
        .join(MessageRow, MessageRow.id == IssueMatchRow.message_id)
        .where(*where)
        .group_by(
            IssueRow.id,
            IssueRow.repo,
            IssueRow.number,
            IssueRow.title,
            IssueRow.state,
            IssueRow.html_url,
        )
        .order_by(func.count(func.distinct(MessageRow.author_id)).desc(), IssueRow.number)
        .limit(limit)
    ).all()
    result = [Demand(*row) for row in totals]
    _fill_days(session, result, where)
    return result


def _fill_days(session: Session, rows: list[Demand], where: list[ColumnElement[bool]]) -> None:
    if not rows:
        return
    day = func.date(MessageRow.created_at)
    counts = session.execute(
        select(IssueMatchRow.issue_id, day, func.count())
        .join(MessageRow, MessageRow.id == IssueMatchRow.message_id)
        .where(IssueMatchRow.issue_id.in_([r.issue_id for r in rows]), *where)
        .group_by(IssueMatchRow.issue_id, day)
    )
    by_issue = {r.issue_id: r for r in rows}
    for issue_id, when, n in counts:
        by_issue[issue_id].per_day[date.fromisoformat(str(when))] = int(n)


@dataclass(frozen=True)
class Hint:
    """The first match in a thread: what a hint there would say."""

    place: str
    message_id: int
    excerpt: str
    number: int
    title: str
    score: float


def first_match_per_thread(session: Session, limit: int = 20) -> list[Hint]:
    """Per thread, its earliest matched message (a hint is posted once per thread)."""
    first = (
        select(MessageRow.thread_id, func.min(MessageRow.id).label("message_id"))
        .join(IssueMatchRow, IssueMatchRow.message_id == MessageRow.id)
        .where(MessageRow.thread_id.is_not(None), MessageRow.deleted_at.is_(None))
        .group_by(MessageRow.thread_id)
        .subquery()
    )
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
