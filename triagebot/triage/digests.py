"""The daily digest as a service: the one computation behind every way to see it.

The scheduled post, ``/digest``, ``triagebot digest`` and ``triagebot report`` all
ask ``Digests.compute``: the window's topics ranked with the maintainers' recent
verdicts and the previous digest's items ("new"), summarised by the language model
when it can be used. The day's row makes posting restart-safe: a day whose digest is
marked posted is never posted again.

Every method is synchronous (SQL, numpy and the language model): call it from a
worker thread, never on the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from triagebot.core.demand import Demand
from triagebot.core.digest import Digest
from triagebot.core.ranking import Action
from triagebot.core.topic_rules import TopicRules
from triagebot.llm.summariser import Summariser
from triagebot.store.digests import (
    digest_of,
    feedback_since,
    mark_posted,
    outdated_posts,
    post_current,
    previous_keys,
    record_feedback,
    save_digest,
)
from triagebot.store.engine import SessionFactory
from triagebot.triage.day_topics import WindowTopics, window_topics
from triagebot.triage.demand import demand_of
from triagebot.triage.digest_build import DigestRequest, build_digest

FEEDBACK_DAYS = 30  # how long a maintainer's "done" or "not relevant" weighs on ranking


@dataclass(frozen=True)
class DigestFeatures:
    """What the digest needs, built by the composition root from the settings.

    ``channel_id`` None: nothing is posted on schedule; ``/digest`` still answers.
    Empty ``role_ids``: members with Manage Messages may use it; administrators always.
    """

    channel_id: int | None = None
    at: time = time(8, 0)  # local wall-clock time in ``timezone``
    timezone: str = "UTC"
    window_days: int = 7
    items: int = 5
    role_ids: frozenset[int] = frozenset()
    summariser: Summariser | None = None
    model_id: str = ""  # the embedder's, to read the stored vectors
    rules: TopicRules | None = None  # None: the defaults at the problem model's threshold


class Digests:
    def __init__(self, sessions: SessionFactory, features: DigestFeatures) -> None:
        self.sessions = sessions
        self.features = features

    def compute(
        self, day: date, now: datetime | None = None, found: WindowTopics | None = None
    ) -> Digest:
        """The digest of ``day`` as of ``now``, not stored."""
        now = now or datetime.now(UTC)
        with self.sessions() as session:
            feedback = feedback_since(session, now - timedelta(days=FEEDBACK_DAYS))
            previous = previous_keys(session, before=day)
        request = self.request(day)
        return build_digest(
            self.sessions,
            request,
            summariser=self.features.summariser,
            feedback=feedback,
            previous_keys=previous,
            now=now,
            found=found,
        )

    def request(self, day: date) -> DigestRequest:
        features = self.features
        return DigestRequest(
            day=day,
            timezone=features.timezone,
            window_days=features.window_days,
            items=features.items,
            model_id=features.model_id,
            rules=features.rules,
        )

    def demand(self, day: date, limit: int = 20) -> list[Demand]:
        """Demand per issue in the digest's window of ``day``: the same people counts."""
        return demand_of(self._topics(day), limit)

    def report(self, day: date, limit: int = 20) -> tuple[Digest, list[Demand]]:
        """The digest of ``day`` and its demand table, from one computation of topics."""
        found = self._topics(day)
        return self.compute(day, found=found), demand_of(found, limit)

    def _topics(self, day: date) -> WindowTopics:
        since, until = self.request(day).window()
        features = self.features
        return window_topics(self.sessions, since, until, features.model_id, features.rules)

    def save(self, digest: Digest) -> None:
        """Store (or replace, while not yet posted) the digest of its day."""
        with self.sessions() as session, session.begin():
            save_digest(session, digest)

    def compute_and_save(self, day: date, now: datetime | None = None) -> Digest:
        digest = self.compute(day, now)
        self.save(digest)
        return digest

    def posted(self, day: date) -> bool:
        with self.sessions() as session:
            row = digest_of(session, day)
            return row is not None and row.posted_at is not None

    def mark_posted(self, day: date, channel_id: int, message_id: int, at: datetime) -> None:
        with self.sessions() as session, session.begin():
            mark_posted(session, day, channel_id, message_id, at)

    def outdated_posts(self) -> list[tuple[int, int, Digest]]:
        """Posted digests whose stored text lost erased words: (channel, message, it)."""
        with self.sessions() as session:
            return outdated_posts(session)

    def post_current(self, day: date) -> None:
        with self.sessions() as session, session.begin():
            post_current(session, day)


class DigestFeedback:
    """Maintainers' verdicts on digest items (Done, Snooze, Not relevant).

    Always present, digest or not: buttons posted before a restart keep working.
    """

    def __init__(self, sessions: SessionFactory, role_ids: frozenset[int] = frozenset()) -> None:
        self.sessions = sessions
        self.role_ids = role_ids

    def record(self, key: str, action: Action, user_id: int) -> None:
        with self.sessions() as session, session.begin():
            record_feedback(session, key, action, user_id, datetime.now(UTC))
