"""Heartbeat rows on both backends: one row per process, replaced each beat, read back whole."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import update

from triagebot.core.health import GatewayState, Heartbeat, SyncState, WebhookState
from triagebot.store.engine import SessionFactory
from triagebot.store.health import last_posted_digest, observe, repo_syncs
from triagebot.store.heartbeats import prune_heartbeats, read_heartbeats, write_heartbeat
from triagebot.store.models import DigestRow, HeartbeatRow, RepoRow

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)

FULL = Heartbeat(
    process="bot-1",
    started_at=NOW - timedelta(hours=2),
    beat_at=NOW,
    beat_seconds=15.0,
    shards="0,1 of 4",
    last_event_at=NOW - timedelta(seconds=3),
    last_batch_at=NOW - timedelta(seconds=2),
    events=1234,
    queue_depth=5,
    errors=1,
    last_error="IntegrityError: rejected",
    waiting_since=NOW - timedelta(seconds=1),
    gateway=GatewayState(True, NOW - timedelta(hours=2), latency_ms=41.5),
    sync=SyncState(2, "lumen/lumen: GitHub answered 502", NOW, NOW - timedelta(minutes=30)),
    webhook=WebhookState(12, 1, NOW - timedelta(minutes=4), "missing or wrong X-Hub-Signature-256"),
)


def write(sessions: SessionFactory, beat: Heartbeat) -> None:
    with sessions.begin() as session:
        write_heartbeat(session, beat)


def read(sessions: SessionFactory) -> list[Heartbeat]:
    with sessions() as session:
        return read_heartbeats(session)


def test_a_heartbeat_reads_back_as_written(sessions: SessionFactory) -> None:
    write(sessions, FULL)
    assert read(sessions) == [FULL]


def test_each_beat_replaces_the_row_of_its_process(sessions: SessionFactory) -> None:
    write(sessions, FULL)
    later = replace(
        FULL,
        beat_at=NOW + timedelta(seconds=15),
        events=1300,
        queue_depth=0,
        last_error=None,
        waiting_since=None,
        gateway=None,
        sync=None,
        stopped_at=NOW + timedelta(seconds=15),
    )
    write(sessions, later)
    write(sessions, replace(FULL, process="bot-2", shards="2,3 of 4"))
    beats = {b.process: b for b in read(sessions)}
    assert beats["bot-1"] == later
    assert beats["bot-2"].shards == "2,3 of 4" and len(beats) == 2


def test_old_rows_are_pruned_and_fresh_ones_kept(sessions: SessionFactory) -> None:
    write(sessions, replace(FULL, process="gone", beat_at=NOW - timedelta(days=8)))
    write(sessions, FULL)
    with sessions.begin() as session:
        assert prune_heartbeats(session, NOW - timedelta(days=7)) == 1
    assert [b.process for b in read(sessions)] == ["bot-1"]


def test_a_row_with_an_unreadable_detail_still_reads(sessions: SessionFactory) -> None:
    write(sessions, FULL)
    with sessions.begin() as session:
        session.execute(update(HeartbeatRow).values(detail="not json"))
    [beat] = read(sessions)
    assert beat.events == 1234 and beat.beat_seconds == 30.0  # the default interval
    assert beat.gateway is None and beat.sync is None and beat.waiting_since is None


def test_observe_reads_syncs_and_the_last_posted_digest(sessions: SessionFactory) -> None:
    with sessions.begin() as session:
        session.add(RepoRow(full_name="lumen/lumen", last_sync_at=NOW, last_error=None))
        session.add(RepoRow(full_name="lumen/docs", last_sync_at=NOW, last_error="GitHub 502"))
        for day, posted in (("2026-11-18", NOW - timedelta(days=1)), ("2026-11-19", None)):
            session.add(DigestRow(day=day, generated_at=NOW, items="{}", posted_at=posted))
    write(sessions, FULL)
    with sessions() as session:
        assert [r.repo for r in repo_syncs(session)] == ["lumen/docs", "lumen/lumen"]
        posted = last_posted_digest(session)
        seen = observe(session, NOW, None)
    assert posted is not None and posted.day == date(2026, 11, 18)  # 19th not posted
    assert seen.heartbeats == [FULL] and seen.last_digest == posted
    assert seen.repos[0].last_error == "GitHub 502"


def test_nothing_stored_reads_as_nothing(sessions: SessionFactory) -> None:
    with sessions() as session:
        seen = observe(session, NOW, None)
    assert (list(seen.heartbeats), list(seen.repos), seen.last_digest) == ([], [], None)
