"""Problem topics on hand-made vectors: what counts as a report, who counts as a person,
how reports are gathered under issues, and what never becomes a topic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
from numpy.typing import NDArray

from tests.core.unit_vectors import unit
from triagebot.core.matching import IssueIndex, IssueRef
from triagebot.core.topic_message import TopicMessage
from triagebot.core.topic_rules import TopicRules
from triagebot.core.topics import problem_topics

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
CRASH = "the dev server crashes with WinError 10038 whenever I save a file"
RULES = TopicRules(problem=0.5, report=0.6, topic=0.45, margin=0.03, merge=0.7, joint=0.5)


A, B, C = unit(1, 0), unit(0, 1), unit(0, 0, 1)


def msg(
    n: int,
    vector: NDArray[np.float32] = A,
    *,
    text: str = CRASH,
    author: int | None = None,
    channel: int | None = None,
    thread: int | None = None,
    minutes: float | None = None,
    to: tuple[int, ...] = (),
) -> TopicMessage:
    at = T0 + timedelta(hours=n if minutes is None else 0, minutes=minutes or 0)
    who = n if author is None else author
    where = n if channel is None else channel  # apart by default: one message, one place
    return TopicMessage(n, who, where, thread, at, f"{text} ({n})", vector, addressed=to)


def issues(*vectors: NDArray[np.float32]) -> IssueIndex:
    refs = [IssueRef(100 + n, "o/r", n, f"issue {n}") for n in range(len(vectors))]
    return IssueIndex(refs, np.stack(vectors))


def reports(*ids: int) -> dict[int, float]:
    return dict.fromkeys(ids, 0.9)


def test_talk_never_becomes_a_topic_however_many_join_in() -> None:
    chatter = [msg(n, A, text="good luck with the release everyone", channel=1) for n in range(9)]
    assert problem_topics(chatter, {}, issues(A), RULES) == []


def test_a_report_that_matches_an_issue_alone_counts_for_it() -> None:
    (topic,) = problem_topics([msg(1, A)], reports(1), issues(A, B), RULES)
    assert (topic.key, topic.issue_id, topic.message_ids) == ("issue:100", 100, [1])


def test_reports_below_the_issue_threshold_are_gathered_by_their_conversation() -> None:
    leaning = unit(1, 1.2, 0.3)  # cosine ~0.6 to the issue together, each one less
    thread = [
        msg(1, unit(1, 1.6, 0.1), thread=5, channel=1),
        msg(2, unit(1, 1.1, 0.8), thread=5, channel=1),
    ]
    (topic,) = problem_topics(thread, reports(1, 2), issues(leaning, C), RULES)
    assert topic.issue_id == 100 and sorted(topic.authors) == [1, 2]


def test_an_unclear_match_between_two_issues_counts_for_neither() -> None:
    between = unit(1, 1, 1)  # 0.58 to each: below one report's bar, and no clear winner
    (topic,) = problem_topics([msg(1, between)], reports(1), issues(A, B), RULES)
    assert topic.issue_id is None


def test_two_issues_never_share_a_topic() -> None:
    found = problem_topics([msg(1, A), msg(2, B), msg(3, A)], reports(1, 2, 3), issues(A, B), RULES)
    assert sorted((t.issue_id, t.message_ids) for t in found) == [(100, [1, 3]), (101, [2])]


def test_conversations_that_say_the_same_thing_merge_when_no_issue_covers_it() -> None:
    found = problem_topics(
        [msg(1, C), msg(2, unit(0, 0, 1, 0.2)), msg(3, B)], reports(1, 2, 3), issues(A), RULES
    )
    assert sorted(t.message_ids for t in found) == [[1, 2], [3]]
    assert {t.key for t in found} == {"topic:1", "topic:3"}


def test_a_vague_me_too_in_a_thread_adds_a_person_but_not_elsewhere() -> None:
    thread = [msg(1, A, thread=5, channel=1), msg(2, B, text="same here", thread=5, channel=1)]
    (topic,) = problem_topics(thread, reports(1, 2), issues(A), RULES)
    assert topic.authors == {1, 2}
    alone = problem_topics([msg(3, B, text="any fix? still broken")], reports(3), None, RULES)
    assert alone == []


def test_an_answer_to_someone_is_not_a_problem_of_its_own() -> None:
    asked = msg(1, A, channel=1, minutes=1)
    answer = msg(2, B, text="your disk is probably failing, check smartctl", channel=1, minutes=2,
                 to=(1,))  # fmt: skip
    (topic,) = problem_topics([asked, answer], reports(1, 2), None, RULES)
    assert topic.message_ids == [1] and topic.authors == {1}


def test_a_helper_answering_about_the_problem_is_not_a_person_who_hit_it() -> None:
    asked = msg(1, A, channel=1, minutes=0)
    helper = msg(2, unit(1, 0.2), text="known bug in 0.9.2 on windows, use serve --no-reload",
                 channel=1, minutes=2, to=(1,))  # fmt: skip
    me_too = msg(3, unit(1, -0.2), text="same crash on windows 11 since 0.9.2 here",
                 channel=1, minutes=3, to=(1,))  # fmt: skip
    (topic,) = problem_topics([asked, helper, me_too], reports(1, 2, 3), None, RULES)
    assert topic.message_ids == [1, 3] and topic.authors == {1, 3}


def test_excerpts_lead_with_specific_reports() -> None:
    thread = [
        msg(1, unit(1, 0.3), thread=5, channel=1),
        msg(2, A, text="same here", thread=5, channel=1),
        msg(3, unit(1, -0.3), thread=5, channel=1),
    ]
    (topic,) = problem_topics(thread, reports(1, 2, 3), None, RULES)
    assert [i for i, _ in topic.excerpts] == [1, 3, 2]


def test_under_an_issue_the_reports_that_match_it_on_their_own_lead_the_excerpts() -> None:
    # One conversation: a report that matches the issue alone, then the same person's
    # other question, which follows the conversation to the issue and, told in the
    # first person, would otherwise lead the quotes.
    crash = msg(1, unit(1, 0.2), text="the dev server crashes with WinError 10038 on save",
                author=7, channel=1, minutes=0)  # fmt: skip
    other = msg(2, unit(1, 1.6), text="my menu order is random, how do I sort it",
                author=7, channel=1, minutes=1)  # fmt: skip
    (topic,) = problem_topics([crash, other], reports(1, 2), issues(unit(1, 0)), RULES)
    assert topic.issue_id == 100 and topic.message_ids == [1, 2]
    assert topic.on_issue == {1}
    assert [i for i, _ in topic.excerpts] == [1, 2]


def test_a_message_just_short_of_a_report_counts_when_it_alone_matches_an_issue() -> None:
    near = {1: 0.4, 2: 0.4}  # below RULES.problem (0.5), above RULES.near
    found = problem_topics([msg(1, A), msg(2, C)], near, issues(A, B), RULES)
    assert [(t.issue_id, t.message_ids) for t in found] == [(100, [1])]
    faint = {1: 0.2}  # too far below: talk, even when it is like an issue
    assert problem_topics([msg(1, A)], faint, issues(A, B), RULES) == []


def test_a_quote_is_of_someone_who_hit_the_problem_not_of_the_organiser() -> None:
    organiser = "collecting the dev server crash reports here, please post your OS version"
    thread = [
        msg(1, unit(1, 0.05), text=organiser, thread=5, channel=1),  # the most central
        msg(2, unit(1, 0.4), text="my dev server crashes on every save since 0.9.2",
            thread=5, channel=1),
        msg(3, unit(1, 0), text="same crash on my laptop, the dev server dies when I save",
            thread=5, channel=1),
    ]  # fmt: skip
    (topic,) = problem_topics(thread, reports(1, 2, 3), None, RULES)
    assert [i for i, _ in topic.excerpts] == [3, 2, 1]
