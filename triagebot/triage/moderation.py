"""The moderator queue's decisions and records: one incident, one flag, one verdict.

The bot posts a flag when an incident opens and edits it as copies arrive; what it
shows and what a verdict does are decided here. A person's verdict first teaches the
exemplar bank ("Not spam" as ham, the others as spam) - before anything is deleted,
so the examples are kept while the messages still have their vectors - and is then
written with its audit row. Outside shadow mode (``SPAM_AUTO_DELETE``) a sure incident's copies
are deleted without waiting for anyone.

Every method that touches the database is synchronous: call it from a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from triagebot.core.spam.incidents import IncidentView
from triagebot.store.engine import SessionFactory
from triagebot.store.spam import (
    flag_current,
    flagged_incidents_of,
    incident_view,
    newest_incident_ids,
    outdated_flags,
    resolve,
    set_flag_message,
    unposted_flags,
)

Learn = Callable[[Sequence[int], str, int], None]  # message ids, "spam"/"ham", moderator
# What each button does to an incident, by the action in its custom id.
VERDICTS = {"delete": "deleted", "timeout": "timed_out", "notspam": "not_spam"}
AUTO_DELETED = "auto_deleted"
# An incident older than this that never got its flag (the bot was down, or killed
# before posting) is not flagged on start: by then it is history, not a queue.
UNPOSTED_WINDOW = timedelta(days=2)


@dataclass(frozen=True)
class SpamFeatures:
    """Where flags go, how long a timeout lasts, and how verdicts teach the scorer.

    ``mod_channel_id`` None: incidents are recorded, not posted. ``auto_delete_at``
    None: shadow mode, the bot never acts by itself.
    """

    mod_channel_id: int | None = None
    timeout: timedelta = timedelta(hours=1)
    learn: Learn | None = None
    auto_delete_at: float | None = None


class Moderation:
    def __init__(self, sessions: SessionFactory, features: SpamFeatures) -> None:
        self.sessions = sessions
        self.features = features

    @property
    def channel_id(self) -> int | None:
        return self.features.mod_channel_id

    @property
    def timeout(self) -> timedelta:
        return self.features.timeout

    def view(self, incident_id: int) -> IncidentView | None:
        with self.sessions() as session:
            return incident_view(session, incident_id)

    def newest(self, limit: int = 10) -> list[IncidentView]:
        """The first ``limit`` incidents, oldest first (the demo's listing)."""
        with self.sessions() as session:
            ids = newest_incident_ids(session, limit)
            return [v for v in (incident_view(session, i) for i in ids) if v is not None]

    def auto_delete_due(self, incident: IncidentView | None) -> bool:
        """Outside shadow mode, a sure incident nobody has decided on yet."""
        at = self.features.auto_delete_at
        if at is None or incident is None or incident.score < at:
            return False
        return incident.status in ("open", AUTO_DELETED)

    def flags_quoting(self, message_ids: Sequence[int]) -> list[int]:
        """The posted flags that show any of these (now erased) messages."""
        with self.sessions() as session:
            return flagged_incidents_of(session, message_ids)

    def unposted(self, guild_ids: Sequence[int], now: datetime) -> list[int]:
        """Open incidents of these guilds, recent enough to flag, with no flag recorded:
        a process died before posting (or before recording the post)."""
        if self.channel_id is None:
            return []
        with self.sessions() as session:
            return unposted_flags(session, guild_ids, now - UNPOSTED_WINDOW)

    def outdated_flags(self) -> list[int]:
        """Flags whose copies' text was erased elsewhere (purge, forget) since posting."""
        with self.sessions() as session:
            return outdated_flags(session)

    def flag_current(self, incident_id: int) -> None:
        with self.sessions() as session, session.begin():
            flag_current(session, incident_id)

    def remember_flag(self, incident_id: int, channel_id: int, message_id: int) -> None:
        with self.sessions() as session, session.begin():
            set_flag_message(session, incident_id, channel_id, message_id)

    def teach(self, incident: IncidentView, status: str, moderator: int) -> None:
        """A person's verdict teaches the scorer ("Not spam" as ham, the others as spam).

        Called before the buttons delete anything: the examples copy the vectors of
        the messages while they are still stored, so the deletions that follow cannot
        erase what the verdict taught.
        """
        learn = self.features.learn
        if learn is not None and status != AUTO_DELETED:  # only people teach
            label = "ham" if status == "not_spam" else "spam"
            learn([c.message_id for c in incident.copies], label, moderator)

    def resolve(self, incident: IncidentView, status: str, moderator: int, detail: str) -> None:
        """Record the outcome with its audit row."""
        with self.sessions() as session, session.begin():
            resolve(session, incident.id, status=status, moderator_id=moderator, detail=detail)
