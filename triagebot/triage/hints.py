"""Duplicate hints: deciding when the bot says "This looks like #123", and remembering it.

The match stage has already decided *what* a message matches (threshold,
rejections); this decides *where* the bot may speak. Only in the channels of
``MATCH_HINT_CHANNEL_IDS`` (threads follow their parent), at most once per thread
(once per issue in a plain channel), and never about a message older than two days
(a catch-up after downtime must not answer week-old questions). A "Not related"
verdict is stored, and the pair is never suggested in that place again.

A hint is claimed in the unit of work that stores its match (``triage.stages.hint``)
and posted after it. A process killed in between leaves the claim open; the next one
finishes it (``left_claims``): it posts the hint, or records the one already posted,
or, when the message is gone or too old by now, drops the claim.

Every method that touches the database is synchronous: call it from a worker thread.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from triagebot.core.batch import Batch, OwedHint
from triagebot.core.issues import IssueInfo
from triagebot.core.matching import Candidate, IssueRef
from triagebot.core.messages import ChatMessage
from triagebot.core.references import references
from triagebot.store.engine import SessionFactory
from triagebot.store.hint_claims import OpenClaim, claim_hint, finish_hint, open_claims
from triagebot.store.issues import issue_refs
from triagebot.store.links import issue_infos
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


@dataclass(frozen=True)
class LeftClaim:
    """A claim an earlier process left open: ``hint`` is what it still owes (None
    when nothing is owed any more). A hint it did post is newer than ``since``."""

    place: int
    issue_id: int
    since: datetime
    hint: OwedHint | None


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

    def claim(self, session: Session, plan: HintPlan) -> OwedHint | None:
        """Take the place's one hint about the issue, in the caller's unit of work;
        None when already taken (or the issue is gone). The hint is then owed until
        ``finish`` records it (or drops the claim)."""
        issue_id, message = plan.candidate.issue.key, plan.message
        info = issue_infos(session, [issue_id]).get(issue_id)
        if info is None or not claim_hint(
            session,
            plan.place,
            issue_id,
            once_per_place=plan.in_thread,
            about=message.id,
            score=plan.candidate.score,
        ):
            return None
        guild = message.guild.id
        return OwedHint(plan.place, guild, message.id, plan.in_thread, plan.candidate, info.url)

    def finish(self, place: int, issue_id: int, message_id: int | None) -> None:
        """Record the posted hint; ``None`` drops the claim (nothing was posted), so a
        later match may still get its one hint."""
        with self.sessions() as session, session.begin():
            finish_hint(session, place, issue_id, message_id)

    def left_claims(
        self, before: datetime, guild_ids: Collection[int], now: datetime
    ) -> list[LeftClaim]:
        """The claims made before ``before`` (by an earlier process) and never
        finished, in the guilds given (a claim about an unknown message: anywhere)."""
        with self.sessions() as session:
            claims = [
                c
                for c in open_claims(session, before)
                if c.guild_id in guild_ids or c.about is None
            ]
            refs = issue_refs(session, {c.issue_id for c in claims})
            infos = issue_infos(session, list(refs))
        return [
            LeftClaim(c.place_id, c.issue_id, c.claimed_at, _owed(c, refs, infos, now))
            for c in claims
        ]

    def reject(self, place_id: int, issue_id: int, user_id: int) -> IssueInfo | None:
        """ "Not related": the pair is never suggested in this place again."""
        with self.sessions() as session, session.begin():
            info = issue_infos(session, [issue_id]).get(issue_id)
            if info is not None:  # the issue may have been deleted since
                reject(session, place_id, issue_id, user_id)
            return info


def _owed(
    claim: OpenClaim, refs: dict[int, IssueRef], infos: dict[int, IssueInfo], now: datetime
) -> OwedHint | None:
    """What the claim still owes: nothing once its message is gone or too old to
    answer, or its issue is gone."""
    ref, info = refs.get(claim.issue_id), infos.get(claim.issue_id)
    if claim.about is None or claim.deleted or claim.created_at is None:
        return None
    if ref is None or info is None or claim.guild_id is None:
        return None
    if now - claim.created_at > MAX_AGE:
        return None
    candidate = Candidate(ref, claim.score if claim.score is not None else 0.0)
    in_thread = claim.thread_id is not None
    return OwedHint(claim.place_id, claim.guild_id, claim.about, in_thread, candidate, info.url)
