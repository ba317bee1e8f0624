"""Threads a maintainer linked to an issue count for that issue, message by message.

``/link`` is a person saying "this thread is about #12": every message in it is that
issue's demand (its people counted once), whatever the message's own problem score
or whichever topic the clustering put it in. The linked messages leave the topics
they were in (a topic left empty goes) and join the issue's topic, made if there was
none.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from triagebot.core.topic_message import TopicMessage
from triagebot.core.topics import Topic

_NONE: Mapping[int, int] = {}


def with_linked_threads(
    topics: Sequence[Topic],
    messages: Sequence[TopicMessage],
    links: Mapping[int, int],
    requests: Collection[int] = frozenset(),
    filed: Mapping[int, int] = _NONE,
) -> list[Topic]:
    """``topics`` with the messages of linked threads (thread id → issue id) moved to
    their issues' topics; oldest first, as ``problem_topics`` returns them.
    ``requests``: the reports that ask for a change (as ``problem_topics`` takes them).
    ``filed``: message id → the issue it was filed as from Discord (a thread's link,
    being the later word on the whole thread, wins)."""
    owner = {
        m.id: issue
        for m in messages
        if (issue := links.get(m.thread_id or 0, filed.get(m.id))) is not None
    }
    if not owner:
        return list(topics)
    linked = [m for m in messages if m.id in owner]
    by_id = {m.id: m for m in messages}
    moved = set(owner)
    joining: dict[int, list[TopicMessage]] = {}
    for message in linked:
        joining.setdefault(owner[message.id], []).append(message)
    result: list[Topic] = []
    for topic in topics:
        extra = joining.pop(topic.issue_id, []) if topic.issue_id is not None else []
        kept = [by_id[i] for i in topic.message_ids if i not in moved and i in by_id]
        if not extra and len(kept) == len(topic.message_ids):
            result.append(topic)
        elif kept or extra:
            parts = topic.conversations + _threads(extra)
            whole = [*kept, *extra]
            result.append(Topic.of(whole, topic.issue_id, parts, requests, topic.on_issue))
    for issue_id, reports in joining.items():
        result.append(Topic.of(reports, issue_id, max(_threads(reports), 1), requests))
    result.sort(key=lambda t: (t.first_seen, t.key))
    return result


def _threads(messages: Sequence[TopicMessage]) -> int:
    return len({m.thread_id for m in messages if m.thread_id is not None})
