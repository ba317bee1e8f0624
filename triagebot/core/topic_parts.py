"""One conversation's problems: which of its messages are reports, and which problem
each of them states (``core.topics`` gathers them into topics)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from triagebot.core.conversations import Conversation
from triagebot.core.first_hand import tells_own_trouble
from triagebot.core.substance import is_specific
from triagebot.core.topic_message import TopicMessage
from triagebot.core.topic_rules import TopicRules
from triagebot.core.vectors import Vectors

MAX_TEXTS = 12  # reports of a group whose words are matched (the first ones)


@dataclass
class Part:
    """One conversation's reports (a report that names its own issue is split off)."""

    reports: list[TopicMessage]
    _centroid: tuple[int, Vectors] | None = field(default=None, repr=False, compare=False)

    def centroid(self) -> Vectors:
        """The reports' mean direction (kept until a report is added)."""
        if self._centroid is not None and self._centroid[0] == len(self.reports):
            return self._centroid[1]
        if len(self.reports) == 1 and self.reports[0].vector is not None:
            return self.reports[0].vector  # already of unit length
        total = stack(self.reports).sum(axis=0)
        centroid: Vectors = total / max(float(np.linalg.norm(total)), 1e-12)
        self._centroid = (len(self.reports), centroid)
        return centroid


def conversation_problems(
    conv: Conversation, problem: Mapping[int, float], rules: TopicRules
) -> list[Part]:
    """The problems a conversation states, with the reports that state them.

    A thread (or forum post) is about what its first message says: it states one
    problem when that message is a report, and then every report in it counts for
    that problem; a thread that opens with a how-to question or an announcement states
    none, whatever its answers say. Talk in a channel is sorted report by report
    (``problems_of``).
    """
    reports = [
        m for m in conv.members if m.vector is not None and problem.get(m.id, 0.0) >= rules.problem
    ]
    if not reports:
        return []
    if conv.members[0].thread_id is None:
        return problems_of(reports, rules)
    opener = conv.members[0]
    if reports[0] is not opener or not is_specific(opener.text):
        return []
    return [Part(reports)]


def problems_of(reports: list[TopicMessage], rules: TopicRules) -> list[Part]:
    """The problems one conversation states. A specific report starts one unless it is
    like one already stated (``rules.same``); one that answers somebody else (a reply,
    a mention) is an answer, not a problem, unless it is like a stated problem and
    tells of the writer's own trouble ("@ana same crash here since 0.9.2", not a
    helper's "known bug, use --no-reload": ``core.first_hand``). A vague one
    ("same here", "still doesn't work") says nothing of its own: it adds its author to
    the problem of the person it answers (reply or mention), to its author's own, or —
    in a thread, which is about one thing — to the thread's first; elsewhere it is left
    out. A conversation where nobody says which problem it is states none."""
    parts: list[Part] = []
    of_author: dict[int, Part] = {}
    of_message: dict[int, Part] = {}
    for m in reports:
        answers = m.reply_to is not None or bool(m.addressed)
        answering = answers and m.author_id not in of_author
        if m.vector is not None and is_specific(m.text):
            part = _like(parts, m.vector, rules.same)
            if answering and (part is None or not tells_own_trouble(m.text)):
                continue  # an answer to someone's problem, not a problem of its own
            if part is None:
                part = Part([])
                parts.append(part)
        else:
            part = _answered(m, of_author, of_message) or (
                parts[0] if parts and m.thread_id is not None else None
            )
            if part is None:
                continue
        part.reports.append(m)
        of_author.setdefault(m.author_id, part)
        of_message[m.id] = part
    return parts


def _like(parts: list[Part], vector: Vectors, same: float) -> Part | None:
    likeness = [float(part.centroid() @ vector) for part in parts]
    best = int(np.argmax(likeness)) if likeness else -1
    return parts[best] if best >= 0 and likeness[best] >= same else None


def _answered(
    m: TopicMessage, of_author: dict[int, Part], of_message: dict[int, Part]
) -> Part | None:
    if m.reply_to is not None and m.reply_to in of_message:
        return of_message[m.reply_to]
    for person in m.addressed:
        if person in of_author:
            return of_author[person]
    return of_author.get(m.author_id)


def reports_of(parts: list[Part]) -> list[TopicMessage]:
    """The parts' reports, each once (a conversation may have been split by issue)."""
    seen: dict[int, TopicMessage] = {}
    for part in parts:
        for m in part.reports:
            seen.setdefault(m.id, m)
    return list(seen.values())


def stack(messages: Sequence[TopicMessage]) -> Vectors:
    matrix: Vectors = np.stack([m.vector for m in messages if m.vector is not None])
    return matrix.astype(np.float32, copy=False)


def group_text(group: list[Part]) -> str:
    """What a group of reports says, for the lexical part of matching."""
    return "\n".join(m.text for part in group for m in part.reports[:MAX_TEXTS])


class Mates:
    """The reports gathered under one issue, with the part each belongs to: how much a
    part's reports support the issue is told by how like them the part is."""

    def __init__(self, parts: list[Part]) -> None:
        self.matrix: Vectors = stack([m for part in parts for m in part.reports])
        self.owner = np.asarray(
            [n for n, part in enumerate(parts) for m in part.reports if m.vector is not None]
        )

    def support(self, score: float, centroid: Vectors, own: int | None = None) -> float:
        """(score + likeness to the nearest report outside part ``own``) / 2."""
        likeness = self.matrix @ centroid
        if own is not None:
            likeness = likeness[self.owner != own]
        return score if not len(likeness) else (score + float(likeness.max())) / 2
