"""Spam flags a process stored the incident for and died before finishing.

The incident is stored with the batch; the flag is posted after it. "Killed after
the commit" is played by a first run whose moderation desk never hears of its
batches (or posts and never records the flag). The next run, once connected, posts
the flag once, or records the one it finds in the moderator channel and keeps
editing it as copies arrive. Every test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from tests.bot.harness import GENERAL, HELP, SECRET, RunningBot
from tests.bot.harness import NITRO_WAVE as WAVE
from tests.bot.harness_issues import eventually
from tests.bot.harness_spam import MODS, SPAMMERS, flags, spam_world, start
from tests.fakes.discord_server import FakeDiscord
from triagebot.embeddings.model import SentenceEmbedder
from triagebot.store.engine import SessionFactory
from triagebot.store.models import SpamIncidentRow


@pytest.fixture
def world(fake: FakeDiscord) -> FakeDiscord:
    return spam_world(fake)


def flag_edits(world: FakeDiscord, flag: dict[str, object]) -> list[object]:
    path = f"/channels/{MODS}/messages/{flag['message_id']}"
    return [r for r in world.requests if r.method == "PATCH" and r.path.endswith(path)]


def recorded(sessions: SessionFactory) -> list[int | None]:
    """Each incident's recorded flag message."""
    with sessions() as session:
        return list(session.scalars(select(SpamIncidentRow.flag_message_id)))


async def first_run(
    world: FakeDiscord,
    sessions: SessionFactory,
    embedder: SentenceEmbedder,
    dies: Callable[[RunningBot], None],
) -> None:
    """A run that stores a wave's incident, then ``dies`` before finishing its flag."""
    async with start(world, sessions, embedder) as bot:
        dies(bot)
        for n, channel in enumerate((GENERAL, HELP, SECRET)):
            await world.send_message(channel, SPAMMERS[n], WAVE[n])
        await bot.settle()


def before_posting(bot: RunningBot) -> None:
    bot.pipeline.listeners.remove(bot.bot.moderation.on_batch)


def before_recording(bot: RunningBot) -> None:
    bot.bot.moderation.moderation.remember_flag = lambda *_: None  # type: ignore[method-assign]


async def test_an_incident_stored_before_a_crash_is_flagged_by_the_next_run(
    world: FakeDiscord, sessions: SessionFactory, embedder: SentenceEmbedder
) -> None:
    await first_run(world, sessions, embedder, before_posting)
    assert flags(world) == [] and recorded(sessions) == [None]

    async with start(world, sessions, embedder):
        await eventually(lambda: recorded(sessions) != [None], timeout=10)
    [flag] = flags(world)
    assert recorded(sessions) == [int(flag["message_id"])]
    assert "incident" in flag["embeds"][0]["footer"]["text"]


async def test_a_flag_posted_but_not_recorded_is_recorded_and_edited_not_posted_again(
    world: FakeDiscord, sessions: SessionFactory, embedder: SentenceEmbedder
) -> None:
    await first_run(world, sessions, embedder, before_recording)
    [flag] = flags(world)
    assert recorded(sessions) == [None]

    async with start(world, sessions, embedder) as second:
        await eventually(lambda: recorded(sessions) == [int(flag["message_id"])], timeout=10)
        await world.send_message(GENERAL, SPAMMERS[0], WAVE[3])  # the wave goes on
        await second.settle()
        await eventually(lambda: bool(flag_edits(world, flag)), timeout=10)
    assert flags(world) == [flag]  # edited in place, never posted twice
