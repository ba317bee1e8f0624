"""A :class:`Status` as JSON-ready data: ``triagebot status --json`` and ``/healthz``.

``errors=False`` leaves out the free-form error texts (database and GitHub messages):
the HTTP endpoint may be reachable by more than the operators, and a supervisor only
needs the levels and the counts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from triagebot.core.health.model import Check, PostedDigest, ProcessView, Status, SyncState

Json = dict[str, Any]


def status_json(status: Status, *, errors: bool = True) -> Json:
    return {
        "level": status.level.label,
        "now": _when(status.now),
        "checks": [_check(c) for c in status.checks],
        "processes": [_process(p, errors) for p in status.processes],
        "sync": _sync(status.sync, errors) if status.sync is not None else None,
        "repos": [
            {
                "repo": r.repo,
                "last_sync_at": _when(r.last_sync_at),
                **({"last_error": r.last_error} if errors else {}),
            }
            for r in status.repos
        ],
        "last_digest": _digest(status.last_digest),
    }


def _digest(digest: PostedDigest | None) -> Json | None:
    if digest is None:
        return None
    return {"day": digest.day.isoformat(), "posted_at": _when(digest.posted_at)}


def _when(at: datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


def _check(check: Check) -> Json:
    return {
        "name": check.name,
        "level": check.level.label,
        "reason": check.reason,
        "process": check.process,
    }


def _process(view: ProcessView, errors: bool) -> Json:
    beat = view.heartbeat
    gateway = beat.gateway
    data: Json = {
        "process": beat.process,
        "state": view.state,
        "shards": beat.shards,
        "started_at": _when(beat.started_at),
        "beat_at": _when(beat.beat_at),
        "last_event_at": _when(beat.last_event_at),
        "last_batch_at": _when(beat.last_batch_at),
        "lag_seconds": round(view.lag.total_seconds(), 3) if view.lag is not None else None,
        "events": beat.events,
        "queue_depth": beat.queue_depth,
        "errors": beat.errors,
        "waiting_since": _when(beat.waiting_since),
        "gateway": (
            {
                "connected": gateway.connected,
                "since": _when(gateway.since),
                "latency_ms": gateway.latency_ms,
            }
            if gateway is not None
            else None
        ),
        "stopped_at": _when(beat.stopped_at),
    }
    if errors:
        data["last_error"] = beat.last_error
    return data


def _sync(sync: SyncState, errors: bool) -> Json:
    data: Json = {
        "failures": sync.failures,
        "last_attempt_at": _when(sync.last_attempt_at),
        "last_ok_at": _when(sync.last_ok_at),
    }
    if errors:
        data["last_error"] = sync.last_error
    return data
