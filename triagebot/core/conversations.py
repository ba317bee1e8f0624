"""Telling the conversations of a chat apart, as a reader does.

Chat interleaves: three people ask three questions in one channel within a minute,
and each answer follows its question by name, by a reply, or by staying with the
asker. A message joins, in this order of evidence:

1. its thread (a Discord thread or forum post is one conversation);
2. the conversation of the message it replies to;
3. the conversation of someone it addresses (a mention, or IRC's ``nick:``) who spoke
   in the same place recently;
4. its author's own conversation in the same place, if they spoke there moments ago;
5. among the last few open conversations of the same place (``likely``), the one
   whose substantive messages it is most like (cosine to their centroid at or above
   ``similar``), when it is substantive itself;
6. else it starts a conversation.

Short generic lines ("thanks!", "lol", "good luck") never steer a conversation's
centroid and never join one by likeness alone, so they cannot chain unrelated talk
together: they join only by reply, address or author.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import numpy as np

from triagebot.core.substance import is_substantive
from triagebot.core.topic_message import TopicMessage
from triagebot.core.vectors import Vectors


@dataclass(frozen=True)
class Windows:
    """How long each kind of evidence holds, in seconds, and the likeness needed."""

    address: float = 3600.0  # an answer by name may come an hour later
    own: float = 180.0  # a second line by the same person, within three minutes
    similar_open: float = 300.0  # a conversation is joinable by likeness this long
    similar: float = 0.55
    likely: int = 6  # the most recent conversations of a place that likeness may join


@dataclass(slots=True)
class Conversation:
    index: int
    place: int  # the thread, else the channel
    members: list[TopicMessage] = field(default_factory=list)
    last: float = 0.0
    total: Vectors | None = None  # sum of the substantive members' vectors
    _direction: Vectors | None = None  # ``total`` normalised, when asked for

    def add(self, message: TopicMessage, at: float, substantive: bool) -> None:
        self.members.append(message)
        self.last = max(self.last, at)
        if substantive and message.vector is not None:
            vector = message.vector
            self.total = vector.copy() if self.total is None else self.total + vector
            self._direction = None

    @property
    def direction(self) -> Vectors | None:
        if self._direction is None and self.total is not None:
            self._direction = self.total / max(float(np.sqrt(self.total @ self.total)), 1e-12)
        return self._direction


def conversations(
    messages: Sequence[TopicMessage],
    windows: Windows | None = None,
    substantive: Collection[int] | None = None,
) -> list[Conversation]:
    """The conversations of ``messages`` (any order), each with its members in time order.

    ``substantive``: the ids of the substantive messages, when the caller knows them
    already (else each text is looked at here)."""
    state = _Threads(windows or Windows(), substantive)
    for message in sorted(messages, key=lambda m: (m.created_at, m.id)):
        state.place(message)
    return state.found


class _Threads:
    def __init__(self, windows: Windows, substantive: Collection[int] | None) -> None:
        self.windows = windows
        self.substantive = substantive
        self.found: list[Conversation] = []
        self.of_message: dict[int, Conversation] = {}
        self.of_thread: dict[int, Conversation] = {}
        # (place, author) → the author's latest conversation there and when they spoke
        self.last_said: dict[tuple[int, int], tuple[Conversation, float]] = {}
        self.open: dict[int, list[Conversation]] = {}  # place → recent conversations

    def place(self, message: TopicMessage) -> None:
        at = message.created_at.timestamp()
        where = message.thread_id or message.channel_id
        substantive = message.vector is not None and (
            message.id in self.substantive
            if self.substantive is not None
            else is_substantive(message.text)
        )
        chosen = self._evidence(message, where, at, substantive)
        if chosen is None:
            chosen = Conversation(len(self.found), where)
            self.found.append(chosen)
            self.open.setdefault(where, []).append(chosen)
            if message.thread_id is not None:
                self.of_thread[message.thread_id] = chosen
        chosen.add(message, at, substantive)
        self.of_message[message.id] = chosen
        self.last_said[(where, message.author_id)] = (chosen, at)

    def _evidence(
        self, message: TopicMessage, where: int, at: float, substantive: bool
    ) -> Conversation | None:
        w = self.windows
        if message.thread_id is not None:
            return self.of_thread.get(message.thread_id)
        if message.reply_to is not None and message.reply_to in self.of_message:
            return self.of_message[message.reply_to]
        for person in message.addressed:
            said = self.last_said.get((where, person))
            if said is not None and at - said[1] <= w.address:
                return said[0]
        own = self.last_said.get((where, message.author_id))
        if own is not None and at - own[1] <= w.own:
            return own[0]
        if substantive and message.vector is not None:
            return self._most_like(message.vector, where, at)
        return None

    def _most_like(self, vector: Vectors, where: int, at: float) -> Conversation | None:
        recent = [c for c in self.open.get(where, []) if at - c.last <= self.windows.similar_open]
        self.open[where] = recent  # the others can only be joined by name or reply now
        best, chosen = self.windows.similar, None
        for conv in recent[-self.windows.likely :]:
            direction = conv.direction
            if direction is not None and (likeness := float(direction @ vector)) >= best:
                best, chosen = likeness, conv
        return chosen
