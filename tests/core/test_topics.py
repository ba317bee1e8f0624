"""Topic clustering on hand-made vectors: who joins what, when topics close, keys, excerpts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
from numpy.typing import NDArray

from triagebot.core.topics import TopicMessage, cluster_topics

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
TEXT = "the dev server crashes on reload"


def unit(*values: float) -> NDArray[np.float32]:
    vector = np.zeros(8, dtype=np.float32)
    vector[: len(values)] = values
    return (vector / np.linalg.norm(vector)).astype(np.float32)


A, B = unit(1, 0), unit(0, 1)


def msg(
    n: int,
    vector: NDArray[np.float32] | None = A,
    *,
    hours: float | None = None,
    text: str = TEXT,
    author: int | None = None,
    thread: int | None = None,
    issue: int | None = None,
) -> TopicMessage:
    at = T0 + timedelta(hours=n if hours is None else hours)
    who = n if author is None else author
    return TopicMessage(n, who, 1, thread, at, f"{text} ({n})", vector, issue_id=issue)


def test_near_messages_join_and_far_ones_start_a_topic() -> None:
    topics = cluster_topics([msg(1, A), msg(2, unit(1, 0.2)), msg(3, B)])
    assert [t.message_ids for t in topics] == [[1, 2], [3]]
    assert topics[0].authors == {1, 2}
    assert topics[0].per_day == {T0.date(): 2}


def test_input_order_does_not_matter() -> None:
    messages = [msg(3, B), msg(1, A), msg(2, unit(1, 0.2))]
    assert [t.key for t in cluster_topics(messages)] == ["topic:1", "topic:3"]


def test_a_topic_nobody_joined_for_decay_days_closes() -> None:
    late = msg(2, A, hours=24 * 4)
    topics = cluster_topics([msg(1, A), late], decay_days=3.0)
    assert [t.message_ids for t in topics] == [[1], [2]]
    assert len(cluster_topics([msg(1, A), late], decay_days=5.0)) == 1


def test_chit_chat_forms_no_topic() -> None:
    messages = [msg(1, A, text="thanks!"), msg(2, A, text="lol"), msg(3, A, text="ok thx")]
    assert cluster_topics(messages) == []


def test_issue_messages_join_their_issue_whatever_their_vector() -> None:
    messages = [msg(1, A, issue=7), msg(2, B, issue=7), msg(3, B, text="thanks!", issue=7)]
    (topic,) = cluster_topics(messages)
    assert topic.key == "issue:7"
    assert topic.issue_id == 7
    assert topic.message_ids == [1, 2, 3]


def test_an_issue_adopts_the_topic_its_first_report_lands_in() -> None:
    topics = cluster_topics([msg(1, A), msg(2, A), msg(3, unit(1, 0.1), issue=9)])
    assert [(t.key, t.message_ids) for t in topics] == [("issue:9", [1, 2, 3])]


def test_two_issues_never_share_a_topic() -> None:
    topics = cluster_topics([msg(1, A, issue=1), msg(2, A, issue=2), msg(3, A)])
    assert [(t.key, t.message_ids) for t in topics] == [("issue:1", [1, 3]), ("issue:2", [2])]


def test_keys_are_stable_when_later_messages_arrive() -> None:
    first = cluster_topics([msg(1, A), msg(2, A), msg(3, B)])
    more = cluster_topics([msg(1, A), msg(2, A), msg(3, B), msg(4, A), msg(5, B)])
    assert [t.key for t in first] == [t.key for t in more] == ["topic:1", "topic:3"]


def test_excerpts_start_with_the_most_central_message() -> None:
    messages = [msg(1, unit(1, 0.5)), msg(2, unit(1, 0.05)), msg(3, unit(1, -0.2))]
    (topic,) = cluster_topics(messages, threshold=0.5)
    assert [m for m, _ in topic.excerpts] == [2, 3, 1]
    assert topic.excerpts[0][1].endswith("(2)")


def test_threads_channels_and_people_per_day() -> None:
    messages = [msg(1, thread=50), msg(2, thread=51, author=1), msg(3, hours=30, author=3)]
    (topic,) = cluster_topics(messages)
    assert topic.threads == {50, 51}
    assert topic.authors == {1, 3}
    assert topic.people_per_day == {T0.date(): {1}, (T0 + timedelta(hours=30)).date(): {3}}


def test_matches_a_one_by_one_reference_across_batches() -> None:
    """Mini-batching must not change the result: compare with the obvious slow loop."""
    rng = np.random.default_rng(3)
    centres = rng.standard_normal((20, 16))
    messages = []
    for n in range(1500):
        vector = centres[rng.integers(20)] + rng.standard_normal(16) * 0.45
        at = T0 + timedelta(minutes=float(rng.uniform(0, 60 * 24 * 6)))
        unit_vector = (vector / np.linalg.norm(vector)).astype(np.float32)
        messages.append(TopicMessage(n, n, 1, None, at, TEXT, unit_vector))
    got = [t.message_ids for t in cluster_topics(messages, threshold=0.55, decay_days=1.0)]
    assert got == _reference(messages, 0.55, timedelta(days=1))


def _reference(messages: list[TopicMessage], threshold: float, decay: timedelta) -> list[list[int]]:
    sums: list[NDArray[np.float64]] = []
    last: list[datetime] = []
    members: list[list[int]] = []
    for m in sorted(messages, key=lambda m: (m.created_at, m.id)):
        assert m.vector is not None
        sims = [
            float(s @ m.vector / np.linalg.norm(s)) if last[j] >= m.created_at - decay else -9.0
            for j, s in enumerate(sums)
        ]
        best = int(np.argmax(sims)) if sims else -1
        if best >= 0 and sims[best] >= threshold:
            sums[best] = sums[best] + m.vector
            last[best], members[best] = m.created_at, [*members[best], m.id]
        else:
            sums.append(m.vector.astype(np.float64))
            last.append(m.created_at)
            members.append([m.id])
    return members
