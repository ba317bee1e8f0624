"""One line that says why a digest item is there: "12 people · 3 channels · new today · crash"."""

from __future__ import annotations

from datetime import date

from triagebot.core.ranking import IssueFacts, RankedTopic


def why_line(ranked: RankedTopic, issue: IssueFacts | None, day: date) -> str:
    """Who, how widely, since when, how bad, and what the tracker says, in that order."""
    topic = ranked.topic
    people = len(topic.authors)
    parts = [f"{people} {'person' if people == 1 else 'people'}"]
    if len(topic.channels) > 1:
        parts.append(f"{len(topic.channels)} channels")
    first = topic.first_seen.date()
    parts.append("new today" if first == day else f"since {first:%a %d %b}")
    parts += [
        name.removeprefix("severity: ")
        for name in ranked.breakdown
        if name.startswith("severity: ")
    ]
    if issue is None:
        parts.append("no issue yet")
    elif issue.state.lower() != "open":
        parts.append("issue closed, still hit")
    elif "stale issue" in ranked.breakdown:
        parts.append("issue quiet for weeks")
    return " · ".join(parts)
