"""Two real ``triagebot run`` processes, one PostgreSQL database, one fake Discord.

Each process runs one of two shards; the two guilds hash to different shards, so
each process sees exactly one of them. Every message is stored once, only the process
running shard 0 registers the slash commands, the scheduled issue sync runs in one
process at a time (it holds the ``sync`` lease), and when that process is killed the
other takes the sync over once the lease expires.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from tests.bot.harness import ALICE, BOB, GENERAL, GUILD
from tests.bot.harness_issues import REPO
from tests.bot.process import BotProcess
from tests.conftest import _postgres_url, count_rows
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.github_server import FakeGitHub
from triagebot.store import leases
from triagebot.store.engine import make_engine, session_factory

OTHER_GUILD = (200_000_000_001 << 22) + 7  # (id >> 22) % 2 == 1; GUILD is shard 0
OTHER_GENERAL = OTHER_GUILD + 1
SHARDS = 2
LEASE_SECONDS = 4  # short, for a quick takeover; long enough for a loaded machine
SYNC_DONE = re.compile(r"issue sync \d+ done")
PATIENCE = 60  # per step: two interpreters start the bot on two shared cores


def shard_of(guild_id: int) -> int:
    return (guild_id >> 22) % SHARDS


def environment(fake: FakeDiscord, github: FakeGitHub, database: str, shard: int) -> dict[str, str]:
    keep = ("DISCORD_", "GITHUB_", "DATABASE_", "DIGEST_", "TRIAGEBOT_", "HEALTH_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(keep)}
    env.update(
        {
            "DISCORD_TOKEN": fake.token,
            "DISCORD_API_BASE": fake.api_base,
            "DISCORD_GATEWAY_URL": fake.gateway_url,
            "DISCORD_SHARD_COUNT": str(SHARDS),
            "DISCORD_SHARD_IDS": str(shard),
            "DATABASE_URL": database,
            "DATABASE_LEASE_SECONDS": str(LEASE_SECONDS),
            "GITHUB_TOKEN": github.token,
            "GITHUB_REPOS": REPO,
            "GITHUB_API_URL": github.base_url,
            "GITHUB_SYNC_MINUTES": "0.01",  # every 0.6 s
            "TRIAGEBOT_PROCESS_NAME": f"bot-{shard}",
            "EMBED_ENABLED": "false",
            "HF_HUB_OFFLINE": "1",
            "COLUMNS": "400",  # one log record per line
        }
    )
    return env


class ShardProcess(BotProcess):
    """``triagebot -v run`` for one shard."""

    def __init__(self, shard: int, log: Path) -> None:
        super().__init__(log, "-v")
        self.shard = shard
        self.name = f"bot-{shard}"

    def syncs(self) -> int:
        return len(SYNC_DONE.findall(self.text()))


@asynccontextmanager
async def two_processes(
    fake: FakeDiscord, github: FakeGitHub, database: str, tmp_path: Path
) -> AsyncIterator[list[ShardProcess]]:
    bots = [ShardProcess(shard, tmp_path / f"bot-{shard}.log") for shard in range(SHARDS)]
    try:
        for bot in bots:
            await bot.start(environment(fake, github, database, bot.shard), tmp_path)
        yield bots
    finally:
        for bot in bots:
            await bot.ensure_dead()


def holder(engine: Engine, name: str) -> str | None:
    with session_factory(engine)() as session:
        return leases.holder_of(session, name)


async def waiting(what: str, condition: Callable[[], bool], bots: list[ShardProcess]) -> None:
    """Until ``condition()`` holds; polled gently (two processes share two cores).
    On a time-out, both logs are in the failure message."""
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > deadline:
            logs = "\n".join(f"--- {b.name} ---\n{b.text()[-3000:]}" for b in bots)
            raise AssertionError(f"timed out waiting for {what}\n{logs}")
        await asyncio.sleep(0.2)


@pytest.mark.timeout(300)
async def test_two_processes_share_the_shards_and_take_turns_at_the_sync(
    fake: FakeDiscord, github: FakeGitHub, postgres_server: Any, tmp_path: Path
) -> None:
    assert shard_of(GUILD) == 0 and shard_of(OTHER_GUILD) == 1
    fake.add_guild(OTHER_GUILD, "Lumen Plugins", shard_count=SHARDS)
    fake.add_channel(OTHER_GUILD, OTHER_GENERAL, "general")
    fake.add_member(OTHER_GUILD, BOB, "bob")
    name = f"multi_{os.getpid()}"
    postgres_server.psql(f"CREATE DATABASE {name};")  # empty: both processes migrate it
    database = _postgres_url(postgres_server, name)
    engine = make_engine(database)
    # Written while no bot was running: each process's catch-up reads its own guild.
    await fake.send_message(GENERAL, ALICE, "before the start, in the first guild")
    await fake.send_message(OTHER_GENERAL, BOB, "before the start, in the second guild")
    try:
        async with two_processes(fake, github, database, tmp_path) as bots:
            await waiting("both shards", lambda: fake.connected_sessions == SHARDS, bots)
            for n in range(5):
                await fake.send_message(GENERAL, ALICE, f"live {n} in the first guild")
                await fake.send_message(OTHER_GENERAL, BOB, f"live {n} in the second guild")
            await waiting("12 stored messages", lambda: stored(engine) == 12, bots)

            # The sync runs in the lease holder only, round after round.
            await waiting("3 syncs", lambda: sum(b.syncs() for b in bots) >= 3, bots)
            first = next(b for b in bots if b.syncs())
            second = next(b for b in bots if b is not first)
            assert holder(engine, "sync") == first.name
            await waiting("6 syncs", lambda: first.syncs() >= 6, bots)
            assert second.syncs() == 0, second.text()

            # Killed (no clean stop, the lease is not released): the other takes over
            # once it expires.
            await first.stop(signal.SIGKILL)
            await waiting("the takeover", lambda: second.syncs() >= 3, bots)
            assert holder(engine, "sync") == second.name
            assert await second.stop() == 0, second.text()
            assert "Traceback" not in second.text(), second.text()
            # A clean stop hands the job back at once.
            assert holder(engine, "sync") is None

        # Every message of both guilds, each once (the id is the primary key).
        sent = {int(m["id"]) for c in (GENERAL, OTHER_GENERAL) for m in fake.history(c)}
        assert len(sent) == stored(engine) == 12
        assert stored_ids(engine) == sent
    finally:
        engine.dispose()

    # Each process identified only its own shard and saw only its own guild.
    shards = sorted(tuple(p["shard"]) for p in fake.identify_payloads)
    assert shards == [(0, SHARDS), (1, SHARDS)]
    for bot in bots:
        assert re.search(r"connected as \S+ to 1 server\(s\)", bot.text()), bot.text()
    # One process (shard 0's) registered the slash commands.
    registrations = [r for r in fake.requests if r.method == "PUT" and "commands" in r.path]
    assert len(registrations) == 1
    # Every sync is one request for this idle repository: GitHub saw the logged runs
    # (plus, at most, the one the kill interrupted before it was logged).
    runs = sum(b.syncs() for b in bots)
    requests = len(github.requests_to(rf"/repos/{REPO}/issues$"))
    assert runs <= requests <= runs + 1


def stored(engine: Engine) -> int:
    try:
        return count_rows(engine, "messages")
    except DBAPIError:  # not migrated yet
        return 0


def stored_ids(engine: Engine) -> set[int]:
    with engine.connect() as conn:
        return {int(row[0]) for row in conn.execute(text("SELECT id FROM messages"))}
