"""The database goes away while messages stream in over the gateway: nothing is lost.

SQLite: another process holds an exclusive lock for a couple of seconds, longer than
the writer will wait. PostgreSQL: the database refuses new connections and every
open one is terminated, then it comes back. Either way the pipeline retries the
same batch with back-off, holds at most ``queue_max`` events in its queue while
live events wait behind it (nothing is dropped), and every message is stored once.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, event, select
from sqlalchemy.engine import make_url

from tests.bot.harness import ALICE, BOB, GENERAL, HELP, RunningBot
from tests.bot.harness_issues import eventually
from tests.fakes.discord_server import FakeDiscord
from triagebot.bot.intake import Intake
from triagebot.config import PipelineSettings
from triagebot.store.engine import SessionFactory, make_engine
from triagebot.store.models import MessageRow

QUEUE_MAX = 100  # the smallest the settings allow
BATCH = 20
DURING = 300  # messages sent while the database is away: well past QUEUE_MAX
OUTAGE = 2.0  # seconds, at least


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """The bot's engine; on SQLite it waits 0.1 s for a lock instead of 30 s, so a
    lock held for seconds is an outage rather than a pause."""
    engine = make_engine(database_url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _impatient)
    yield engine
    engine.dispose()


def _impatient(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.execute("PRAGMA busy_timeout=100")


@pytest.fixture
async def running(fake: FakeDiscord, sessions: SessionFactory) -> AsyncIterator[RunningBot]:
    settings = PipelineSettings(flush_ms=5, batch_size=BATCH, queue_max=QUEUE_MAX)
    bot = await RunningBot(fake, sessions, pipeline=settings).start()
    try:
        yield bot
    finally:
        await bot.stop()


def stored_ids(sessions: SessionFactory) -> list[int]:
    with sessions() as session:
        return sorted(session.scalars(select(MessageRow.id)))


class Held:
    """What the bot holds while the database is away, sampled as messages arrive."""

    def __init__(self, bot: RunningBot) -> None:
        self.bot = bot
        self.queue_peak = 0
        self.waiting_peak = 0  # seen by the intake, neither queued, in a batch nor stored

    def sample(self) -> None:
        pipeline = self.bot.pipeline
        intake = self.bot.bot.get_cog("Intake")
        assert isinstance(intake, Intake)
        self.queue_peak = max(self.queue_peak, pipeline.queue_depth)
        outside = intake.events_seen - pipeline.queue_depth - pipeline.stats.events - BATCH
        self.waiting_peak = max(self.waiting_peak, outside)


async def stream(fake: FakeDiscord, held: Held, count: int, label: str) -> list[int]:
    sent = []
    for n in range(count):
        where, who = (GENERAL, ALICE) if n % 2 else (HELP, BOB)
        sent.append(int((await fake.send_message(where, who, f"{label} {n}"))["id"]))
        held.sample()
    return sent


async def outage_and_back(
    fake: FakeDiscord, bot: RunningBot, away: Any, back: Any
) -> tuple[list[int], Held]:
    """Messages before, during and after the outage; the outage starts with ``away``
    and ends with ``back`` (both run in a thread: they block)."""
    held = Held(bot)
    sent = await stream(fake, held, 10, "before")
    await bot.settle()
    await asyncio.to_thread(away)
    since = time.monotonic()
    sent += await stream(fake, held, DURING, "during")
    await eventually(lambda: bot.pipeline.stats.retries >= 2, timeout=30)
    await asyncio.sleep(max(OUTAGE - (time.monotonic() - since), 0))
    held.sample()
    await asyncio.to_thread(back)
    sent += await stream(fake, held, 10, "after")
    await asyncio.wait_for(bot.pipeline.drain(), 60)
    return sent, held


def assert_nothing_lost(sent: list[int], held: Held, sessions: SessionFactory) -> None:
    assert stored_ids(sessions) == sorted(sent)  # each once: ids are the primary key
    stats = held.bot.pipeline.stats
    assert stats.retries >= 2 and stats.failed == 0
    assert held.queue_peak <= QUEUE_MAX  # the queue is bounded ...
    assert held.waiting_peak > 0  # ... and live events wait behind it, not dropped


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_locked_sqlite_database_is_waited_out(
    running: RunningBot, fake: FakeDiscord, sessions: SessionFactory, database_url: str
) -> None:
    path = make_url(database_url).database
    assert path is not None
    locker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)

    def lock() -> None:
        locker.execute("BEGIN EXCLUSIVE")

    def unlock() -> None:
        locker.execute("ROLLBACK")

    try:
        sent, held = await outage_and_back(fake, running, lock, unlock)
    finally:
        locker.close()
    assert "locked" in (running.pipeline.stats.last_error or "")
    assert_nothing_lost(sent, held, sessions)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_a_postgresql_database_that_refuses_connections_is_waited_out(
    running: RunningBot,
    fake: FakeDiscord,
    sessions: SessionFactory,
    database_url: str,
    postgres_server: Any,
) -> None:
    name = make_url(database_url).database

    def refuse() -> None:
        postgres_server.psql(
            f"ALTER DATABASE {name} ALLOW_CONNECTIONS false; "
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{name}' AND pid <> pg_backend_pid();"
        )

    def allow() -> None:
        postgres_server.psql(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true;")

    sent, held = await outage_and_back(fake, running, refuse, allow)
    assert_nothing_lost(sent, held, sessions)
    assert "not currently accepting connections" in (running.pipeline.stats.last_error or "")
