"""Settling a report between two near-equal issues by the day's other reports."""

from __future__ import annotations

from tests.core.test_topics import RULES, issues, msg, reports
from tests.core.unit_vectors import unit
from triagebot.core.topics import problem_topics

FIRST, SECOND = unit(1, 0, 0), unit(0, 1, 0)
# Three people report one bug in their words: each clearly the first issue's.
MATES = [msg(1, unit(1, 0, 0.5)), msg(2, unit(1, 0.1, 0.5)), msg(3, unit(1, 0, 0.6))]


def counted(found: list[object]) -> dict[int | None, list[int]]:
    return {t.issue_id: sorted(t.message_ids) for t in found}  # type: ignore[attr-defined]


def test_a_report_torn_between_two_issues_joins_the_one_its_fellow_reports_are_under() -> None:
    torn = msg(4, unit(1, 1.02, 0.8))  # 0.61 to the first issue, 0.62 to the second
    found = problem_topics([*MATES, torn], reports(1, 2, 3, 4), issues(FIRST, SECOND), RULES)
    assert counted(found) == {100: [1, 2, 3, 4]}


def test_a_report_clearly_of_its_own_issue_stays_there_however_busy_the_other() -> None:
    own = msg(4, unit(0.3, 1, 0))  # 0.96 to the second issue
    found = problem_topics([*MATES, own], reports(1, 2, 3, 4), issues(FIRST, SECOND), RULES)
    assert counted(found) == {100: [1, 2, 3], 101: [4]}


def test_a_report_that_names_its_issue_never_moves() -> None:
    named = msg(4, unit(1, 1.02, 0.8), text="the dev server crashes on save, see #1")
    found = problem_topics([*MATES, named], reports(1, 2, 3, 4), issues(FIRST, SECOND), RULES)
    assert counted(found) == {100: [1, 2, 3], 101: [4]}


def test_the_order_of_the_issues_does_not_decide() -> None:
    torn = msg(4, unit(1, 1.02, 0.8))
    found = problem_topics([*MATES, torn], reports(1, 2, 3, 4), issues(SECOND, FIRST), RULES)
    assert counted(found) == {101: [1, 2, 3, 4]}
