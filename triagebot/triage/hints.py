"""Duplicate hints: deciding when the bot says "This looks like #123", and remembering it.

The match stage has already decided *what* a message matches (threshold,
rejections); this decides *where* the bot may speak. Only in the channels of
``MATCH_HINT_CHANNEL_IDS`` (threads follow their parent), at most once per thread
(once per issue in a plain channel), and never about a message older than two days
(a catch-up after downtime must not answer week-old questions). A "Not related"
verdict is stored, and the pair is never suggested in that place again.

Every method that touches the database is synchronous: call it from a worker thread.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from triagebot.core.batch import Batch
from triagebot.core.issues import IssueInfo
from triagebot.core.matching import Candidate
from triagebot.core.messages import ChatMessage
from triagebot.core.references import references
from triagebot.store.engine import SessionFactory
from triagebot.store.links import claim_hint, finish_hint, issue_infos
from triagebot.store.matches import reject

MAX_AGE = timedelta(days=2)


@dataclass(frozen=True)
class HintPlan:
    """One hint to post: about ``message``, in ``place`` (its thread, else its channel)."""

    message: ChatMessage
    candidate: Candidate

    @property
    def place(self) -> int:
        return self.message.thread_id or self.message.channel.id

    @property
    def in_thread(self) -> bool:
        return self.message.thread_id is not None


class Hints:
    def __init__(
        self,
        sessions: SessionFactory,
        channel_ids: Collection[int] = (),
        threshold: float = 0.0,
    ) -> None:
        self.sessions = sessions
        self.channel_ids = frozenset(channel_ids)
        self.threshold = threshold

    def wanted(self, message: ChatMessage, candidate: Candidate, now: datetime) -> bool:
        """In a hint channel, recent, sure enough to say out loud, and news: a message
        that names the issue itself needs no hint about it."""
        if candidate.score < self.threshold:
            return False
        issue = candidate.issue
        if (issue.repo.lower(), issue.number) in references(message.content, [issue.repo]):
            return False
        where = {message.channel.id, message.channel.parent_id}
        return bool(where & self.channel_ids) and now - message.created_at <= MAX_AGE

    def plans(self, batch: Batch, now: datetime) -> list[HintPlan]:
        """The hints this batch earns, in message order (before the once-per-place
        claim, which ``claim`` takes); a message most like a recently closed issue
        earns a hint naming it as closed."""
        said = {**batch.matches, **batch.closed_matches}
        if not self.channel_ids or not said:
            return []
        messages = {m.id: m for m in batch.stored_messages()}
        found = []
        for message_id in sorted(said):
            message = messages.get(message_id)
            candidate = said[message_id]
            if message is not None and self.wanted(message, candidate, now):
                found.append(HintPlan(message, candidate))
        return found

    def claim(self, plan: HintPlan) -> IssueInfo | None:
        """Take the place's one hint about the issue; None when already taken (or the
        issue is gone). A claim must be finished, with the post or without."""
        issue_id = plan.candidate.issue.key
        with self.sessions() as session, session.begin():
            info = issue_infos(session, [issue_id]).get(issue_id)
            once = plan.in_thread
            if info is None or not claim_hint(session, plan.place, issue_id, once_per_place=once):
                return None
            return info

    def finish(self, plan: HintPlan, message_id: int | None) -> None:
        """Record the posted hint; ``None`` releases the claim (nothing was posted), so a
        later match may still get its one hint."""
        with self.sessions() as session, session.begin():
            finish_hint(session, plan.place, plan.candidate.issue.key, message_id)

    def reject(self, place_id: int, issue_id: int, user_id: int) -> IssueInfo | None:
        """ "Not related": the pair is never suggested in this place again."""
        with self.sessions() as session, session.begin():
            info = issue_infos(session, [issue_id]).get(issue_id)
            if info is not None:  # the issue may have been deleted since
                reject(session, place_id, issue_id, user_id)
            return info
