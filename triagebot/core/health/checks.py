"""The checks: from heartbeats, syncs and digests to ok / warn / fail with a reason.

What counts as trouble, and what does not:

- A process is **gone** when it has missed ``dead_after_beats`` of its own beats,
  unless it stopped cleanly or a newer process took over its shards (a restart under
  a supervisor gets a new ``host:pid``; the old row is history, not an outage).
- Ingestion is **stalled** when events have been waiting longer than ``stall`` with
  no batch stored, or the gateway has been down that long. A quiet server, however
  long since its last message, waits for nothing and is fine.
- The issue sync is **failing** after ``sync_failures`` failed runs in a row; one
  failure is retried on the next run anyway.
- GitHub webhook deliveries are **refused** when some were and none got through
  (``core.health.webhook_check``).
- The digest is **overdue** when a running bot has had ``digest_grace`` past the due
  time (or past its own start, as it posts a missed digest on start) and it is not out.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from triagebot.core.health.model import (
    Check,
    DigestSchedule,
    Heartbeat,
    Level,
    Limits,
    Observation,
    PostedDigest,
    ProcessView,
    Status,
    SyncState,
    duration,
)
from triagebot.core.health.webhook_check import webhook_check

RUNNING, STOPPED, REPLACED, DEAD = "running", "stopped", "replaced", "dead"


def assess(seen: Observation, limits: Limits) -> Status:
    beats = sorted(seen.heartbeats, key=lambda b: b.started_at)
    views = tuple(_view(b, beats, seen.now, limits) for b in beats)
    running = [v.heartbeat for v in views if v.state == RUNNING]
    checks = _process_checks(views, seen.now)
    for beat in running:
        checks += _gateway_check(beat, seen.now, limits)
        checks.append(_ingestion_check(beat, seen.now, limits))
    sync = latest_sync(running)
    if sync is not None:
        checks.append(_sync_check(sync, seen.now, limits))
    webhook = webhook_check(running, seen.now)
    if webhook is not None:
        checks.append(webhook)
    if seen.digest is not None and running:
        up_since = min(b.started_at for b in running)
        checks.append(_digest_check(seen.digest, seen.last_digest, seen.now, up_since, limits))
    return Status(
        now=seen.now,
        checks=tuple(checks),
        processes=views,
        repos=tuple(seen.repos),
        sync=sync,
        last_digest=seen.last_digest,
    )


def _view(beat: Heartbeat, beats: list[Heartbeat], now: datetime, limits: Limits) -> ProcessView:
    lag = now - beat.last_event_at if beat.last_event_at else None
    if beat.stopped_at is not None:
        return ProcessView(beat, STOPPED, lag)
    if now - beat.beat_at <= _dead_after(beat, limits):
        return ProcessView(beat, RUNNING, lag)
    newer = any(b.shards == beat.shards and b.started_at > beat.started_at for b in beats)
    return ProcessView(beat, REPLACED if newer else DEAD, lag)


def _dead_after(beat: Heartbeat, limits: Limits) -> timedelta:
    return timedelta(seconds=beat.beat_seconds * limits.dead_after_beats)


def _process_checks(views: tuple[ProcessView, ...], now: datetime) -> list[Check]:
    if not views:
        return [Check("process", Level.WARN, "no bot process has reported yet")]
    checks: list[Check] = []
    for view in views:
        beat = view.heartbeat
        if view.state == RUNNING:
            reason = f"running for {duration(now - beat.started_at)}"
            checks.append(Check("process", Level.OK, reason, beat.process))
        elif view.state == DEAD:
            silent = duration(now - beat.beat_at)
            reason = f"no heartbeat for {silent} (one was due every {beat.beat_seconds:g}s): "
            checks.append(Check("process", Level.FAIL, reason + "gone or hung", beat.process))
    if not any(v.state in (RUNNING, DEAD) for v in views):
        last = max(v.heartbeat.stopped_at or v.heartbeat.beat_at for v in views)
        reason = f"no bot process is running (the last one stopped {duration(now - last)} ago)"
        checks.append(Check("process", Level.WARN, reason))
    return checks


def _gateway_check(beat: Heartbeat, now: datetime, limits: Limits) -> list[Check]:
    gateway = beat.gateway
    if gateway is None:
        return []
    if gateway.connected:
        latency = f", latency {gateway.latency_ms:.0f} ms" if gateway.latency_ms is not None else ""
        return [Check("gateway", Level.OK, "connected" + latency, beat.process)]
    down = now - gateway.since
    if down > limits.stall:
        reason = f"disconnected from Discord for {duration(down)}"
        return [Check("gateway", Level.FAIL, reason, beat.process)]
    return [Check("gateway", Level.OK, f"connecting ({duration(down)} so far)", beat.process)]


def _ingestion_check(beat: Heartbeat, now: datetime, limits: Limits) -> Check:
    waiting = now - beat.waiting_since if beat.waiting_since is not None else None
    if waiting is not None and waiting > limits.stall:
        # The batch being retried has left the queue: a depth of 0 can still be a stall.
        queued = f" ({beat.queue_depth} more queued)" if beat.queue_depth else ""
        reason = f"stalled: events have waited {duration(waiting)} with no batch stored{queued}"
        return Check("ingestion", Level.FAIL, reason, beat.process)
    if beat.last_event_at is None:
        return Check("ingestion", Level.OK, "no events yet", beat.process)
    lag = duration(now - beat.last_event_at)
    return Check("ingestion", Level.OK, f"{beat.events} events, the last {lag} ago", beat.process)


def latest_sync(beats: list[Heartbeat]) -> SyncState | None:
    """The sync state of the process that tried last (with leases, the one that runs it)."""
    states = [b.sync for b in beats if b.sync is not None]
    if not states:
        return None
    return max(states, key=lambda s: _stamp(s.last_attempt_at))


def _stamp(at: datetime | None) -> float:
    return at.timestamp() if at is not None else float("-inf")


def _sync_check(sync: SyncState, now: datetime, limits: Limits) -> Check:
    if sync.failures >= limits.sync_failures:
        reason = f"the issue sync failed {sync.failures} times in a row"
        return Check("sync", Level.WARN, reason)
    if sync.failures:
        return Check("sync", Level.OK, f"the last sync failed ({sync.failures} in a row)")
    if sync.last_ok_at is None:
        return Check("sync", Level.OK, "no sync has run yet")
    return Check("sync", Level.OK, f"synced {duration(now - sync.last_ok_at)} ago")


def digest_due(schedule: DigestSchedule, now: datetime) -> tuple[datetime, date]:
    """The latest due time at or before ``now``, and the day whose digest was due then
    (the local day before it)."""
    zone = ZoneInfo(schedule.timezone)
    local = now.astimezone(zone)
    due = datetime.combine(local.date(), schedule.at, zone)
    if local < due:
        due = datetime.combine(local.date() - timedelta(days=1), schedule.at, zone)
    return due, due.date() - timedelta(days=1)


def _digest_check(
    schedule: DigestSchedule,
    last: PostedDigest | None,
    now: datetime,
    up_since: datetime,
    limits: Limits,
) -> Check:
    due, day = digest_due(schedule, now)
    if last is not None and last.day >= day:
        return Check("digest", Level.OK, f"the digest of {last.day} is out")
    deadline = max(due, up_since) + limits.digest_grace
    if now < deadline:
        return Check("digest", Level.OK, f"the digest of {day} is due")
    late = duration(now - due)
    shown = f" (the last one: {last.day})" if last is not None else " (none posted yet)"
    return Check("digest", Level.WARN, f"the digest of {day} is {late} late{shown}")
