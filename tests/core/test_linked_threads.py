"""A thread linked to an issue counts for it, message by message, people once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from triagebot.core.linked_threads import with_linked_threads
from triagebot.core.topic_message import TopicMessage
from triagebot.core.topics import Topic

T0 = datetime(2026, 12, 1, 12, tzinfo=UTC)
THREAD, OTHER_THREAD = 500, 600


def said(n: int, author: int, thread: int | None = None, text: str = "ok") -> TopicMessage:
    vector = np.random.default_rng(n).normal(size=8).astype(np.float32)
    vector /= np.linalg.norm(vector)
    return TopicMessage(n, author, 10, thread, T0 + timedelta(minutes=n), text, vector)


def test_chatter_in_a_linked_thread_becomes_the_issues_demand() -> None:
    messages = [said(1, 1, THREAD, "it crashes"), said(2, 2, THREAD), said(3, 2, THREAD, "same")]
    (topic,) = with_linked_threads([], messages, {THREAD: 7})
    assert topic.key == "issue:7" and topic.issue_id == 7
    assert topic.authors == {1, 2} and topic.message_ids == [1, 2, 3]


def test_linked_messages_leave_their_topics_and_join_the_issues() -> None:
    messages = [
        said(1, 1, THREAD), said(2, 2, OTHER_THREAD), said(3, 3, OTHER_THREAD),
        said(4, 4, None), said(5, 5, THREAD),
    ]  # fmt: skip
    mixed = Topic.of([messages[0], messages[1]], None, 2)  # 1 is in the linked thread
    only_linked = Topic.of([messages[4]], None, 1)
    issue = Topic.of([messages[2], messages[3]], 7, 1)
    topics = with_linked_threads([mixed, only_linked, issue], messages, {THREAD: 7})
    by_key = {t.key: t for t in topics}
    assert set(by_key) == {"topic:2", "issue:7"}  # the all-linked topic is gone
    assert by_key["topic:2"].message_ids == [2]
    assert by_key["issue:7"].message_ids == [1, 3, 4, 5]
    assert by_key["issue:7"].conversations == 2
    assert [t.first_seen for t in topics] == sorted(t.first_seen for t in topics)


def test_nothing_linked_changes_nothing() -> None:
    messages = [said(1, 1, THREAD), said(2, 2, THREAD)]
    topics = [Topic.of(messages, None, 1)]
    assert with_linked_threads(topics, messages, {}) == topics
    assert with_linked_threads(topics, messages, {OTHER_THREAD: 7}) == topics
