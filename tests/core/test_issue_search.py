"""Autocomplete narrowing: typing filters the ranked issues, never reorders them."""

from __future__ import annotations

from triagebot.core.issue_search import narrow
from triagebot.core.matching import Candidate, IssueRef


def _candidate(number: int, title: str) -> Candidate:
    return Candidate(IssueRef(number * 10, "lumen-dev/lumen", number, title), 1.0 / number)


def test_typing_narrows_the_ranked_issues_without_reordering() -> None:
    ranked = [
        _candidate(12, "Crash on reload"),
        _candidate(3, "PDF export"),
        _candidate(120, "Reload is slow"),
    ]
    assert [c.issue.number for c in narrow(ranked, "")] == [12, 3, 120]
    assert [c.issue.number for c in narrow(ranked, "reload")] == [12, 120]
    assert [c.issue.number for c in narrow(ranked, "#12")] == [12, 120]
    assert [c.issue.number for c in narrow(ranked, "lumen-dev/lumen#3")] == [3]
    assert [c.issue.number for c in narrow(ranked, "RELOAD slow")] == [120]
    assert narrow(ranked, "", limit=1) == ranked[:1]
