"""Health checks from plain data: stalls, dead processes, failing syncs, late digests."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from triagebot.core.health import (
    Alerts,
    Check,
    DigestSchedule,
    GatewayState,
    Heartbeat,
    Level,
    Limits,
    Observation,
    PostedDigest,
    Status,
    SyncState,
    assess,
    digest_due,
    duration,
    status_json,
)
from triagebot.core.health.links import ShardLinks

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
LIMITS = Limits(stall=timedelta(minutes=2), sync_failures=3, digest_grace=timedelta(hours=1))


def beat(process: str = "host:1", **changes: object) -> Heartbeat:
    values: dict[str, object] = {
        "process": process,
        "started_at": NOW - timedelta(days=1),
        "beat_at": NOW - timedelta(seconds=10),
        "beat_seconds": 30.0,
        "gateway": GatewayState(True, NOW - timedelta(days=1), latency_ms=42.0),
    }
    values.update(changes)
    return Heartbeat(**values)  # type: ignore[arg-type]


def judge(*beats: Heartbeat, **seen: object) -> Status:
    return assess(Observation(now=NOW, heartbeats=beats, **seen), LIMITS)  # type: ignore[arg-type]


def levels(status: Status) -> dict[str, Level]:
    """The worst level per check name."""
    found: dict[str, Level] = {}
    for check in status.checks:
        found[check.name] = max(found.get(check.name, Level.OK), check.level)
    return found


def reason(status: Status, name: str) -> str:
    return " | ".join(c.reason for c in status.checks if c.name == name)


def test_no_heartbeat_at_all_is_a_warning_that_says_so() -> None:
    status = judge()
    assert status.level is Level.WARN
    assert reason(status, "process") == "no bot process has reported yet"


def test_a_quiet_server_is_not_a_stall() -> None:
    quiet = beat(last_event_at=NOW - timedelta(hours=9), last_batch_at=NOW - timedelta(hours=9))
    status = judge(quiet)
    assert status.level is Level.OK, status.checks
    assert "the last 9 h ago" in reason(status, "ingestion")
    assert status.processes[0].lag == timedelta(hours=9)


def test_events_waiting_longer_than_the_stall_limit_fail_ingestion() -> None:
    old_batch = NOW - timedelta(hours=3)
    waiting = beat(last_batch_at=old_batch, queue_depth=7, waiting_since=NOW - timedelta(minutes=3))
    status = judge(waiting)
    assert status.level is Level.FAIL
    said = reason(status, "ingestion")
    assert "stalled" in said and "7 more queued" in said
    # An event that arrived a moment ago after hours of quiet is not a stall.
    just_now = replace(waiting, waiting_since=NOW - timedelta(seconds=5))
    assert judge(just_now).level is Level.OK


def test_a_gateway_down_longer_than_the_stall_limit_fails() -> None:
    down = beat(gateway=GatewayState(False, NOW - timedelta(minutes=5)))
    assert levels(judge(down))["gateway"] is Level.FAIL
    assert "disconnected from Discord for 5 min" in reason(judge(down), "gateway")
    reconnecting = beat(gateway=GatewayState(False, NOW - timedelta(seconds=20)))
    assert judge(reconnecting).level is Level.OK


def test_a_process_silent_for_four_beats_is_gone() -> None:
    silent = beat(beat_at=NOW - timedelta(minutes=3))  # 6 beats of 30 s
    status = judge(silent)
    assert status.level is Level.FAIL
    assert "no heartbeat for 3 min" in reason(status, "process")
    assert status.processes[0].state == "dead"
    # Its own beat interval counts, not ours: a 2-minute beat is not late after 3 minutes.
    assert judge(replace(silent, beat_seconds=120.0)).level is Level.OK


def test_a_clean_stop_is_not_a_death_but_nothing_running_is_a_warning() -> None:
    stopped = beat(beat_at=NOW - timedelta(hours=1), stopped_at=NOW - timedelta(hours=1))
    status = judge(stopped)
    assert status.level is Level.WARN
    assert "no bot process is running" in reason(status, "process")
    assert status.processes[0].state == "stopped"


def test_a_restarted_process_replaces_its_dead_predecessor() -> None:
    crashed = beat("host:1", started_at=NOW - timedelta(days=2), beat_at=NOW - timedelta(hours=1))
    restarted = beat("host:2", started_at=NOW - timedelta(minutes=50))
    status = judge(crashed, restarted)
    assert status.level is Level.OK, status.checks
    assert [p.state for p in status.processes] == ["replaced", "running"]


def test_a_dead_shard_is_not_replaced_by_a_process_running_other_shards() -> None:
    crashed = beat("a:1", shards="0 of 2", beat_at=NOW - timedelta(hours=1))
    other = beat("b:1", shards="1 of 2", started_at=NOW - timedelta(minutes=5))
    status = judge(crashed, other)
    assert status.level is Level.FAIL
    [dead] = [c for c in status.checks if c.level is Level.FAIL]
    assert dead.process == "a:1"


@pytest.mark.parametrize(("failures", "level"), [(0, Level.OK), (2, Level.OK), (3, Level.WARN)])
def test_the_sync_warns_after_n_failures_in_a_row(failures: int, level: Level) -> None:
    sync = SyncState(failures, "lumen/lumen: GitHub answered 502", NOW, NOW - timedelta(hours=1))
    status = judge(beat(sync=sync))
    assert levels(status)["sync"] is level
    assert status.sync == sync


def test_the_sync_state_of_the_process_that_tried_last_counts() -> None:
    """With leases, one process syncs; the others' states are old or empty."""
    stale = SyncState(5, "old", NOW - timedelta(days=1), None)
    fresh = SyncState(0, None, NOW - timedelta(minutes=1), NOW - timedelta(minutes=1))
    status = judge(beat("a:1", sync=stale), beat("b:1", sync=fresh), beat("c:1", sync=SyncState()))
    assert status.sync == fresh and levels(status)["sync"] is Level.OK


def test_sync_state_counts_a_streak_and_a_success_ends_it() -> None:
    state = SyncState().failed("boom", NOW).failed("boom again", NOW)
    assert (state.failures, state.last_error) == (2, "boom again")
    ok = state.succeeded(NOW)
    assert (ok.failures, ok.last_error, ok.last_ok_at) == (0, None, NOW)
    assert ok.failed("x", NOW).last_ok_at == NOW


EIGHT = DigestSchedule(time(8, 0), "UTC")


def test_a_digest_not_out_an_hour_after_it_was_due_is_late() -> None:
    late = judge(beat(), digest=EIGHT, last_digest=PostedDigest(date(2026, 11, 18), NOW))
    assert levels(late)["digest"] is Level.WARN
    assert "the digest of 2026-11-19 is 2 h late" in reason(late, "digest")
    out = judge(beat(), digest=EIGHT, last_digest=PostedDigest(date(2026, 11, 19), NOW))
    assert out.level is Level.OK


def test_a_bot_started_after_the_due_time_gets_the_grace_period_to_catch_up() -> None:
    started = beat(started_at=NOW - timedelta(minutes=30))
    assert judge(started, digest=EIGHT).level is Level.OK
    assert judge(beat(), digest=EIGHT).level is Level.WARN  # up since yesterday: none at all


def test_no_digest_check_without_a_schedule_or_a_running_process() -> None:
    assert "digest" not in levels(judge(beat()))
    stopped = beat(stopped_at=NOW - timedelta(days=3), beat_at=NOW - timedelta(days=3))
    assert "digest" not in levels(judge(stopped, digest=EIGHT))


def test_digest_due_follows_the_local_day() -> None:
    zone = DigestSchedule(time(8, 0), "America/New_York")
    # 10:00 UTC is 05:00 in New York: today's 08:00 has not come, yesterday's has.
    due, day = digest_due(zone, NOW)
    assert due == datetime(2026, 11, 19, 13, 0, tzinfo=UTC)
    assert day == date(2026, 11, 18)
    assert digest_due(EIGHT, NOW) == (datetime(2026, 11, 20, 8, 0, tzinfo=UTC), date(2026, 11, 19))


def test_alerts_tell_a_problem_once_and_its_recovery_once() -> None:
    alerts = Alerts()
    stall = Check("ingestion", Level.FAIL, "stalled", "host:1")
    started, cleared = alerts.news([stall])
    assert started == [stall] and cleared == []
    alerts.told(started, cleared)
    assert alerts.news([replace(stall, reason="stalled, longer")]) == ([], [])
    fine = Check("ingestion", Level.OK, "storing", "host:1")
    started, cleared = alerts.news([fine])
    assert started == [] and [(r.problem, r.now) for r in cleared] == [(stall, fine)]
    alerts.told(started, cleared)
    assert alerts.news([fine]) == ([], [])


def test_an_untold_problem_is_offered_again_and_a_worse_one_is_news() -> None:
    alerts = Alerts()
    sync = Check("sync", Level.WARN, "failing")
    assert alerts.news([sync])[0] == [sync]
    assert alerts.news([sync])[0] == [sync]  # the post failed: not told yet
    alerts.told([sync])
    worse = replace(sync, level=Level.FAIL)
    assert alerts.news([worse])[0] == [worse]


def test_json_leaves_error_texts_out_when_asked() -> None:
    sync = SyncState(3, "secret-ish detail", NOW, None)
    status = judge(beat(last_error="OperationalError: locked", sync=sync))
    full = json.dumps(status_json(status))
    bare = json.dumps(status_json(status, errors=False))
    assert "locked" in full and "secret-ish" in full
    assert "locked" not in bare and "secret-ish" not in bare
    data = status_json(status, errors=False)
    assert data["level"] == "warn" and data["processes"][0]["state"] == "running"


def test_levels_are_exit_codes_and_durations_read_short() -> None:
    assert [int(level) for level in Level] == [0, 1, 2]
    spans = [timedelta(seconds=45), timedelta(minutes=12), timedelta(hours=3, minutes=5)]
    assert [duration(s) for s in spans] == ["45s", "12 min", "3 h 5 min"]
    assert duration(timedelta(days=2, hours=4)) == "2 d 4 h"


def test_a_process_is_disconnected_while_any_of_its_shards_is() -> None:
    start = NOW - timedelta(minutes=10)
    links = ShardLinks(start)
    assert links.state([0, 1]) == GatewayState(False, start)  # none seen yet
    links.changed(0, connected=True, at=start + timedelta(seconds=2))
    assert links.state([0, 1]) == GatewayState(False, start)  # shard 1 never came up
    links.changed(1, connected=True, at=start + timedelta(seconds=3))
    assert links.state([0, 1]) == GatewayState(True, start + timedelta(seconds=3))
    links.changed(0, connected=False, at=NOW - timedelta(minutes=4))
    links.changed(0, connected=False, at=NOW)  # still down: the first drop counts
    assert links.state([0, 1]) == GatewayState(False, NOW - timedelta(minutes=4))
    assert links.state([1]).connected and links.state([]) == GatewayState(False, start)
