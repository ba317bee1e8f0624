"""`triagebot status` on a database with heartbeats: ok, stalled, dead, sync failing.

The exit status is the contract for scripts and supervisors: 0 ok, 1 warn, 2 fail.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from click.testing import CliRunner, Result

from triagebot.cli import cli, main
from triagebot.core.health import GatewayState, Heartbeat, SyncState
from triagebot.store.engine import SessionFactory
from triagebot.store.heartbeats import write_heartbeat
from triagebot.store.models import DigestRow, RepoRow


def status(database_url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", database_url, "status", *args])


def as_json(result: Result) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.output)
    return data


def beat(now: datetime, **changes: Any) -> Heartbeat:
    values: dict[str, Any] = {
        "process": "bot-1",
        "started_at": now - timedelta(hours=5),
        "beat_at": now - timedelta(seconds=5),
        "beat_seconds": 30.0,
        "last_event_at": now - timedelta(seconds=42),
        "last_batch_at": now - timedelta(seconds=41),
        "events": 812,
        "gateway": GatewayState(True, now - timedelta(hours=5), latency_ms=40.0),
    }
    values.update(changes)
    return Heartbeat(**values)


def store(sessions: SessionFactory, *beats: Heartbeat) -> None:
    with sessions.begin() as session:
        for one in beats:
            write_heartbeat(session, one)


def test_no_heartbeat_yet_is_a_warning(database_url: str) -> None:
    result = status(database_url)
    assert result.exit_code == 1, result.output
    assert "no bot process has reported yet" in result.output
    assert "last digest: none posted yet" in result.output


def test_a_healthy_bot_exits_zero_and_shows_its_numbers(
    database_url: str, sessions: SessionFactory
) -> None:
    now = datetime.now(UTC)
    store(sessions, beat(now, queue_depth=3, errors=1, last_error="IntegrityError: bad row"))
    with sessions.begin() as session:
        session.add(RepoRow(full_name="lumen-dev/lumen", last_sync_at=now - timedelta(minutes=4)))
        day = (now - timedelta(days=1)).date().isoformat()
        session.add(DigestRow(day=day, generated_at=now, items="{}", posted_at=now))
    result = status(database_url, "--json")
    assert result.exit_code == 0, result.output
    data = as_json(result)
    assert data["level"] == "ok"
    [process] = data["processes"]
    assert (process["process"], process["state"], process["events"]) == ("bot-1", "running", 812)
    assert (process["queue_depth"], process["errors"]) == (3, 1)
    assert process["last_error"] == "IntegrityError: bad row"
    assert 41 <= process["lag_seconds"] < 100
    assert data["repos"][0]["repo"] == "lumen-dev/lumen"
    assert data["last_digest"]["day"] == day

    text = status(database_url)
    assert text.exit_code == 0
    for shown in ("status: ok", "bot-1", "running", "812", "lumen-dev/lumen: synced 4 min ago"):
        assert shown in text.output, text.output


def test_events_waiting_with_no_batch_stored_is_a_failure(
    database_url: str, sessions: SessionFactory
) -> None:
    now = datetime.now(UTC)
    stalled = beat(
        now,
        queue_depth=250,
        last_batch_at=now - timedelta(minutes=30),
        waiting_since=now - timedelta(minutes=10),
        last_error="OperationalError: database is locked",
    )
    store(sessions, stalled)
    result = status(database_url, "--json")
    assert result.exit_code == 2, result.output
    [failed] = [c for c in as_json(result)["checks"] if c["level"] == "fail"]
    assert failed["name"] == "ingestion" and "250 more queued" in failed["reason"]


def test_a_process_that_stopped_beating_is_a_failure(
    database_url: str, sessions: SessionFactory
) -> None:
    now = datetime.now(UTC)
    store(sessions, beat(now, beat_at=now - timedelta(minutes=10)))
    result = status(database_url)
    assert result.exit_code == 2, result.output
    assert "gone or hung" in result.output and "dead" in result.output


def test_a_restart_leaves_no_false_alarm_behind(
    database_url: str, sessions: SessionFactory
) -> None:
    now = datetime.now(UTC)
    old = beat(now, process="host:100", started_at=now - timedelta(days=1))
    store(sessions, replace(old, beat_at=now - timedelta(hours=2)), beat(now, process="host:200"))
    result = status(database_url, "--json")
    assert result.exit_code == 0, result.output
    states = {p["process"]: p["state"] for p in as_json(result)["processes"]}
    assert states == {"host:100": "replaced", "host:200": "running"}


def test_a_sync_failing_again_and_again_is_a_warning(
    database_url: str, sessions: SessionFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = datetime.now(UTC)
    error = "lumen-dev/lumen: GitHub answered 401: Bad credentials"
    store(sessions, beat(now, sync=SyncState(3, error, now - timedelta(minutes=1), None)))
    result = status(database_url)
    assert result.exit_code == 1, result.output
    assert "failed 3 times in a row" in result.output
    assert "Bad credentials" in result.output
    monkeypatch.setenv("HEALTH_SYNC_FAILURES", "5")
    assert status(database_url).exit_code == 0


def test_a_late_digest_is_a_warning_when_one_is_scheduled(
    database_url: str, sessions: SessionFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = datetime.now(UTC)
    store(sessions, beat(now, started_at=now - timedelta(days=3)))
    with sessions.begin() as session:
        old = date.today() - timedelta(days=5)
        session.add(DigestRow(day=old.isoformat(), generated_at=now, items="{}", posted_at=now))
    assert status(database_url).exit_code == 0  # no DIGEST_CHANNEL_ID: nothing is due
    monkeypatch.setenv("DIGEST_CHANNEL_ID", "123")
    # Due three hours ago, whatever the time of day the test runs: past the hour's grace.
    monkeypatch.setenv("DIGEST_TIME", f"{now - timedelta(hours=3):%H:%M}")
    result = status(database_url, "--json")
    assert result.exit_code == 1, result.output
    [late] = [c for c in as_json(result)["checks"] if c["name"] == "digest"]
    assert late["level"] == "warn" and "late" in late["reason"]


def test_an_unreachable_database_is_a_failure_in_one_line() -> None:
    result = status("postgresql://nobody@127.0.0.1:1/none", "--json")
    assert result.exit_code == 2, result.output
    [check] = as_json(result)["checks"]
    assert check["name"] == "database" and "the database" in check["reason"]


def test_the_real_entry_point_exits_with_the_level(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--db", database_url, "status"])
    assert exited.value.code == 1
    assert "no bot process has reported yet" in capsys.readouterr().out


def test_help_documents_the_exit_status() -> None:
    result = CliRunner().invoke(cli, ["status", "--help"])
    assert result.exit_code == 0
    assert "0  ok" in result.output and "1  warn" in result.output and "2  fail" in result.output
