"""Shards: a process connects only the shards it is given, stores and catches up only
their guilds, and catches a shard up when it alone comes back with a new session."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.bot.harness import ALICE, BOB, GENERAL, GUILD, RunningBot
from tests.fakes.discord_server import FakeDiscord
from triagebot.store.engine import SessionFactory
from triagebot.store.models import MessageRow

OTHER_GUILD = (200_000_000_001 << 22) + 7  # shard 1 of 2; GUILD is shard 0
OTHER_GENERAL = OTHER_GUILD + 1


def add_other_guild(fake: FakeDiscord) -> None:
    assert (GUILD >> 22) % 2 == 0 and (OTHER_GUILD >> 22) % 2 == 1
    fake.add_guild(OTHER_GUILD, "Lumen Plugins", shard_count=2)
    fake.add_channel(OTHER_GUILD, OTHER_GENERAL, "general")
    fake.add_member(OTHER_GUILD, BOB, "bob")


def stored_in(sessions: SessionFactory) -> dict[int, int]:
    """Stored messages per guild."""
    with sessions() as session:
        guilds = session.scalars(select(MessageRow.guild_id)).all()
    return {guild: guilds.count(guild) for guild in set(guilds)}


def command_registrations(fake: FakeDiscord) -> int:
    return sum(1 for r in fake.requests if r.method == "PUT" and r.path.endswith("/commands"))


async def test_a_process_runs_only_its_own_shards(
    fake: FakeDiscord, sessions: SessionFactory
) -> None:
    add_other_guild(fake)
    await fake.send_message(GENERAL, ALICE, "while down, in shard 0's guild")
    await fake.send_message(OTHER_GENERAL, BOB, "while down, in shard 1's guild")
    bot = await RunningBot(fake, sessions, shard_count=2, shard_ids=(1,)).start()
    try:
        assert [g.id for g in bot.bot.guilds] == [OTHER_GUILD]
        await fake.send_message(GENERAL, ALICE, "live, for the process running shard 0")
        await fake.send_message(OTHER_GENERAL, BOB, "live, for this process")
        await bot.settle()
    finally:
        await bot.stop()

    assert [p["shard"] for p in fake.identify_payloads] == [[1, 2]]
    assert stored_in(sessions) == {OTHER_GUILD: 2}
    read = {
        int(m.group(1))
        for r in fake.requests
        if r.method == "GET" and (m := re.fullmatch(r"/channels/(\d+)/messages", r.path))
    }
    assert read == {OTHER_GENERAL}  # the catch-up read this process's guild only
    assert command_registrations(fake) == 0  # the process running shard 0 does that


async def test_a_shard_coming_back_alone_is_caught_up(
    fake: FakeDiscord, sessions: SessionFactory
) -> None:
    """Two shards in one process: discord.py repeats ``on_ready`` only when every
    shard has re-identified, so one shard's new session must start a catch-up itself."""
    add_other_guild(fake)
    bot = await RunningBot(fake, sessions, shard_count=2).start()
    try:
        assert {g.id: g.shard_id for g in bot.bot.guilds} == {GUILD: 0, OTHER_GUILD: 1}
        assert command_registrations(fake) == 1
        await fake.invalidate_sessions(shard_id=1)
        # Sent while shard 1 has no session (or just after it has a new one).
        await fake.send_message(OTHER_GENERAL, BOB, "during the gap")
        await bot.wait_for_catchups(2)
        await bot.settle()
    finally:
        await bot.stop()
    assert sorted(p["shard"] for p in fake.identify_payloads) == [[0, 2], [1, 2], [1, 2]]
    assert stored_in(sessions) == {OTHER_GUILD: 1}
