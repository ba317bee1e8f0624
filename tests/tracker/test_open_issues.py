"""The in-memory index of open issues: rebuilt when the issues change, without asking
the database on every batch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
from sqlalchemy import update

from triagebot.core.issues import Issue
from triagebot.store.embeddings import save_vectors
from triagebot.store.engine import SessionFactory
from triagebot.store.issues import store_issues
from triagebot.store.models import IssueRow
from triagebot.triage.open_issues import OpenIssues

MODEL = "test-model"


def add_issues(sessions: SessionFactory, *numbers: int) -> None:
    """Issues stored (and embedded) by this process, as a sync or `issues load` does."""
    issues = [
        Issue(id=n, repo="o/r", number=n, title=f"bug {n}", body="", state="open") for n in numbers
    ]
    rng = np.random.default_rng(numbers[0])
    with sessions() as session, session.begin():
        texts, _ = store_issues(session, issues, 2000)
        save_vectors(session, MODEL, {h: rng.normal(size=8).astype(np.float32) for h in texts})


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def numbers(issues: OpenIssues, sessions: SessionFactory) -> set[int]:
    with sessions() as session:
        return {ref.number for ref in issues.index(session).issues}


def test_issues_stored_by_this_process_are_searched_at_once(sessions: SessionFactory) -> None:
    clock = Clock()
    issues = OpenIssues(MODEL, recheck_seconds=60, clock=clock)
    add_issues(sessions, 1, 2)
    assert numbers(issues, sessions) == {1, 2}
    add_issues(sessions, 3)  # no time passes
    assert numbers(issues, sessions) == {1, 2, 3}


def test_another_processs_change_is_seen_within_the_recheck_interval(
    sessions: SessionFactory,
) -> None:
    clock = Clock()
    issues = OpenIssues(MODEL, recheck_seconds=1.0, clock=clock)
    add_issues(sessions, 1, 2)
    assert numbers(issues, sessions) == {1, 2}
    with sessions() as session, session.begin():  # as `triagebot sync` elsewhere would
        session.execute(update(IssueRow).where(IssueRow.number == 2).values(state="closed"))
    clock.now = 0.5
    assert numbers(issues, sessions) == {1, 2}  # not asked yet: the batch costs nothing
    clock.now = 1.5
    assert numbers(issues, sessions) == {1}


def test_recently_closed_issues_are_a_separate_index_within_the_window(
    sessions: SessionFactory,
) -> None:
    now = datetime(2026, 12, 2, tzinfo=UTC)
    add_issues(sessions, 1, 2, 3, 4)
    with sessions() as session, session.begin():  # as a sync of closed issues writes them
        closings = ((2, 3, "completed"), (3, 45, "completed"), (4, 1, "duplicate"))
        for number, days, reason in closings:
            session.execute(
                update(IssueRow)
                .where(IssueRow.number == number)
                .values(state="closed", closed_at=now - timedelta(days=days), state_reason=reason)
            )
    issues = OpenIssues(MODEL, closed_days=30, today=lambda: now)
    with sessions() as session:
        assert {r.number for r in issues.index(session).issues} == {1}
        [recent] = issues.closed(session).issues
    assert (recent.number, recent.reason, recent.is_closed) == (2, "completed", True)
    later = OpenIssues(MODEL, closed_days=30, today=lambda: now + timedelta(days=28))
    with sessions() as session:
        assert len(later.closed(session)) == 0  # closed 31 days before: out of the window
    with sessions() as session:
        assert len(OpenIssues(MODEL, closed_days=0).closed(session)) == 0
