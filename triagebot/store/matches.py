"""Message → issue matches, the issue each thread is about, and "not related" verdicts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from datetime import UTC, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from triagebot.core.matching import Candidate
from triagebot.store.models import HintRejectionRow, IssueMatchRow, MessageRow
from triagebot.store.upsert import Upsert, upsert


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
    _UPSERT_MATCHES(session, rows)


_UPSERT_MATCHES = Upsert(
    IssueMatchRow,
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


def thread_issues(session: Session, thread_ids: Collection[int]) -> dict[int, int]:
    """For each thread, the issue its earliest matched message is about."""
    if not thread_ids:
        return {}
    first = (
        select(MessageRow.thread_id, func.min(MessageRow.id).label("message_id"))
        .join(IssueMatchRow, IssueMatchRow.message_id == MessageRow.id)
        .where(MessageRow.thread_id.in_(list(thread_ids)))
        .group_by(MessageRow.thread_id)
        .subquery()
    )
    rows = session.execute(
        select(first.c.thread_id, IssueMatchRow.issue_id).join(
            IssueMatchRow, IssueMatchRow.message_id == first.c.message_id
        )
    )
    return {int(t): int(i) for t, i in rows}
