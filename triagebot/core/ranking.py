"""Ranking the day's topics for the digest: an additive score a maintainer can read.

Every component is named for a human ("people", "severity: crash", "stale issue") and
the score is their sum, so the digest can say *why* an item is on the list and a
maintainer can argue with one number rather than a model. Counts enter through log2:
the tenth person reporting a thing matters less than the second.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from triagebot.core.severity import SEVERITY, severity_cues
from triagebot.core.topics import Topic

W_PEOPLE = 10.0  # × log2(1 + distinct people)
W_THREADS = 4.0  # × log2(1 + threads)
W_CHANNELS = 4.0  # × log2(channels): one channel adds nothing, spreading does
W_GROWTH = 6.0  # × log2 of today's people against the previous days' mean, clipped
W_REACTIONS = 2.0  # × log2(1 + reactions)
GROWTH_CLIP = 2.0  # at most ×4 (or ÷4) counts: a brand-new burst is not infinitely new
GROWTH_WINDOW = 7  # previous days the growth compares against
CLOSED_STILL_HIT = 6.0  # people still hit a closed issue: a fix that did not land?
STALE_AFTER_DAYS = 14
STALE_MAX = 8.0  # one point per week without an update, up to this
DONE_QUIET_DAYS = 3
SNOOZE_DAYS = 7
RESURFACED = {"done": -5.0, "not_relevant": -10.0}

# issue labels that raise an open issue, matched as substrings of the lower-cased label
LABEL_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("critical", 10.0),
    ("blocker", 10.0),
    ("security", 10.0),
    ("p0", 10.0),
    ("regression", 6.0),
    ("crash", 6.0),
    ("p1", 6.0),
    ("bug", 4.0),
)


Action = Literal["done", "snooze", "not_relevant"]  # a maintainer's verdict on an item


@dataclass(frozen=True)
class IssueFacts:
    id: int
    number: int
    title: str
    state: str  # "open" | "closed"
    labels: tuple[str, ...]
    url: str
    updated_at: datetime | None = None
    repo: str = ""


@dataclass(frozen=True)
class Feedback:
    """A maintainer's verdict on a digest item; ``people`` is the item's count then."""

    key: str
    action: Action
    at: datetime
    people: int | None = None  # if unknown, derived from the topic's days up to ``at``
    # The judged item's reports: the verdict holds for a topic sharing any of them,
    # whatever its key is now.
    message_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class RankedTopic:
    topic: Topic
    score: float
    breakdown: dict[str, float]  # named components; they sum to ``score``


def rank_topics(
    topics: Sequence[Topic],
    *,
    day: date,
    issues: Mapping[int, IssueFacts],
    feedback: Sequence[Feedback],
    now: datetime,
) -> list[RankedTopic]:
    """The topics active on ``day`` that qualify, best first; empty on a quiet day.

    A topic qualifies with at least two distinct people or a severity cue, and when no
    maintainer feedback holds it back.
    """
    verdicts = Verdicts(feedback, now)
    ranked = []
    for topic in topics:
        if topic.per_day.get(day, 0) == 0:
            continue
        # Severity is a problem's: a proposal that says "security" reports nothing.
        severity = _severity(topic) if topic.requests * 2 <= len(topic.message_ids) else {}
        if len(topic.authors) < 2 and not severity:
            continue
        parts = _activity(topic, day) | severity
        issue = issues.get(topic.issue_id) if topic.issue_id is not None else None
        if issue is not None:
            parts |= _issue_parts(issue, now)
        verdict = verdicts.of(topic)
        if verdict is not None:
            effect = _feedback_part(topic, verdict, day, now)
            if effect is None:
                continue
            parts |= effect
        breakdown = {name: round(value, 2) for name, value in parts.items() if value != 0}
        ranked.append(RankedTopic(topic, round(sum(breakdown.values()), 2), breakdown))
    ranked.sort(key=lambda r: (-r.score, r.topic.key))
    return ranked


def _activity(topic: Topic, day: date) -> dict[str, float]:
    """How many people, where, how fast it grows and how much people reacted."""
    return {
        "people": W_PEOPLE * math.log2(1 + len(topic.authors)),
        "threads": W_THREADS * math.log2(1 + len(topic.threads)),
        "channels": W_CHANNELS * math.log2(max(1, len(topic.channels))),
        "growth": W_GROWTH * _clipped_growth(topic, day),
        "reactions": W_REACTIONS * math.log2(1 + max(0, topic.reactions)),
    }


def people_on(topic: Topic, day: date) -> int:
    return len(topic.people_per_day.get(day, ()))


def growth_ratio(topic: Topic, day: date) -> float:
    """Today's people against the mean of the previous days (quiet days count as 0).

    The previous days run from the topic's first day (at most ``GROWTH_WINDOW`` back);
    a topic born today compares against nothing, i.e. 0 people a day.
    """
    first = max(topic.first_seen.date(), day - timedelta(days=GROWTH_WINDOW))
    previous = [first + timedelta(days=n) for n in range((day - first).days)]
    mean = sum(people_on(topic, d) for d in previous) / len(previous) if previous else 0.0
    return (people_on(topic, day) + 1) / (mean + 1)


def _clipped_growth(topic: Topic, day: date) -> float:
    return max(-GROWTH_CLIP, min(GROWTH_CLIP, math.log2(growth_ratio(topic, day))))


def _severity(topic: Topic) -> dict[str, float]:
    cues = severity_cues([text for _, text in topic.excerpts])
    return {f"severity: {name}": SEVERITY[name][0] for name in cues}


def _issue_parts(issue: IssueFacts, now: datetime) -> dict[str, float]:
    """An open issue's labels and staleness raise it; a closed one people still hit too."""
    if issue.state.lower() != "open":
        return {"closed issue, still hit": CLOSED_STILL_HIT}
    parts: dict[str, float] = {}
    for label in issue.labels:
        lowered = label.lower()
        weight = max((w for key, w in LABEL_WEIGHTS if key in lowered), default=0.0)
        if weight:
            parts[f"issue labels: {label}"] = weight
    if issue.updated_at is not None:
        idle = (now - issue.updated_at).total_seconds() / 86_400
        if idle >= STALE_AFTER_DAYS:
            parts["stale issue"] = min(STALE_MAX, idle / 7)
    return parts


class Verdicts:
    """The maintainers' verdicts given up to ``now``, found for a topic by its key or
    by the reports it shares with a judged item: "topic:<first report>" changes when
    that report leaves the window, and becomes "issue:<id>" when an issue claims the
    topic, but its reports are still the ones the maintainer judged."""

    def __init__(self, feedback: Sequence[Feedback], now: datetime) -> None:
        self._by_key: dict[str, Feedback] = {}
        self._by_message: dict[int, Feedback] = {}
        for item in sorted(feedback, key=lambda f: f.at):
            if item.at <= now:  # a later verdict overrides
                self._by_key[item.key] = item
                self._by_message.update(dict.fromkeys(item.message_ids, item))

    def of(self, topic: Topic) -> Feedback | None:
        """The most recent verdict on this topic, under any of its names."""
        found = [self._by_key[topic.key]] if topic.key in self._by_key else []
        found += [self._by_message[m] for m in topic.message_ids if m in self._by_message]
        return max(found, key=lambda f: f.at, default=None)


def _feedback_part(
    topic: Topic, verdict: Feedback, day: date, now: datetime
) -> dict[str, float] | None:
    """None when the verdict holds the topic back today; else what it adds.

    "done" hides it for ``DONE_QUIET_DAYS`` unless today's people at least double the
    busiest day up to the verdict; "snooze" hides it for ``SNOOZE_DAYS``; "not_relevant"
    hides it for good unless it comes back with three times the people.
    """
    age = now - verdict.at
    seen_until = verdict.at.date()
    if verdict.action == "snooze":
        return None if age < timedelta(days=SNOOZE_DAYS) else {}
    if verdict.action == "done":
        if age >= timedelta(days=DONE_QUIET_DAYS):
            return {}
        busiest = max(
            (len(p) for d, p in topic.people_per_day.items() if d <= seen_until), default=0
        )
        growing = people_on(topic, day) >= max(3, 2 * busiest)
        return {"feedback: done, growing again": RESURFACED["done"]} if growing else None
    before = verdict.people
    if before is None:
        earlier = [p for d, p in topic.people_per_day.items() if d <= seen_until]
        before = len(set().union(*earlier)) if earlier else 0
    if len(topic.authors) >= 3 * max(1, before):
        return {"feedback: was not relevant, back with 3× the people": RESURFACED["not_relevant"]}
    return None
