"""The pipeline stage that matches substantive messages against open issues."""

from __future__ import annotations

import logging

import numpy as np
from sqlalchemy.orm import Session

from triagebot.config import MatchingSettings
from triagebot.core.batch import Batch
from triagebot.core.matching import Candidate, IssueIndex, best_match
from triagebot.core.messages import ChatMessage
from triagebot.core.substance import is_substantive, word_count
from triagebot.core.text import content_hash, embedding_text
from triagebot.core.vectors import Vectors
from triagebot.embeddings.model import Embedder
from triagebot.store.matches import rejections, save_matches, thread_issues
from triagebot.triage.open_issues import OpenIssues
from triagebot.triage.vectors import ensure_vectors

log = logging.getLogger(__name__)

NAMED = 1.0  # the score of a match the message states itself


class MatchStage:
    """Finds, for each substantive message, the open issue it is about (if any).

    A match at or above the threshold is stored and counts towards that issue's
    demand; ``batch.matches`` carries it to whatever posts hints. A thread's opening
    post is matched with the thread's title, which often says the most.
    """

    name = "match"

    def __init__(self, embedder: Embedder, settings: MatchingSettings) -> None:
        self._embedder = embedder
        self._settings = settings
        self._issues = OpenIssues(embedder.model_id, closed_days=settings.closed_days)

    def index(self, session: Session) -> IssueIndex:
        """The open-issue index, rebuilt only when the issues changed."""
        return self._issues.index(session)

    def __call__(self, session: Session, batch: Batch) -> None:
        index = self.index(session)
        stored = batch.stored_messages()
        messages = [m for m in stored if is_substantive(m.content) or _thread_reply(m)]
        if not messages or not (len(index) or len(self._issues.closed(session))):
            return
        # Most chat is near no issue: only candidates that could count are kept, and
        # only messages that have one cost the queries below (verdicts, thread topics).
        floor = min(self._settings.threshold, self._settings.thread_threshold)
        vectors = self._query_vectors(session, batch, messages)
        texts = [_query_text(m) for m in messages]
        results = index.search(vectors, self._settings.top_k, floor=floor, texts=texts)
        candidates = {m.id: c for m, c in zip(messages, results, strict=True)}
        hopeful = [m for m in messages if candidates[m.id]]
        rejected = rejections(session, {_place(m) for m in hopeful}) if hopeful else {}
        matches: dict[int, Candidate] = _named(index, stored)
        for m in hopeful:
            if m.id not in matches and is_substantive(m.content):
                best = best_match(
                    candidates[m.id], self._settings.threshold, rejected.get(_place(m), ())
                )
                if best is not None:
                    matches[m.id] = best
        self._closed_fixes(session, messages, vectors, texts, candidates, matches, batch)
        settled = matches.keys() | batch.closed_matches.keys()
        in_threads = [m for m in hopeful if m.thread_id and m.id not in settled]
        if in_threads:
            save_matches(session, matches, ())  # a thread's opening post may be in this batch
            self._match_in_context(session, in_threads, candidates, rejected, matches)
        # An edited message that no longer matches loses its old match.
        edited = set(batch.stored.updated)
        save_matches(session, matches, [m.id for m in messages if m.id in edited - matches.keys()])
        batch.matches.update(matches)

    def _closed_fixes(
        self,
        session: Session,
        messages: list[ChatMessage],
        vectors: Vectors,
        texts: list[str],
        candidates: dict[int, list[Candidate]],
        matches: dict[int, Candidate],
        batch: Batch,
    ) -> None:
        """A message most like a recently closed issue is about that one: it is named
        in the hint (as closed) and the message counts for no open issue."""
        closed = self._issues.closed(session)
        if not len(closed):
            return
        found = closed.search(vectors, 3, floor=self._settings.threshold, texts=texts)
        hopeful = {m.id: (m, f) for m, f in zip(messages, found, strict=True) if f}
        if not hopeful:
            return
        rejected = rejections(session, {_place(m) for m, _ in hopeful.values()})
        for m, closed_candidates in hopeful.values():
            best = best_match(closed_candidates, 0.0, rejected.get(_place(m), ()))
            open_best = max((c.score for c in candidates[m.id]), default=0.0)
            if best is None or not is_substantive(m.content) or best.score <= open_best:
                continue
            if matches.get(m.id, best).score < NAMED:  # a named open issue stays
                matches.pop(m.id, None)
                batch.closed_matches[m.id] = best

    def _match_in_context(
        self,
        session: Session,
        messages: list[ChatMessage],
        candidates: dict[int, list[Candidate]],
        rejected: dict[int, set[int]],
        matches: dict[int, Candidate],
    ) -> None:
        """In a thread about an issue, a reply that leans towards that issue counts too.

        "same crash, win 11, py 3.12" scores too low on its own, but in the thread
        whose opening post is the Windows crash it is one more person hitting it.
        """
        topics = thread_issues(session, {m.thread_id for m in messages if m.thread_id})
        for m in messages:
            issue = topics.get(m.thread_id or 0)
            if m.id in matches or issue is None or issue in rejected.get(_place(m), ()):
                continue
            for c in candidates[m.id]:
                if c.issue.key == issue and c.score >= self._settings.thread_threshold:
                    matches[m.id] = c

    def _query_vectors(
        self, session: Session, batch: Batch, messages: list[ChatMessage]
    ) -> Vectors:
        texts: dict[str, str] = {}
        keys: list[str] = []
        for m in messages:
            text = _query_text(m)
            key = content_hash(text) or ""
            keys.append(key)
            if key not in batch.vectors:
                texts[key] = text
        vectors, _ = ensure_vectors(session, self._embedder, texts)
        known = {**batch.vectors, **vectors}
        return np.stack([known[k] for k in keys]).astype(np.float32)


def _named(index: IssueIndex, messages: list[ChatMessage]) -> dict[int, Candidate]:
    """Messages that name an open issue are about it with certainty: score 1, no
    similarity asked."""
    found = {m.id: index.named(m.content) for m in messages}
    return {i: Candidate(ref, NAMED) for i, ref in found.items() if ref is not None}


def _query_text(m: ChatMessage) -> str:
    """What a message is matched on: its text; a thread's opening post with the
    thread's title, which often says the most."""
    if m.thread_id is not None and m.id == m.thread_id:
        return embedding_text(f"{m.channel.name}\n{m.content}")
    return embedding_text(m.content)


def _thread_reply(message: ChatMessage) -> bool:
    """A short reply in a thread ("same, WinError 10038") may still be evidence."""
    return message.thread_id is not None and word_count(message.content) >= 2


def _place(message: ChatMessage) -> int:
    """Where a "not related" verdict applies: the thread, or else the channel."""
    return message.thread_id or message.channel.id
