"""The heartbeat's plan and record: how often this process judges itself, what it
warns about, and the row other processes and ``triagebot status`` read.

Judging needs no database (``core.health``); only the record does, so when the
database is down, which is exactly when events pile up, the warning still goes out.
``write`` is synchronous: call it from a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from triagebot.core.health import DigestSchedule, Heartbeat, Limits, PostedDigest
from triagebot.store.engine import SessionFactory
from triagebot.store.health import last_posted_digest
from triagebot.store.heartbeats import prune_heartbeats, write_heartbeat

# Rows of processes silent this long are history (old restarts, retired hosts).
FORGET_AFTER = timedelta(days=7)


@dataclass(frozen=True)
class HealthFeatures:
    """What the heartbeat needs, built by the composition root from the settings.

    ``channel_id`` None: problems are logged, not posted. ``digest`` None: the digest
    is not posted on schedule, so it cannot be late. ``http_port`` None: no endpoint.
    """

    beat_seconds: float = 30.0
    limits: Limits = field(default_factory=Limits)
    channel_id: int | None = None
    digest: DigestSchedule | None = None
    http_host: str = "127.0.0.1"
    http_port: int | None = None


class Health:
    def __init__(self, sessions: SessionFactory, features: HealthFeatures) -> None:
        self.sessions = sessions
        self.features = features

    def write(self, beat: Heartbeat, *, prune: bool) -> PostedDigest | None:
        """Write this process's heartbeat (pruning long-silent ones first, when asked);
        returns the last posted digest when one is scheduled (for the lateness check)."""
        with self.sessions() as session, session.begin():
            if prune:
                prune_heartbeats(session, beat.beat_at - FORGET_AFTER)
            write_heartbeat(session, beat)
            if self.features.digest is None:
                return None
            return last_posted_digest(session)
