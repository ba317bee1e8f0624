"""The digest's topics: the problems people report, gathered across conversations.

A day's chat is first told apart into conversations (``core.conversations``). Only
conversations with a *report* in them — a message that reads as a problem or a
request (``core.problems``) — can become topics: greetings, thanks, release talk and
answered how-tos never do, however many people join in. Then reports are gathered:

1. a report that alone matches an open issue (cosine ≥ ``rules.report``) counts for it,
   and so does a message just short of reading as a report (from ``rules.near``): being
   as like an issue as a report would be is evidence of its own;
2. the other reports of a conversation follow the issue its reports name most, or,
   when none names one, the issue their centroid matches (≥ ``rules.topic``, clear of
   the runner-up by ``rules.margin``): ten people describing one bug in their own
   words each score low alone, together they point at the issue;
3. conversations matching no issue merge when their reports say the same thing
   (centroid cosine ≥ ``rules.merge``), and the merged topic is matched again;
4. a report torn between two near-equal issues goes to the one whose other reports it
   is like (``core.topic_settling``);
5. a topic's people are the authors of its reports: the helpers who answer do not
   count as people who hit the problem.

Issues are matched here, at digest time, against the issues open now, so the digest
is the same whether the messages or the issues were stored first.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np

from triagebot.core.conversations import Windows, conversations
from triagebot.core.first_hand import reads_first_hand
from triagebot.core.matching import IssueIndex
from triagebot.core.severity import severity_cues
from triagebot.core.substance import is_specific
from triagebot.core.topic_matching import IssueMatcher, merged
from triagebot.core.topic_message import TopicMessage
from triagebot.core.topic_parts import Part, conversation_problems, reports_of, stack
from triagebot.core.topic_rules import TopicRules
from triagebot.core.vectors import Vectors

MAX_EXCERPTS = 12  # enough for a summary and for the ranker's severity cues
BACKGROUND = 2000  # messages sampled to learn the day's usual likeness to each issue


@dataclass(slots=True)
class Topic:
    """What a group of reports amounts to: who, where, when, and its central lines."""

    key: str  # "issue:<id>" when tied to an issue, else "topic:<earliest report id>"
    message_ids: list[int]  # its reports
    authors: set[int]  # the people who reported it
    threads: set[int]
    channels: set[int]
    first_seen: datetime
    last_seen: datetime
    issue_id: int | None = None
    reactions: int = 0
    per_day: dict[date, int] = field(default_factory=dict)  # reports per day
    people_per_day: dict[date, set[int]] = field(default_factory=dict)
    excerpts: list[tuple[int, str]] = field(default_factory=list)  # most central first
    conversations: int = 0
    requests: int = 0  # reports that ask for a change rather than say something broke
    on_issue: frozenset[int] = frozenset()  # reports that match its issue on their own

    @classmethod
    def of(
        cls,
        reports: Sequence[TopicMessage],
        issue_id: int | None,
        parts: int,
        requests: Collection[int] = frozenset(),
        on_issue: Collection[int] = frozenset(),
    ) -> Topic:
        first = min(reports, key=lambda m: (m.created_at, m.id))
        key = f"issue:{issue_id}" if issue_id is not None else f"topic:{first.id}"
        topic = cls(key, [], set(), set(), set(), first.created_at, first.created_at, issue_id)
        topic.conversations = parts
        topic.requests = sum(1 for m in reports if m.id in requests)
        topic.on_issue = frozenset(on_issue)
        for message in sorted(reports, key=lambda m: (m.created_at, m.id)):
            topic.add(message)
        topic.excerpts = _central_first(reports, topic.on_issue)
        return topic

    @property
    def statement(self) -> str:
        """The problem as it was first stated: the earliest of the three most central
        reports (the most central one is often a terse "same on 3.12")."""
        central = [(i, text) for i, text in self.excerpts[:3] if is_specific(text)]
        return min(central or self.excerpts[:1] or [(0, "")])[1]

    def add(self, message: TopicMessage) -> None:
        self.message_ids.append(message.id)
        self.authors.add(message.author_id)
        if message.thread_id is not None:
            self.threads.add(message.thread_id)
        self.channels.add(message.channel_id)
        self.last_seen = max(self.last_seen, message.created_at)
        self.reactions += message.reactions
        day = message.created_at.date()
        self.per_day[day] = self.per_day.get(day, 0) + 1
        self.people_per_day.setdefault(day, set()).add(message.author_id)


def problem_topics(
    messages: Sequence[TopicMessage],
    problem: Mapping[int, float],
    issues: IssueIndex | None,
    rules: TopicRules | None = None,
    windows: Windows | None = None,
    requests: Collection[int] = frozenset(),
) -> list[Topic]:
    """The topics of ``messages``, oldest first; ``problem``: each substantive message's
    problem score (a message without one is short talk);
    ``requests``: the reports that ask for a change rather than report a fault."""
    rules = rules or TopicRules()
    matcher = IssueMatcher(issues, rules, _background(messages))
    problem = matcher.with_near_reports(messages, problem)
    parts = [
        part
        for conv in conversations(messages, windows, substantive=problem.keys())
        for part in conversation_problems(conv, problem, rules)
    ]
    if not parts:
        return []
    by_issue, unmatched, alone = _gathered(matcher, parts, rules)
    topics = []
    for issue, found in by_issue.items():
        gathered = reports_of(found)
        own = [m.id for m in gathered if alone.get(m.id) == issue]
        topics.append(Topic.of(gathered, issue, len(found), requests, own))
    topics += [
        Topic.of(reports_of(group), None, len(group), requests)
        for group in unmatched
        if _may_matter(group)
    ]
    topics.sort(key=lambda t: (t.first_seen, t.key))
    return topics


def _gathered(
    matcher: IssueMatcher, parts: list[Part], rules: TopicRules
) -> tuple[dict[int, list[Part]], list[list[Part]], dict[int, int]]:
    """The parts under issues (steps 1–4 above), the groups no issue covers, and the
    issue each report named alone (``IssueMatcher.assign``)."""
    by_issue, loose, alone = matcher.assign(parts)
    loose = matcher.adopt(loose, by_issue)
    unmatched: list[list[Part]] = []
    groups = merged(loose, rules)
    for group, issue in zip(groups, matcher.of_groups(groups), strict=True):
        if issue is None:
            unmatched.append(group)
        else:
            by_issue.setdefault(issue, []).extend(group)
    return matcher.settle(by_issue), unmatched, alone


def _may_matter(group: list[Part]) -> bool:
    """An unmatched problem one person reported, with no severity cue, can never be a
    digest item (see ``core.ranking``): it is left out rather than built."""
    reports = [m for part in group for m in part.reports]
    if len({m.author_id for m in reports}) > 1:
        return True
    return bool(severity_cues([m.text for m in reports[:MAX_EXCERPTS]]))


def _background(messages: Sequence[TopicMessage]) -> tuple[Vectors, list[str]] | None:
    """An even sample of the window's messages (at most ``BACKGROUND``)."""
    with_vectors = [m for m in messages if m.vector is not None]
    if not with_vectors:
        return None
    step = max(1, len(with_vectors) // BACKGROUND)
    sample = with_vectors[::step][:BACKGROUND]
    vectors = np.stack([m.vector for m in sample if m.vector is not None])
    return vectors.astype(np.float32, copy=False), [m.text for m in sample]


def _central_first(
    reports: Sequence[TopicMessage], on_issue: Collection[int] = frozenset()
) -> list[tuple[int, str]]:
    """The specific reports nearest the topic's centroid first, then the vague ones (a
    title or a quote must say which problem it is); of those kept, the ones telling of
    the writer's own trouble lead (``core.first_hand``): a quote is of the people who
    hit the problem, not of the organiser collecting their reports. Under an issue,
    the reports that match it on their own (``on_issue``) lead before all: a
    conversation brings its other questions along, and a quote must be of the issue."""
    placed = [m for m in reports if m.vector is not None]  # a linked thread's chatter
    ranked = [m for m in reports if m.vector is None]  # may have none: they come last
    if len(placed) > 1:
        matrix = stack(placed)
        scores = matrix @ matrix.sum(axis=0)
        placed = [placed[j] for j in np.argsort(-scores, kind="stable")]
    ranked = [*placed, *ranked]
    ranked.sort(key=lambda m: not is_specific(m.text))  # stable: centrality within each
    kept = ranked[:MAX_EXCERPTS]
    kept.sort(key=lambda m: not reads_first_hand(m.text))  # the same ones, people's own first
    if on_issue:
        kept.sort(key=lambda m: m.id not in on_issue)
    return [(m.id, m.text) for m in kept]
