"""Heartbeats: each bot process's own row, written every beat and read by anyone.

The columns hold what every operator asks first (when did it last store something,
how much is waiting, how many errors); the rest of a :class:`Heartbeat` (gateway,
sync streak, webhook deliveries, when events started waiting, the beat interval)
travels in ``detail`` as JSON, so it can grow without a migration. Reading is
lenient: a row written by an older or newer version still reads, with what it lacks
left empty.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from triagebot.core.health import GatewayState, Heartbeat, SyncState, WebhookState
from triagebot.store.models import HeartbeatRow
from triagebot.store.upsert import upsert

ERROR_CHARS = 2_000
DEFAULT_BEAT_SECONDS = 30.0


def write_heartbeat(session: Session, beat: Heartbeat) -> None:
    """Insert or replace this process's row (one statement on both backends)."""
    row = {
        "process": beat.process,
        "shards": beat.shards[:64],
        "started_at": beat.started_at,
        "beat_at": beat.beat_at,
        "last_event_at": beat.last_event_at,
        "last_batch_at": beat.last_batch_at,
        "events": beat.events,
        "queue_depth": beat.queue_depth,
        "errors": beat.errors,
        "last_error": beat.last_error[:ERROR_CHARS] if beat.last_error else None,
        "detail": json.dumps(_detail(beat), sort_keys=True),
    }
    columns = [name for name in row if name != "process"]
    upsert(
        session,
        HeartbeatRow,
        [row],
        key=["process"],
        update={name: (lambda excluded, name=name: excluded[name]) for name in columns},
    )


def read_heartbeats(session: Session) -> list[Heartbeat]:
    rows = session.scalars(select(HeartbeatRow).order_by(HeartbeatRow.started_at))
    return [_heartbeat(row) for row in rows]


def prune_heartbeats(session: Session, before: datetime) -> int:
    """Forget processes silent since ``before``: old restarts, long-gone hosts."""
    result = session.execute(delete(HeartbeatRow).where(HeartbeatRow.beat_at < before))
    return int(getattr(result, "rowcount", 0) or 0)


# -- detail JSON ------------------------------------------------------------------------


def _detail(beat: Heartbeat) -> dict[str, Any]:
    detail: dict[str, Any] = {
        "beat_seconds": beat.beat_seconds,
        "waiting_since": _iso(beat.waiting_since),
        "stopped_at": _iso(beat.stopped_at),
    }
    if beat.gateway is not None:
        detail["gateway"] = {
            "connected": beat.gateway.connected,
            "since": _iso(beat.gateway.since),
            "latency_ms": beat.gateway.latency_ms,
        }
    if beat.sync is not None:
        sync = beat.sync
        detail["sync"] = {
            "failures": sync.failures,
            "last_error": sync.last_error[:ERROR_CHARS] if sync.last_error else None,
            "last_attempt_at": _iso(sync.last_attempt_at),
            "last_ok_at": _iso(sync.last_ok_at),
        }
    if beat.webhook is not None:
        hook = beat.webhook
        detail["webhook"] = {
            "accepted": hook.accepted,
            "refused": hook.refused,
            "last_accepted_at": _iso(hook.last_accepted_at),
            "last_refusal": hook.last_refusal,
        }
    return detail


def _heartbeat(row: HeartbeatRow) -> Heartbeat:
    detail = _loads(row.detail)
    return Heartbeat(
        process=row.process,
        shards=row.shards,
        started_at=row.started_at,
        beat_at=row.beat_at,
        beat_seconds=_number(detail.get("beat_seconds")) or DEFAULT_BEAT_SECONDS,
        last_event_at=row.last_event_at,
        last_batch_at=row.last_batch_at,
        events=row.events,
        queue_depth=row.queue_depth,
        errors=row.errors,
        last_error=row.last_error,
        waiting_since=_time(detail.get("waiting_since")),
        gateway=_gateway(detail.get("gateway")),
        sync=_sync(detail.get("sync")),
        stopped_at=_time(detail.get("stopped_at")),
        webhook=_webhook(detail.get("webhook")),
    )


def _webhook(data: Any) -> WebhookState | None:
    if not isinstance(data, dict):
        return None
    refusal = data.get("last_refusal")
    return WebhookState(
        accepted=int(_number(data.get("accepted")) or 0),
        refused=int(_number(data.get("refused")) or 0),
        last_accepted_at=_time(data.get("last_accepted_at")),
        last_refusal=refusal if isinstance(refusal, str) else None,
    )


def _gateway(data: Any) -> GatewayState | None:
    if not isinstance(data, dict):
        return None
    since = _time(data.get("since"))
    if since is None:
        return None
    return GatewayState(bool(data.get("connected")), since, _number(data.get("latency_ms")))


def _sync(data: Any) -> SyncState | None:
    if not isinstance(data, dict):
        return None
    error = data.get("last_error")
    return SyncState(
        failures=int(_number(data.get("failures")) or 0),
        last_error=error if isinstance(error, str) else None,
        last_attempt_at=_time(data.get("last_attempt_at")),
        last_ok_at=_time(data.get("last_ok_at")),
    )


def _loads(text: str | None) -> dict[str, Any]:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _number(value: Any) -> float | None:
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    return float(value) if is_number and value == value else None
