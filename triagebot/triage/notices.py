"""Telling linked threads that their issue was closed or reopened, once each.

The notices are computed from the stored states, not from one sync's changes, so a
notice a crash interrupted is delivered by the next run. A notice is claimed before
the bot sends it (neither the next sync nor a restart repeats it) and released when
sending failed in a way worth retrying.

Every method is synchronous: call it from a worker thread.
"""

from __future__ import annotations

from triagebot.core.issues import Notice
from triagebot.store.engine import SessionFactory
from triagebot.store.links import claim_notice, pending_notices, release_notice


class ThreadNotices:
    def __init__(self, sessions: SessionFactory) -> None:
        self.sessions = sessions

    def pending(self) -> list[Notice]:
        with self.sessions() as session:
            return pending_notices(session)

    def claim(self, notice: Notice) -> bool:
        with self.sessions() as session, session.begin():
            return claim_notice(session, notice)

    def release(self, notice: Notice) -> None:
        with self.sessions() as session, session.begin():
            release_notice(session, notice)
