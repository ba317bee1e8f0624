"""Demand per issue, counted from the same topics the digest ranks.

``triagebot issues demand``, the HTML report and the digest therefore give one people
count for an issue: the distinct people whose reports were gathered under it in the
window (helpers answering them are not counted), and per day, the people who
reported it that day.
"""

from __future__ import annotations

from datetime import datetime

from triagebot.core.demand import Demand
from triagebot.store.engine import SessionFactory
from triagebot.triage.day_topics import WindowTopics, window_topics


def demand_of(found: WindowTopics, limit: int = 20) -> list[Demand]:
    """The issues of ``found``'s topics, most people first."""
    rows = []
    for topic in found.topics:
        issue = found.issues.get(topic.issue_id) if topic.issue_id is not None else None
        if issue is None:
            continue
        rows.append(
            Demand(
                issue_id=issue.id,
                repo=issue.repo,
                number=issue.number,
                title=issue.title,
                state=issue.state,
                url=issue.url,
                messages=len(topic.message_ids),
                people=len(topic.authors),
                threads=len(topic.threads),
                channels=len(topic.channels),
                per_day={day: len(people) for day, people in sorted(topic.people_per_day.items())},
            )
        )
    rows.sort(key=lambda d: (-d.people, -d.messages, d.number))
    return rows[:limit]


def demand(
    sessions: SessionFactory, since: datetime, until: datetime, model_id: str, limit: int = 20
) -> list[Demand]:
    return demand_of(window_topics(sessions, since, until, model_id), limit)
