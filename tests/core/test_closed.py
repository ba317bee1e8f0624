"""How a recently closed issue is named: when, why, and the release that fixed it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from triagebot.core.closed import closed_note, fixed_in, worth_naming
from triagebot.core.matching import IssueRef

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def closed(days: float, reason: str = "completed", release: str = "") -> IssueRef:
    when = NOW - timedelta(days=days)
    return IssueRef(1, "o/r", 123, "crash", closed_at=when, reason=reason, fixed_in=release)


def test_an_open_issue_has_no_note() -> None:
    assert closed_note(IssueRef(1, "o/r", 123, "crash"), NOW) == ""


@pytest.mark.parametrize(
    ("issue", "note"),
    [
        (closed(3, release="v0.9.3"), "closed 3 days ago as fixed in v0.9.3"),
        (closed(0.2), "closed today as fixed"),
        (closed(1.5, "not_planned"), "closed yesterday as not planned"),
        (closed(20, ""), "closed 2 weeks ago"),
    ],
)
def test_the_note_says_when_and_why(issue: IssueRef, note: str) -> None:
    assert closed_note(issue, NOW) == note


@pytest.mark.parametrize(
    ("milestone", "labels", "release"),
    [
        ("v0.9.3", (), "v0.9.3"),
        ("Release 2.1", (), "Release 2.1"),
        ("Backlog", ("bug", "fixed in 0.9.3"), "0.9.3"),
        ("", ("released:v1.2.0-rc1",), "v1.2.0-rc1"),
        ("", ("bug", "fixed"), ""),
        ("Someday", ("fixed-in-soon",), ""),
    ],
)
def test_the_release_comes_from_a_versioned_milestone_or_a_fix_label(
    milestone: str, labels: tuple[str, ...], release: str
) -> None:
    assert fixed_in(milestone, labels) == release


def test_issues_closed_as_duplicates_are_left_to_their_master() -> None:
    assert worth_naming("completed") and worth_naming("not_planned") and worth_naming(None)
    assert not worth_naming("duplicate")
