"""Ranking: an additive, named breakdown; severity, growth, issue facts and feedback."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from triagebot.core.ranking import Feedback, IssueFacts, rank_topics
from triagebot.core.severity import severity_cues
from triagebot.core.topics import Topic

DAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
NOON = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def topic(
    key: str,
    people_by_day: dict[int, int],
    *,
    text: str = "the export button does nothing",
    issue: int | None = None,
    threads: int = 0,
    reactions: int = 0,
) -> Topic:
    """A topic with ``people_by_day[offset]`` distinct people on DAY + offset."""
    per_day, people_per_day, authors = {}, {}, set()
    next_author = 1
    for offset, people in people_by_day.items():
        day = DAY + timedelta(days=offset)
        who = set(range(next_author, next_author + people))
        next_author += people
        per_day[day], people_per_day[day] = people, who
        authors |= who
    first = datetime.combine(min(per_day), NOON.timetz())
    last = datetime.combine(max(per_day), NOON.timetz())
    ids = list(range(len(authors)))
    return Topic(
        key, ids, authors, set(range(threads)), {1}, first, last, issue, reactions,
        per_day, people_per_day, [(i, text) for i in ids[:5]],
    )  # fmt: skip


def rank(*topics: Topic, issues: dict[int, IssueFacts] | None = None, feedback=()):  # type: ignore[no-untyped-def]
    return rank_topics(topics, day=DAY, issues=issues or {}, feedback=list(feedback), now=NOW)


def test_breakdown_sums_to_score_and_is_named() -> None:
    (item,) = rank(topic("topic:1", {0: 5}, threads=2, reactions=3))
    assert item.score == pytest.approx(sum(item.breakdown.values()))
    assert {"people", "threads", "growth", "reactions"} <= set(item.breakdown)
    assert item.breakdown["people"] == pytest.approx(10 * math.log2(6), abs=0.01)


def test_more_people_rank_higher() -> None:
    ranked = rank(topic("topic:small", {0: 2}), topic("topic:big", {0: 9}))
    assert [r.topic.key for r in ranked] == ["topic:big", "topic:small"]


def test_only_topics_active_that_day_and_a_quiet_day_is_empty() -> None:
    assert rank(topic("topic:old", {-1: 9})) == []
    assert rank(topic("topic:alone", {0: 1})) == []


def test_one_person_with_a_severity_cue_still_qualifies() -> None:
    (item,) = rank(topic("topic:1", {0: 1}, text="my token leaked in the logs, security"))
    assert item.breakdown["severity: security"] > 0


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("app crashes with a segfault on start", "crash"),
        ("Traceback (most recent call last)", "crash"),
        ("sync deleted my notes", "data loss"),
        ("the db file is corrupted", "data loss"),
        ("this is CVE-2024-1234", "security"),
        ("broke after the 2.3 release", "regression"),
        ("no longer works since upgrading", "regression"),
    ],
)
def test_severity_cues(text: str, cue: str) -> None:
    assert cue in severity_cues([text])


def test_no_severity_in_plain_questions() -> None:
    assert severity_cues(["how do I change the theme?"]) == []


def test_growth_against_previous_days() -> None:
    growing = rank(topic("topic:g", {-3: 1, -2: 1, -1: 1, 0: 8}))[0].breakdown["growth"]
    steady = rank(topic("topic:s", {-3: 4, -2: 4, -1: 4, 0: 4})).pop().breakdown.get("growth", 0)
    fading = rank(topic("topic:f", {-3: 9, -2: 9, -1: 9, 0: 2}))[0].breakdown["growth"]
    assert growing > steady == 0 > fading


def test_open_issue_labels_and_staleness_raise_closed_issue_is_noted() -> None:
    stale = NOW - timedelta(days=70)
    issues = {
        1: IssueFacts(1, 101, "Export", "open", ("bug", "critical"), "u", stale),
        2: IssueFacts(2, 102, "Import", "closed", ("bug",), "u"),
    }
    ranked = rank(
        topic("issue:1", {0: 3}, issue=1), topic("issue:2", {0: 3}, issue=2), issues=issues
    )
    by_key = {r.topic.key: r.breakdown for r in ranked}
    assert by_key["issue:1"]["issue labels: critical"] > by_key["issue:1"]["issue labels: bug"] > 0
    assert by_key["issue:1"]["stale issue"] == 8.0
    assert "closed issue, still hit" in by_key["issue:2"]
    assert not any(k.startswith("issue labels") for k in by_key["issue:2"])


def yesterday(key: str, action: str, people: int | None = None) -> Feedback:
    """Feedback given on the digest posted the morning of DAY (about DAY - 1)."""
    return Feedback(key, action, NOON - timedelta(days=1), people)  # type: ignore[arg-type]


def test_done_hides_for_three_days_unless_it_grows_strongly() -> None:
    calm = topic("topic:1", {-1: 3, 0: 3})
    assert rank(calm, feedback=[yesterday("topic:1", "done")]) == []
    surge = topic("topic:1", {-1: 3, 0: 7})
    (item,) = rank(surge, feedback=[yesterday("topic:1", "done")])
    assert item.breakdown["feedback: done, growing again"] < 0
    old = Feedback("topic:1", "done", NOW - timedelta(days=4))
    assert len(rank(calm, feedback=[old])) == 1


def test_snooze_hides_for_seven_days() -> None:
    t = topic("topic:1", {0: 5})
    assert rank(t, feedback=[yesterday("topic:1", "snooze")]) == []
    assert len(rank(t, feedback=[Feedback("topic:1", "snooze", NOW - timedelta(days=8))])) == 1


def test_not_relevant_hides_for_good_unless_three_times_the_people() -> None:
    months_ago = Feedback("topic:1", "not_relevant", NOW - timedelta(days=90), people=4)
    assert rank(topic("topic:1", {0: 11}), feedback=[months_ago]) == []
    (item,) = rank(topic("topic:1", {0: 12}), feedback=[months_ago])
    assert item.breakdown["feedback: was not relevant, back with 3× the people"] < 0


def test_the_latest_feedback_wins_and_other_keys_are_untouched() -> None:
    feedback = [
        yesterday("topic:1", "snooze"),
        Feedback("topic:1", "done", NOW - timedelta(days=5)),
    ]
    ranked = rank(topic("topic:1", {0: 4}), topic("topic:2", {0: 4}), feedback=feedback)
    assert [r.topic.key for r in ranked] == ["topic:2"]


def test_a_verdict_follows_the_reports_when_the_key_changes() -> None:
    judged = topic("topic:1", {-1: 3, 0: 3})  # reports 0..5
    verdict = Feedback(
        "topic:1", "not_relevant", NOON - timedelta(days=1), people=6, message_ids=frozenset({4})
    )
    moved_on = replace(judged, key="topic:2")  # its first report left the window
    claimed = replace(judged, key="issue:9", issue_id=9)  # an issue claimed it
    assert rank(moved_on, feedback=[verdict]) == []
    assert rank(claimed, feedback=[verdict]) == []
    unrelated = replace(topic("topic:3", {0: 3}), message_ids=[100, 101, 102])
    assert [r.topic.key for r in rank(unrelated, feedback=[verdict])] == ["topic:3"]


def test_of_two_verdicts_reaching_a_topic_the_newer_holds() -> None:
    t = topic("issue:9", {0: 4}, issue=9)
    by_reports = Feedback("topic:1", "snooze", NOON - timedelta(days=1), message_ids=frozenset({0}))
    older_by_key = Feedback("issue:9", "done", NOW - timedelta(days=5))  # no longer hides
    assert rank(t, feedback=[older_by_key]) != []
    assert rank(t, feedback=[older_by_key, by_reports]) == []  # the newer snooze holds
    stale_by_reports = replace(by_reports, at=NOW - timedelta(days=9))
    assert rank(t, feedback=[stale_by_reports, older_by_key]) != []
