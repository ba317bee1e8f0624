"""The heartbeat in the running bot: one warning when ingestion stalls, one note when it
recovers, the heartbeat row, and the HTTP endpoint a supervisor probes.

The database outage is real from the bot's point of view: every new session raises
``OperationalError`` (as a stopped server does) while messages keep arriving over the
gateway of the fake Discord.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, cast

import aiohttp
import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from tests.bot.harness import ALICE, BOB, GENERAL, GUILD, RunningBot
from tests.bot.harness_issues import eventually, no_pings
from tests.conftest import count_rows
from tests.fakes.discord_server import FakeDiscord
from triagebot.bot.health_http import HealthServer
from triagebot.bot.health_task import HealthTask
from triagebot.core.health import Check, Level, Limits, Status
from triagebot.errors import ConfigError
from triagebot.process import process_name
from triagebot.store.engine import SessionFactory
from triagebot.store.heartbeats import read_heartbeats
from triagebot.triage.health import HealthFeatures
from triagebot.triage.issue_sync import IssueSync, SyncReport
from triagebot.triage.services import IssueFeatures

MODS = 150
# Small enough for a test, large enough that a busy machine storing a batch is no stall.
LIMITS = Limits(stall=timedelta(seconds=1.0), sync_failures=3)


class Outage:
    """A session factory whose database can be switched off."""

    def __init__(self, sessions: SessionFactory) -> None:
        self.sessions = sessions
        self.down = False

    def __call__(self) -> Session:
        if self.down:
            raise OperationalError("connect", {}, ConnectionRefusedError("server is down"))
        return self.sessions()


def features(**changes: Any) -> HealthFeatures:
    values: dict[str, Any] = {"beat_seconds": 0.05, "limits": LIMITS, "channel_id": MODS}
    values.update(changes)
    return HealthFeatures(**values)


def task_of(bot: RunningBot) -> HealthTask:
    cog = bot.bot.get_cog("HealthTask")
    assert isinstance(cog, HealthTask)
    return cog


def told(fake: FakeDiscord) -> list[dict[str, Any]]:
    return [m for m in fake.posted_messages if int(m["channel_id"]) == MODS]


async def more_beats(task: HealthTask, count: int) -> None:
    target = task.beats + count
    await eventually(lambda: task.beats >= target, timeout=10)


@pytest.fixture
def mods(fake: FakeDiscord) -> FakeDiscord:
    fake.add_channel(GUILD, MODS, "mod-queue")
    return fake


async def test_a_stall_is_told_once_and_its_recovery_once(
    mods: FakeDiscord, sessions: SessionFactory, engine: Any
) -> None:
    outage = Outage(sessions)
    bot = await RunningBot(mods, cast(SessionFactory, outage), health=features()).start()
    task = task_of(bot)
    await mods.send_message(GENERAL, ALICE, "stored before the outage")
    await bot.settle()
    await more_beats(task, 3)
    assert told(mods) == [] and task.written > 0

    outage.down = True
    for n in range(3):
        await mods.send_message(GENERAL, BOB, f"arrives while the database is down {n}")
    await eventually(lambda: len(told(mods)) == 1, timeout=10)
    await more_beats(task, 10)  # the stall goes on: no message per beat
    assert len(told(mods)) == 1
    assert task.database_error is not None  # the heartbeat could not be written either

    outage.down = False
    await eventually(lambda: len(told(mods)) == 2, timeout=15)
    await more_beats(task, 5)
    await bot.stop()

    warning, recovered = told(mods)
    for message in (warning, recovered):
        no_pings(message)
    assert "health: fail" in warning["content"] and "**ingestion**: stalled" in warning["content"]
    assert "server is down" in warning["content"]  # the error behind it
    assert "recovered" in recovered["content"] and "**ingestion**" in recovered["content"]
    assert count_rows(engine, "messages") == 4

    with sessions() as session:
        [beat] = read_heartbeats(session)
    assert beat.process == process_name() and beat.stopped_at is not None
    assert beat.events == bot.pipeline.stats.events and beat.events >= 4
    assert beat.queue_depth == 0 and beat.waiting_since is None
    assert beat.gateway is not None and beat.gateway.connected


class FailingSync:
    """An issue sync whose GitHub keeps answering 502 until ``fixed``."""

    def __init__(self) -> None:
        self.fixed = False

    def sync_all(self) -> list[SyncReport]:
        error = None if self.fixed else "GitHub answered 502: Bad Gateway"
        return [SyncReport(repo="lumen-dev/lumen", error=error)]


async def test_a_sync_failing_again_and_again_is_told_once(
    mods: FakeDiscord, sessions: SessionFactory
) -> None:
    sync = FailingSync()
    issue_features = IssueFeatures(sync=cast(IssueSync, sync), sync_minutes=0.001)
    bot = RunningBot(mods, sessions, features=issue_features, health=features())
    await bot.start()
    await eventually(lambda: len(told(mods)) == 1, timeout=10)
    await more_beats(task_of(bot), 5)
    assert len(told(mods)) == 1
    sync.fixed = True
    await eventually(lambda: len(told(mods)) == 2, timeout=10)
    await bot.stop()
    warning, recovered = (m["content"] for m in told(mods))
    assert "health: warn" in warning and "failed" in warning and "in a row" in warning
    assert "502: Bad Gateway" in warning
    assert "**sync** is fine again" in recovered


async def test_healthz_answers_200_then_503_while_stalled(
    mods: FakeDiscord, sessions: SessionFactory
) -> None:
    outage = Outage(sessions)
    health = features(channel_id=None, http_port=0)
    bot = await RunningBot(mods, cast(SessionFactory, outage), health=health).start()
    server = task_of(bot).http
    assert server is not None and server.port > 0
    base = f"http://127.0.0.1:{server.port}"
    async with aiohttp.ClientSession() as client:
        async with client.get(f"{base}/readyz") as answer:
            assert answer.status == 200 and (await answer.json())["ready"] is True
        async with client.get(f"{base}/healthz") as answer:
            assert answer.status == 200
            assert (await answer.json())["level"] == "ok"

        outage.down = True
        await mods.send_message(GENERAL, ALICE, "nowhere to go")

        async def healthz() -> tuple[int, dict[str, Any]]:
            async with client.get(f"{base}/healthz") as answer:
                return answer.status, await answer.json()

        for _ in range(300):
            code, body = await healthz()
            if code == 503:
                break
            await more_beats(task_of(bot), 1)
        assert code == 503 and body["level"] == "fail"
        assert [c["name"] for c in body["checks"] if c["level"] == "fail"] == ["ingestion"]
        assert "server is down" not in str(body) and mods.token not in str(body)

        outage.down = False
        await bot.settle()
        code, body = await healthz()
        assert code == 200 and body["level"] == "ok"
    await bot.stop()


def status_of(level: Level) -> Status:
    check = Check("ingestion", level, "as told")
    return Status(datetime.now(UTC), (check,), (), (), None, None)


async def test_the_endpoint_on_its_own_and_a_port_in_use() -> None:
    ready = False
    level = Level.WARN
    server = HealthServer(lambda: status_of(level), lambda: ready)
    await server.start("127.0.0.1", 0)
    base = f"http://127.0.0.1:{server.port}"
    try:
        async with aiohttp.ClientSession() as client:
            async with client.get(f"{base}/readyz") as answer:
                assert answer.status == 503
            ready = True
            async with client.get(f"{base}/readyz") as answer:
                assert answer.status == 200
            async with client.get(f"{base}/healthz") as answer:
                assert answer.status == 200  # a warning is not a reason to restart
            level = Level.FAIL
            async with client.get(f"{base}/healthz") as answer:
                assert answer.status == 503
        second = HealthServer(lambda: status_of(Level.OK), lambda: True)
        with pytest.raises(ConfigError, match=r"HEALTH_HTTP_PORT: cannot listen on 127\.0\.0\.1"):
            await second.start("127.0.0.1", server.port)
    finally:
        await server.stop()
