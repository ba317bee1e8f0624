"""The digest's former grouping, kept as the baseline ``bench.clustering_eval`` compares with.

Grouping substantive messages into topics, incrementally, as a day's stream arrives.

A message joins the open topic whose centroid it is nearest to (cosine at or above a
threshold) or starts a topic; a topic nobody added to for ``decay_days`` closes. A
message the matcher tied to an open issue joins that issue's topic whatever its vector
says, so demand for one issue is counted in one place.

Speed: the stream is read in mini-batches. For a batch we compute, once, its dot
products with the running *sums* of the open topics (one matrix product) and its own
Gram matrix. When a message joins a topic, that topic's column gains the message's Gram
column, and its norm is updated from the same numbers, so every later message in the
batch still sees exact cosines to the moved centroid without another matrix product.
The open set is capped (``max_open``): past it, the topics nobody joined and then the
quietest are closed first, which bounds the work per message on busy days.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
from numpy.typing import NDArray

from triagebot.core.substance import is_substantive
from triagebot.core.topic_message import TopicMessage


def _tied(message: TopicMessage) -> int | None:
    """The issue a message was tied to at ingest. The digest no longer ties messages
    before grouping them, so the baseline groups them untied, as it is compared."""
    return None


BATCH = 512
MAX_OPEN = 1024
MAX_EXCERPTS = 12  # enough for a summary and for the ranker's severity cues


@dataclass(slots=True)
class Topic:
    """What a group of messages amounts to: who, where, when, and its central lines."""

    key: str  # "issue:<id>" when tied to an issue, else "topic:<earliest message id>"
    message_ids: list[int]
    authors: set[int]
    threads: set[int]
    channels: set[int]
    first_seen: datetime
    last_seen: datetime
    issue_id: int | None = None
    reactions: int = 0
    per_day: dict[date, int] = field(default_factory=dict)  # messages per day
    people_per_day: dict[date, set[int]] = field(default_factory=dict)
    excerpts: list[tuple[int, str]] = field(default_factory=list)  # most central first

    @classmethod
    def start(cls, message: TopicMessage) -> Topic:
        issue = _tied(message)
        key = f"issue:{issue}" if issue is not None else f"topic:{message.id}"
        at = message.created_at
        topic = cls(key, [], set(), set(), set(), at, at, issue_id=issue)
        topic.add(message)
        return topic

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


def _counts(message: TopicMessage) -> bool:
    """Chit-chat forms no topic; a message tied to an issue is demand whatever its words."""
    if _tied(message) is not None:
        return True
    return message.vector is not None and is_substantive(message.text)


def cluster_topics(
    messages: Sequence[TopicMessage],
    *,
    threshold: float = 0.65,  # 0.55 merged a project's short questions ("lumen X?") into one
    decay_days: float = 3.0,
    max_open: int = MAX_OPEN,
) -> list[Topic]:
    """The topics of ``messages`` (any order), oldest first, each with its excerpts."""
    # A busy day makes tens of thousands of topics, each with its sets and dicts: the
    # cyclic garbage collector would rescan them all again and again (~0.8 s at 100k
    # messages) though none of them can form a cycle.
    with _collector_paused():
        kept = sorted((m for m in messages if _counts(m)), key=lambda m: (m.created_at, m.id))
        if not kept:
            return []
        dim = next((len(m.vector) for m in kept if m.vector is not None), 1)
        state = _Clusterer(dim, threshold, decay_days * 86_400.0, max_open)
        for start in range(0, len(kept), BATCH):
            state.run_batch(kept[start : start + BATCH])
        return state.finish()


@contextmanager
def _collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Clusterer:
    """Running topic state: per-topic vector sums (centroid = sum / |sum|) and members."""

    def __init__(self, dim: int, threshold: float, decay_s: float, max_open: int) -> None:
        self.threshold, self.decay_s, self.max_open = threshold, decay_s, max_open
        self.sums = np.zeros((1024, dim), dtype=np.float32)
        self.sq = np.zeros(1024, dtype=np.float64)  # |sum|² per topic
        self.last = np.zeros(1024, dtype=np.float64)  # last message, epoch seconds
        self.size = np.zeros(1024, dtype=np.int64)
        self.topics: list[Topic] = []
        self.members: list[list[TopicMessage]] = []
        self.by_issue: dict[int, int] = {}

    def run_batch(self, batch: Sequence[TopicMessage]) -> None:
        times = [m.created_at.timestamp() for m in batch]
        vectors = np.zeros((len(batch), self.sums.shape[1]), dtype=np.float32)
        for row, message in enumerate(batch):
            if message.vector is not None:
                vectors[row] = message.vector
        cols = _Columns(self, vectors, self._open_topics(times[0]))
        for i, message in enumerate(batch):
            self._place(i, message, times[i], cols)

    def _open_topics(self, now: float) -> NDArray[np.int64]:
        """Topics still joinable at ``now``; past ``max_open``, keep the ones people joined."""
        count = len(self.topics)
        alive = np.flatnonzero(self.last[:count] >= now - self.decay_s)
        if len(alive) <= self.max_open:
            return alive
        order = np.lexsort((self.last[alive], self.size[alive] > 1))
        return np.sort(alive[order[-self.max_open :]])

    def _place(self, i: int, message: TopicMessage, ts: float, cols: _Columns) -> None:
        """Its issue's topic, else the nearest open one above the threshold, else a new one.

        The first message tied to an issue may land in a topic no issue has yet (people
        often describe a bug before anyone names it): that topic becomes the issue's.
        """
        issue = _tied(message)
        if issue is not None and issue in self.by_issue:
            self._join(self.by_issue[issue], i, message, ts, cols)
            return
        col = cols.best(i, ts - self.decay_s) if message.vector is not None else None
        if col is None or cols.sim(i, col) < self.threshold:
            self._new(i, message, ts, cols)
            return
        index = int(cols.topic[col])
        if issue is not None:
            if self.topics[index].issue_id is not None:
                self._new(i, message, ts, cols)
                return
            self.topics[index].key, self.topics[index].issue_id = f"issue:{issue}", issue
            self.by_issue[issue] = index
        self._join(index, i, message, ts, cols)

    def _new(self, i: int, message: TopicMessage, ts: float, cols: _Columns) -> None:
        index = len(self.topics)
        if index == len(self.sums):
            self._grow()
        self.topics.append(Topic.start(message))
        self.members.append([message])
        if _tied(message) is not None:
            self.by_issue[_tied(message)] = index
        self.size[index] = 1
        self.last[index] = ts
        if message.vector is None:
            cols.add(index)
            return
        self.sums[index] = cols.vectors[i]
        self.sq[index] = float(cols.gram[i, i])
        cols.add(index, row=i)

    def _join(self, index: int, i: int, message: TopicMessage, ts: float, cols: _Columns) -> None:
        self.topics[index].add(message)
        self.members[index].append(message)
        self.size[index] += 1
        self.last[index] = max(self.last[index], ts)
        col = cols.column_of(index)
        cols.last[col] = self.last[index]
        if message.vector is not None:
            self.sq[index] += 2.0 * float(cols.dots[i, col]) + float(cols.gram[i, i])
            self.sums[index] += cols.vectors[i]
            cols.moved(col, i)

    def _grow(self) -> None:
        """Double the per-topic arrays (amortised: a day rarely needs many doublings)."""
        self.sums = np.concatenate([self.sums, np.zeros_like(self.sums)])
        self.sq = np.concatenate([self.sq, np.zeros_like(self.sq)])
        self.last = np.concatenate([self.last, np.zeros_like(self.last)])
        self.size = np.concatenate([self.size, np.zeros_like(self.size)])

    def finish(self) -> list[Topic]:
        for topic, members, total in zip(self.topics, self.members, self.sums, strict=False):
            topic.excerpts = _excerpts(members, total)
        return self.topics


class _Columns:
    """One batch's view of the open topics: exact dot products kept current by updates."""

    def __init__(self, state: _Clusterer, vectors: NDArray[np.float32], open_: NDArray[np.int64]):
        self.state, self.vectors = state, vectors
        capacity = len(open_) + len(vectors)
        self.topic = np.zeros(capacity, dtype=np.int64)
        self.topic[: len(open_)] = open_
        self.count = len(open_)
        self.index = {int(t): c for c, t in enumerate(open_)}
        self.gram = vectors @ vectors.T
        self.dots = np.zeros((len(vectors), capacity), dtype=np.float32)
        self.dots[:, : self.count] = vectors @ state.sums[open_].T
        self.inv = np.ones(capacity, dtype=np.float32)  # 1 / |sum|: cosine = dot × inv
        self.inv[: self.count] = 1.0 / np.sqrt(np.maximum(state.sq[open_], 1e-12))
        self.last = np.zeros(capacity, dtype=np.float64)
        self.last[: self.count] = state.last[open_]

    def best(self, i: int, cutoff: float) -> int | None:
        """The column with the highest cosine for row ``i`` among topics still open."""
        if self.count == 0:
            return None
        sims = self.dots[i, : self.count] * self.inv[: self.count]
        col = int(np.argmax(sims))
        if self.last[col] < cutoff:  # rare: a topic closed during the batch; mask them all
            sims[self.last[: self.count] < cutoff] = -np.inf
            col = int(np.argmax(sims))
        return col if np.isfinite(sims[col]) else None

    def sim(self, i: int, col: int) -> float:
        return float(self.dots[i, col] * self.inv[col])

    def add(self, index: int, row: int | None = None) -> None:
        """A topic (new, or reopened by its issue) gets a column of exact dot products.

        A topic that row ``row`` just started has that row's vector as its sum, so its
        column is already in the Gram matrix.
        """
        col = self.count
        self.topic[col] = index
        self.index[index] = col
        self.count += 1
        if row is None:
            self.dots[:, col] = self.vectors @ self.state.sums[index]
        else:
            self.dots[:, col] = self.gram[:, row]
        self.inv[col] = 1.0 / np.sqrt(max(self.state.sq[index], 1e-12))
        self.last[col] = self.state.last[index]

    def column_of(self, index: int) -> int:
        if index not in self.index:
            self.add(index)
        return self.index[index]

    def moved(self, col: int, i: int) -> None:
        """Row ``i`` joined the topic in ``col``: later rows see the new sum and norm."""
        self.dots[i + 1 :, col] += self.gram[i + 1 :, i]
        self.inv[col] = 1.0 / np.sqrt(max(self.state.sq[self.topic[col]], 1e-12))


def _excerpts(members: list[TopicMessage], total: NDArray[np.float32]) -> list[tuple[int, str]]:
    """The members nearest the centroid first (messages without a vector last)."""
    if len(members) == 1:
        return [(members[0].id, members[0].text)]
    with_vectors = [m for m in members if m.vector is not None]
    ranked: list[TopicMessage] = []
    if with_vectors:
        scores = np.stack([m.vector for m in with_vectors if m.vector is not None]) @ total
        ranked = [with_vectors[j] for j in np.argsort(-scores, kind="stable")]
    ranked += [m for m in members if m.vector is None]
    return [(m.id, m.text) for m in ranked[:MAX_EXCERPTS]]
