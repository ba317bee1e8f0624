"""The values health is judged from, and the verdict.

A :class:`Heartbeat` is what one bot process last said about itself; an
:class:`Observation` adds what the database knows (issue syncs, the last digest) and
the time of looking. :func:`triagebot.core.health.assess` turns that into a
:class:`Status`. All plain data: the same judgement runs inside the bot (for the
moderator warning and ``/healthz``) and in ``triagebot status``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import IntEnum


class Level(IntEnum):
    """How bad; the value is ``triagebot status``' exit code."""

    OK = 0
    WARN = 1
    FAIL = 2

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Check:
    """One verdict with the reason a person needs to act on it.

    ``process`` names the bot process it is about (None: about the whole deployment).
    """

    name: str
    level: Level
    reason: str
    process: str | None = None

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.name, self.process)


@dataclass(frozen=True)
class SyncState:
    """The scheduled issue sync as one process saw it: consecutive failures matter,
    because one failed sync is retried anyway and only a streak means trouble."""

    failures: int = 0
    last_error: str | None = None
    last_attempt_at: datetime | None = None
    last_ok_at: datetime | None = None

    def succeeded(self, at: datetime) -> SyncState:
        return SyncState(0, None, at, at)

    def failed(self, error: str, at: datetime) -> SyncState:
        return replace(self, failures=self.failures + 1, last_error=error, last_attempt_at=at)


@dataclass(frozen=True)
class WebhookState:
    """GitHub webhook deliveries as one process's endpoint saw them: a delivery
    refused for its signature is what a mistyped secret looks like from here."""

    accepted: int = 0  # signed deliveries taken (stored, replayed or not for us)
    refused: int = 0  # refused for their signature or body
    last_accepted_at: datetime | None = None
    last_refusal: str | None = None  # why the latest refused one was refused


@dataclass(frozen=True)
class GatewayState:
    """Whether the Discord gateway is connected; ``since`` is when that last changed."""

    connected: bool
    since: datetime
    latency_ms: float | None = None


@dataclass(frozen=True)
class Heartbeat:
    """One bot process, as it last reported itself.

    ``waiting_since`` is when events started waiting with no batch stored since (None:
    nothing waiting); it, not the age of the last batch, tells a stall from a quiet
    server. ``stopped_at`` is set by a process that shut down cleanly.
    """

    process: str
    started_at: datetime
    beat_at: datetime
    beat_seconds: float
    shards: str = ""
    last_event_at: datetime | None = None
    last_batch_at: datetime | None = None
    events: int = 0
    queue_depth: int = 0
    errors: int = 0
    last_error: str | None = None
    waiting_since: datetime | None = None
    gateway: GatewayState | None = None
    sync: SyncState | None = None
    stopped_at: datetime | None = None
    webhook: WebhookState | None = None  # None: no endpoint in this process


@dataclass(frozen=True)
class RepoSync:
    """A tracked repository's last sync, from the database."""

    repo: str
    last_sync_at: datetime | None
    last_error: str | None


@dataclass(frozen=True)
class DigestSchedule:
    """When the daily digest is due (local wall-clock time in an IANA zone)."""

    at: time
    timezone: str


@dataclass(frozen=True)
class PostedDigest:
    day: date
    posted_at: datetime


@dataclass(frozen=True)
class Limits:
    """When to worry. A process is gone after ``dead_after_beats`` of its own beats."""

    stall: timedelta = timedelta(minutes=2)
    sync_failures: int = 3
    digest_grace: timedelta = timedelta(hours=1)
    dead_after_beats: int = 4


@dataclass(frozen=True)
class Observation:
    """Everything health is judged from, at ``now``. ``digest`` None: not scheduled."""

    now: datetime
    heartbeats: Sequence[Heartbeat] = ()
    repos: Sequence[RepoSync] = ()
    last_digest: PostedDigest | None = None
    digest: DigestSchedule | None = None


@dataclass(frozen=True)
class ProcessView:
    """A heartbeat with what became of its process: running, stopped, replaced or dead."""

    heartbeat: Heartbeat
    state: str
    lag: timedelta | None  # now − the last event it handed to the pipeline


@dataclass(frozen=True)
class Status:
    now: datetime
    checks: tuple[Check, ...]
    processes: tuple[ProcessView, ...]
    repos: tuple[RepoSync, ...]
    sync: SyncState | None
    last_digest: PostedDigest | None

    @property
    def level(self) -> Level:
        return max((c.level for c in self.checks), default=Level.OK)

    def problems(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.level is not Level.OK)


def duration(span: timedelta) -> str:
    """``45s``, ``12 min``, ``3 h 5 min``, ``2 d 4 h``: short enough for a chat line."""
    seconds = max(0, int(span.total_seconds()))
    if seconds < 120:
        return f"{seconds}s"
    minutes = seconds // 60
    if minutes < 120:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"
