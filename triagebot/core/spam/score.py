"""The spam scorer: one message in, a score with its reasons out.

It keeps two pieces of state, both injected: the wave tracker (what was posted lately,
where and by whom) and the exemplar bank (what moderators and the seed call spam or
ham). Everything else is read from the message. Scoring a message also records it in
the tracker, so messages must be scored in the order they were posted.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
from numpy.typing import NDArray

from triagebot.core.messages import ChatMessage
from triagebot.core.spam.addressee import past_addressee
from triagebot.core.spam.evidence import (
    PRIOR,
    PROMOTION_LURES,
    Evidence,
    account_evidence,
    content_evidence,
    link_evidence,
    lure_evidence,
    mention_evidence,
    ranked_reasons,
    wave_evidence,
)
from triagebot.core.spam.exemplars import ExemplarBank, ExemplarVote, Label
from triagebot.core.spam.families import FamilySignals, read_families
from triagebot.core.spam.family_evidence import family_evidence
from triagebot.core.spam.links import clean_text
from triagebot.core.spam.model import SpamModel, shipped_model, tipping
from triagebot.core.spam.policy import SpamPolicy
from triagebot.core.spam.signals import MessageSignals, read_signals
from triagebot.core.spam.waves import Sighting, WaveReport, WaveTracker, text_hash
from triagebot.core.text import content_hash

Vector = NDArray[np.float32]
_DAY = 86_400.0


@dataclass(frozen=True, slots=True)
class SpamInput:
    """What the scorer needs to know about one message; no discord.py types."""

    text: str
    author_id: int
    channel_id: int
    at: datetime | None = None  # None: the time is unknown, no cross-message signals
    vector: Vector | None = None  # the message's normalised embedding, if there is one
    message_id: int | None = None
    account_created: datetime | None = None  # None: unknown
    joined_at: datetime | None = None  # when the author joined the server
    user_mentions: int = 0
    role_mentions: int = 0
    mentions_everyone: bool = False
    attachments: int = 0
    role_ids: frozenset[int] = frozenset()
    author_is_bot: bool = False
    prior_messages: int | None = None  # the author's earlier messages in the server; None: unknown

    @classmethod
    def from_message(
        cls,
        message: ChatMessage,
        vector: Vector | None = None,
        role_ids: frozenset[int] = frozenset(),
        prior_messages: int | None = None,
    ) -> SpamInput:
        """A stored message as scorer input; the account age comes from the author's id."""
        return cls(
            text=message.content,
            author_id=message.author.id,
            channel_id=message.channel.id,
            at=message.created_at,
            vector=vector,
            message_id=message.id,
            account_created=message.author.created_at,
            joined_at=message.author.joined_at,
            user_mentions=message.user_mentions,
            role_mentions=message.role_mentions,
            mentions_everyone=message.mentions_everyone,
            attachments=message.attachments,
            role_ids=role_ids,
            author_is_bot=message.author.bot,
            prior_messages=prior_messages,
        )


@dataclass(frozen=True, slots=True)
class SpamVerdict:
    score: float  # 0..1
    reasons: tuple[str, ...]  # strongest first; short phrases with numbers
    flagged: bool  # at or above the channel's threshold: show moderators
    wave_key: str | None = None  # shared by every copy of a wave
    auto_delete: bool = False  # at or above the auto-delete threshold
    earlier_copies: tuple[int, ...] = field(default=())  # message ids of the wave's earlier copies


EXEMPT = SpamVerdict(0.0, ("not scored: exempt role, channel or bot",), False)


class SpamScorer:
    """Scores messages in posting order against a policy, a bank and a tracker."""

    def __init__(
        self,
        policy: SpamPolicy,
        bank: ExemplarBank | None = None,
        tracker: WaveTracker | None = None,
        *,
        own_invites: frozenset[str] = frozenset(),
        model: SpamModel | None = None,
        learned: bool = False,
    ) -> None:
        """``learned=True`` adds the learned model's evidence (the shipped one unless
        ``model`` is given); off, the rules and the exemplar bank score alone."""
        self.policy = policy
        self.bank = bank
        self.own_invites = own_invites  # the server's invite codes: official, not bait
        self.model = (model or shipped_model()) if learned else None
        self.tracker = tracker or WaveTracker(
            window_seconds=policy.window_seconds,
            near_cosine=policy.near_duplicate_cosine,
            capacity=policy.wave_capacity,
        )

    def score(self, message: SpamInput) -> SpamVerdict:
        """The verdict on ``message``; also remembers it for the messages after it."""
        return self.score_many([message])[0]

    def score_many(self, messages: Sequence[SpamInput]) -> list[SpamVerdict]:
        """``score`` for each message in order, comparing them all with the exemplar
        bank, and with the wave window, in a few matrix products."""
        votes = self._votes(messages)
        policy = self.policy
        verdicts: list[SpamVerdict] = [EXEMPT] * len(messages)
        scored = [
            i
            for i, m in enumerate(messages)
            if not (m.author_is_bot or policy.exempts(m.role_ids, m.channel_id))
        ]
        signals = {i: read_signals(messages[i].text) for i in scored}
        families = {i: self.families(messages[i].text, signals[i]) for i in scored}
        tracked = [
            i
            for i in scored
            if messages[i].at is not None and not policy.trusts(messages[i].role_ids)
        ]
        sightings = [self._sighting(messages[i], signals[i]) for i in tracked]
        reports = dict(zip(tracked, self.tracker.observe_many(sightings), strict=True))
        for i in scored:
            verdicts[i] = self._verdict(
                messages[i], (signals[i], families[i]), reports.get(i), votes[i]
            )
        return verdicts

    def families(self, text: str, signals: MessageSignals) -> FamilySignals:
        """The scam-family signals of ``text`` (whose single-message signals are given)."""
        return read_families(clean_text(text), signals.links, self.own_invites)

    def _votes(self, messages: Sequence[SpamInput]) -> list[ExemplarVote | None]:
        found: list[ExemplarVote | None] = [None] * len(messages)
        rows = [i for i, m in enumerate(messages) if m.vector is not None]
        if self.bank is not None and rows:
            matrix = np.stack([np.asarray(messages[i].vector).reshape(-1) for i in rows])
            for i, vote in zip(rows, self.bank.votes(matrix, self.policy.exemplar_k), strict=True):
                found[i] = vote
        return found

    def _verdict(
        self,
        message: SpamInput,
        read: tuple[MessageSignals, FamilySignals],
        report: WaveReport | None,
        vote: ExemplarVote | None,
    ) -> SpamVerdict:
        policy = self.policy
        newcomer = self.newcomer(message)
        learned, rules = self._evidence(message, read, report, vote if read[0].chars else None)
        evidence = [*tipping(learned, sum(e.weight for e in rules), newcomer=newcomer), *rules]
        logit = PRIOR + sum(e.weight for e in evidence)
        score = 1.0 / (1.0 + math.exp(-min(max(logit, -50.0), 50.0)))
        wave_key = report.wave_key if report is not None else None
        trusted = policy.trusts(message.role_ids)  # scored for the record, never flagged
        threshold = policy.threshold_for(message.channel_id, newcomer=newcomer)
        return SpamVerdict(
            score=score,
            reasons=ranked_reasons(evidence),
            flagged=not trusted and score >= threshold,
            wave_key=wave_key,
            auto_delete=not trusted and score >= policy.auto_delete_threshold,
            earlier_copies=report.earlier_ids if report is not None else (),
        )

    def newcomer(self, message: SpamInput) -> bool:
        """A new account, a new member, or one of a member's first messages here."""
        policy = self.policy
        account_days = _days_between(message.account_created, message.at)
        member_days = _days_between(message.joined_at, message.at)
        prior = message.prior_messages
        return (
            (account_days is not None and account_days < policy.new_account_days)
            or (member_days is not None and member_days < policy.new_member_days)
            or (prior is not None and prior < policy.new_member_messages)
        )

    def learn(self, vector: Vector, label: Label) -> None:
        """A moderator's verdict: the next similar message is scored in its light."""
        if self.bank is not None:
            self.bank.add(vector, label)

    def _evidence(
        self,
        message: SpamInput,
        read: tuple[MessageSignals, FamilySignals],
        report: WaveReport | None,
        vote: ExemplarVote | None,
    ) -> tuple[list[Evidence], list[Evidence]]:
        """The learned model's evidence, and the rules'."""
        signals, families = read
        account_days = _days_between(message.account_created, message.at)
        member_days = _days_between(message.joined_at, message.at)
        model = self.model if signals.chars else None  # an empty text has no meaning to read
        learned = model.evidence(message.vector, signals, families) if model else []
        return learned, [
            *content_evidence(vote, signals.words),
            *lure_evidence(signals, PROMOTION_LURES if families.self_promotion else frozenset()),
            *link_evidence(signals, account_days, member_days, self.policy),
            *mention_evidence(
                signals,
                message.user_mentions,
                message.role_mentions,
                message.mentions_everyone,
                self.policy,
            ),
            *family_evidence(families, signals, ping_resolved=message.mentions_everyone),
            *account_evidence(account_days, member_days, self.policy),
            *wave_evidence(report, self.policy),
        ]

    def _sighting(self, message: SpamInput, signals: MessageSignals) -> Sighting:
        """The message as the wave window keeps it; texts too short to mean anything
        are compared by neither text nor vector, a line that starts by naming someone
        by what it says after the name, and by text only (``core.spam.addressee``)."""
        assert message.at is not None
        rest = past_addressee(message.text)
        text = message.text if rest is None else rest
        chars = signals.chars if rest is None else len(clean_text(rest).strip())
        long_enough = chars >= self.policy.wave_min_chars
        key = content_hash(text) if long_enough or signals.links else None
        compare_vector = long_enough and signals.words >= 4 and rest is None
        return Sighting(
            at=_aware(message.at).timestamp(),
            author_id=message.author_id,
            channel_id=message.channel_id,
            text_hash=text_hash(key) if key else None,
            vector=message.vector if compare_vector else None,
            message_id=message.message_id,
            attachments=message.attachments,
        )


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _days_between(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return max((_aware(end) - _aware(start)).total_seconds() / _DAY, 0.0)
