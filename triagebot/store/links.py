"""Threads linked to issues, and what a thread is about.

Every "exactly once" the bot promises (one GitHub comment per link, one "was closed"
per state change) is a row updated *before* the side effect,
with a condition that only one caller can satisfy: a second ``/link``, a second sync
or a restart finds the claim taken and stays quiet.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from triagebot.core.issues import IssueInfo, Notice
from triagebot.store.models import IssueRow, MessageRow, ThreadLinkRow

COMMENT_PENDING = "pending"  # a comment is on its way (or was lost to a crash)
_REF = re.compile(r"^\s*(?:(?P<repo>[\w.-]+/[\w.-]+))?\s*#?\s*(?P<number>\d+)\s*$")
_URL = re.compile(r"github\.com/(?P<repo>[\w.-]+/[\w.-]+)/issues/(?P<number>\d+)")


def _info(row: IssueRow) -> IssueInfo:
    return IssueInfo(row.id, row.repo, row.number, row.title, row.state, row.html_url)


def issue_infos(session: Session, ids: Sequence[int]) -> dict[int, IssueInfo]:
    if not ids:
        return {}
    rows = session.scalars(select(IssueRow).where(IssueRow.id.in_(list(ids))))
    return {row.id: _info(row) for row in rows}


def find_issue(session: Session, text: str, repos: Sequence[str] = ()) -> IssueInfo | None:
    """The stored issue ``text`` names: ``owner/name#12``, ``#12``, ``12`` or its URL.

    A bare number is looked up in ``repos`` (all stored repositories when empty) and
    must name exactly one issue: with two repositories, "#12" is ambiguous.
    """
    found = _URL.search(text) or _REF.match(text)
    if found is None:
        return None
    query = select(IssueRow).where(IssueRow.number == int(found["number"]))
    if found["repo"]:
        query = query.where(IssueRow.repo == found["repo"])
    elif repos:
        query = query.where(IssueRow.repo.in_(list(repos)))
    rows = list(session.scalars(query.limit(2)))
    return _info(rows[0]) if len(rows) == 1 else None


# -- links ----------------------------------------------------------------------------


def add_link(
    session: Session, *, thread_id: int, guild_id: int, issue: IssueInfo, user_id: int
) -> bool:
    """Link a thread to an issue; False when they already were linked."""
    if session.get(ThreadLinkRow, (thread_id, issue.id)) is not None:
        return False
    session.add(
        ThreadLinkRow(
            thread_id=thread_id,
            issue_id=issue.id,
            guild_id=guild_id,
            linked_by=user_id,
            linked_at=datetime.now(UTC),
            comment_url=None,
            notified_state=issue.state,  # it is told about changes from now on
        )
    )
    session.flush()
    return True


def linked_issues(session: Session, thread_id: int) -> list[IssueInfo]:
    rows = session.scalars(
        select(IssueRow)
        .join(ThreadLinkRow, ThreadLinkRow.issue_id == IssueRow.id)
        .where(ThreadLinkRow.thread_id == thread_id)
        .order_by(ThreadLinkRow.linked_at)
    )
    return [_info(row) for row in rows]


def remove_links(session: Session, thread_id: int, issue_id: int | None = None) -> None:
    """Unlink one issue from a thread, or every issue when ``issue_id`` is None."""
    query = delete(ThreadLinkRow).where(ThreadLinkRow.thread_id == thread_id)
    if issue_id is not None:
        query = query.where(ThreadLinkRow.issue_id == issue_id)
    session.execute(query)


def claim_comment(session: Session, thread_id: int, issue_id: int) -> bool:
    """True for the one caller that may post this link's GitHub comment."""
    result = session.execute(
        update(ThreadLinkRow)
        .where(
            ThreadLinkRow.thread_id == thread_id,
            ThreadLinkRow.issue_id == issue_id,
            ThreadLinkRow.comment_url.is_(None),
        )
        .values(comment_url=COMMENT_PENDING)
    )
    return int(result.rowcount or 0) == 1  # type: ignore[attr-defined]


def finish_comment(session: Session, thread_id: int, issue_id: int, url: str | None) -> None:
    """Record the posted comment, or release the claim (``None``) so a later
    ``/link`` may try again after GitHub failed."""
    session.execute(
        update(ThreadLinkRow)
        .where(ThreadLinkRow.thread_id == thread_id, ThreadLinkRow.issue_id == issue_id)
        .values(comment_url=url)
    )


# -- state notices --------------------------------------------------------------------


def pending_notices(session: Session) -> list[Notice]:
    """Links whose issue changed state since the thread was last told.

    Computed from the stored state rather than from one sync's changes, so a change
    whose notice a crash interrupted is still delivered by the next run.
    """
    rows = session.execute(
        select(
            ThreadLinkRow.thread_id, ThreadLinkRow.guild_id, ThreadLinkRow.notified_state, IssueRow
        )
        .join(IssueRow, IssueRow.id == ThreadLinkRow.issue_id)
        .where(ThreadLinkRow.notified_state != IssueRow.state)
        .order_by(ThreadLinkRow.thread_id, IssueRow.number)
    ).all()
    return [
        Notice(int(t), int(g), _info(issue), str(told), issue.state_reason or "")
        for t, g, told, issue in rows
    ]


def claim_notice(session: Session, notice: Notice) -> bool:
    """True for the one caller that may tell the thread; the claim is the record."""
    result = session.execute(
        update(ThreadLinkRow)
        .where(
            ThreadLinkRow.thread_id == notice.thread_id,
            ThreadLinkRow.issue_id == notice.issue.id,
            ThreadLinkRow.notified_state != notice.issue.state,
        )
        .values(notified_state=notice.issue.state)
    )
    return int(result.rowcount or 0) == 1  # type: ignore[attr-defined]


def release_notice(session: Session, notice: Notice) -> None:
    """Undo a claim whose message could not be sent, so the next run tries again."""
    session.execute(
        update(ThreadLinkRow)
        .where(
            ThreadLinkRow.thread_id == notice.thread_id,
            ThreadLinkRow.issue_id == notice.issue.id,
            ThreadLinkRow.notified_state == notice.issue.state,
        )
        .values(notified_state=notice.told)
    )


# -- what a thread is about ------------------------------------------------------------


def thread_text(session: Session, thread_id: int, recent: int = 6) -> list[str]:
    """The thread's opening post, then its latest messages (oldest first).

    The opening post usually states the problem; the latest messages say where the
    conversation went. Deleted messages are never read back.
    """
    # A thread started from a channel message has that message (id == thread id) as
    # its opening post, stored in the parent channel.
    inside = or_(MessageRow.thread_id == thread_id, MessageRow.id == thread_id)
    live = (inside, MessageRow.deleted_at.is_(None))
    first = session.scalars(select(MessageRow).where(*live).order_by(MessageRow.id).limit(1))
    latest = session.scalars(
        select(MessageRow).where(*live).order_by(MessageRow.id.desc()).limit(recent)
    )
    rows = {m.id: m.content for m in [*first, *latest] if m.content.strip()}
    return [rows[i] for i in sorted(rows)]


def linked_open_threads(session: Session) -> dict[int, int]:
    """Thread id → the open issue it is linked to (the latest link, when several)."""
    rows = session.execute(
        select(ThreadLinkRow.thread_id, ThreadLinkRow.issue_id)
        .join(IssueRow, IssueRow.id == ThreadLinkRow.issue_id)
        .where(IssueRow.state == "open")
        .order_by(ThreadLinkRow.linked_at)
    )
    return {int(thread): int(issue) for thread, issue in rows}
