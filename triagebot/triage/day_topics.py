"""A window's problem topics: the one computation the digest and the demand table share.

Reads the window's messages and the issues open now, scores each message's
problem-ness with the shipped model, and gathers the reports into topics
(``core.topics``). The digest ranks these topics; ``triagebot issues demand`` and the
HTML report count people from the very same ones, so every screen gives one number.
Issues are matched here against the issues open now, never only at ingest: a topic
is the same whether its messages or its issue were stored first. Messages in a thread
a maintainer ``/link``-ed to an open issue count for that issue, whatever their scores,
and so do the reports filed as an issue from Discord.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from triagebot.core.linked_threads import with_linked_threads
from triagebot.core.problems import ProblemModel, cue_row, problem_model
from triagebot.core.ranking import IssueFacts
from triagebot.core.substance import is_substantive
from triagebot.core.topic_message import TopicMessage
from triagebot.core.topic_rules import TopicRules
from triagebot.core.topics import Topic, problem_topics
from triagebot.store.engine import SessionFactory
from triagebot.store.filed import filed_messages
from triagebot.store.issues import open_issue_index
from triagebot.store.links import linked_open_threads
from triagebot.store.window import issue_facts, window_messages


@dataclass(frozen=True)
class WindowTopics:
    topics: list[Topic]
    issues: dict[int, IssueFacts]  # the topics' issues
    messages: int  # in the window


@dataclass(frozen=True)
class Problems:
    """Each substantive message's problem-ness, and which reports ask for a change."""

    score: dict[int, float]
    requests: frozenset[int]


def problem_scores(model: ProblemModel, messages: list[TopicMessage]) -> Problems:
    """Short talk is never a report: only substantive messages are scored."""
    scored, rows = [], []
    for m in messages:  # each text's cues right after its substance: one normalisation
        if m.vector is not None and is_substantive(m.text):
            scored.append(m)
            rows.append(cue_row(m.text))
    if not scored:
        return Problems({}, frozenset())
    vectors = np.stack([m.vector for m in scored if m.vector is not None])
    cues = np.asarray(rows, dtype=np.float32)
    probs = model.probabilities(vectors, [m.text for m in scored], cues)
    score = {m.id: float(p[0] + p[1]) for m, p in zip(scored, probs, strict=True)}
    asks = frozenset(m.id for m, p in zip(scored, probs, strict=True) if p[1] > p[0])
    return Problems(score, asks)


def window_topics(
    sessions: SessionFactory,
    since: datetime,
    until: datetime,
    model_id: str,
    rules: TopicRules | None = None,
) -> WindowTopics:
    """The problem topics of ``[since, until)``, with facts about their issues."""
    model = problem_model(model_id)
    rules = rules or TopicRules(problem=model.threshold)
    with sessions() as session:
        messages = window_messages(session, since, until, model_id)
        index = open_issue_index(session, model_id)
        problems = problem_scores(model, messages)
        topics = problem_topics(
            messages, problems.score, index, rules, requests=problems.requests
        )
        links, filed = linked_open_threads(session), filed_messages(session)
        topics = with_linked_threads(topics, messages, links, problems.requests, filed)
        issues = issue_facts(session, {t.issue_id for t in topics if t.issue_id is not None})
    return WindowTopics(topics, issues, len(messages))
