"""Which issues are at least as new as the stored ones: an older copy is never stored.

Two writers read GitHub at different moments: the scheduled sync (a page read a
moment ago) and webhook deliveries (sent as things happen, possibly replayed). An
issue is kept out when the stored row's ``updated_at`` is later than its own, so a
late or replayed copy cannot undo a newer state (and tell a linked thread its issue
was reopened when it was not). An equal time passes: storing it again changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from triagebot.core.issues import Issue
from triagebot.store.models import IssueRow


def not_older_than_stored(session: Session, issues: Sequence[Issue]) -> list[Issue]:
    """``issues`` without those the store holds a newer version of."""
    if not issues:
        return []
    stored = dict(
        session.execute(
            select(IssueRow.id, IssueRow.updated_at).where(IssueRow.id.in_([i.id for i in issues]))
        ).all()
    )
    return [
        issue
        for issue in issues
        if issue.updated_at is None
        or (known := stored.get(issue.id)) is None
        or known <= issue.updated_at
    ]
