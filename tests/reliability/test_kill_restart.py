"""``kill -9`` in the middle of a stream, then a restart: nothing lost, nothing twice.

A real ``triagebot run`` process (spam scoring on, a hint channel, the real model)
against the fake Discord. Messages keep arriving — ordinary chat, a spam wave, reports
of known issues — while the process is killed with SIGKILL; those sent while it is
down land in the channels' history. A second process catches up. Every message must
be stored exactly once, and the moderators' channel and the hint channel must have
received each flag and each hint at most once (the expected ones exactly once).

The issues are synced and embedded beforehand into the database both processes use,
so the processes need no GitHub.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import signal
import sqlite3
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.bot.harness import ALICE, BOB, CAROL, GENERAL, GUILD, HELP, SECRET
from tests.bot.harness import NITRO_WAVE as WAVE
from tests.bot.harness_issues import PDF, RELOAD, Issues, eventually
from tests.bot.process import BotProcess
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.github_server import FakeGitHub
from triagebot.embeddings.model import SentenceEmbedder
from triagebot.store import migrate
from triagebot.store.engine import make_engine, session_factory

MODS = 150
SPAMMERS = [800_000_000_000_000_060 + n for n in range(3)]
RELOAD_REPORT = "the hot reload server crashes with EADDRINUSE on Windows"
RELOAD_AGAIN = "the dev server crashes on reload with EADDRINUSE"
PDF_REPORT = "my exported pdf has no pictures in it"
# Ordinary chat: each line a different draw of words, so no two read as copies (a
# repeated line across channels would rightly look like a spam wave).
TALK = (
    "the meeting moved to thursday because half of the team is travelling and the new "
    "release notes still need a careful pass over the migration section before anyone "
    "tags it while the documentation site builds slowly on the old runner so someone "
    "should look at caching the theme assets and maybe the search index too after lunch "
    "we could pair on the flaky integration test that keeps timing out on windows"
)
WORDS = TALK.split(" ")


def chat_line(n: int) -> str:
    draw = random.Random(n)
    return " ".join(draw.sample(WORDS, 9))


def environment(fake: FakeDiscord, database: Path) -> dict[str, str]:
    prefixes = ("DISCORD_", "GITHUB_", "SPAM_", "MATCH_", "DIGEST_", "LLM_", "EMBED_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    env.update(
        {
            "DISCORD_TOKEN": fake.token,
            "DISCORD_API_BASE": fake.api_base,
            "DISCORD_GATEWAY_URL": fake.gateway_url,
            "DATABASE_URL": f"sqlite:///{database}",
            "EMBED_BACKEND": "fp32",
            "EMBED_THREADS": "1",  # two shared cores: one thread is faster than two
            "SPAM_MOD_CHANNEL_ID": str(MODS),
            "MATCH_HINT_CHANNEL_IDS": str(HELP),
            "HF_HUB_OFFLINE": "1",
        }
    )
    return env


def stored(database: Path) -> dict[int, str]:
    try:
        with sqlite3.connect(database) as db:
            return dict(db.execute("SELECT id, content FROM messages").fetchall())
    except sqlite3.OperationalError:
        return {}  # locked for a moment by the bot's migration


@pytest.fixture
def world(fake: FakeDiscord) -> FakeDiscord:
    fake.add_channel(GUILD, MODS, "mod-queue")
    joined = datetime.now(UTC) - timedelta(hours=1)
    for n, spammer in enumerate(SPAMMERS):
        fake.add_member(GUILD, spammer, f"spammer{n}", joined_at=joined)
    return fake


@pytest.fixture
async def database(tmp_path: Path, github: FakeGitHub, embedder: SentenceEmbedder) -> Path:
    """A migrated SQLite file holding the fake GitHub's issues, embedded."""
    path = tmp_path / "bot.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    await Issues(github, session_factory(engine), embedder).load()
    engine.dispose()
    return path


@pytest.fixture
async def bots(world: FakeDiscord, database: Path) -> AsyncIterator[list[BotProcess]]:
    """The processes started by a test; none outlives it."""
    started: list[BotProcess] = []
    yield started
    for bot in started:
        await bot.ensure_dead()


class Stream:
    """Sends messages and remembers what was sent, by id."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.sent: dict[int, str] = {}

    async def say(self, channel: int, author: int, text: str) -> None:
        posted = await self.fake.send_message(channel, author, text)
        self.sent[int(posted["id"])] = text

    async def chat(self, start: int, count: int, gap: float = 0.0) -> None:
        for n in range(start, start + count):
            where, who = [(GENERAL, ALICE), (HELP, BOB), (SECRET, CAROL)][n % 3]
            await self.say(where, who, chat_line(n))
            await asyncio.sleep(gap)


def posts_in(fake: FakeDiscord, channel: int) -> list[dict[str, Any]]:
    return [m for m in fake.posted_messages if int(m["channel_id"]) == channel]


def flag_incidents(fake: FakeDiscord) -> Counter[str]:
    """How many times a flag was *posted* for each incident (edits are not posts)."""
    return Counter(m["embeds"][0]["footer"]["text"] for m in posts_in(fake, MODS))


def hinted_issues(fake: FakeDiscord) -> Counter[int]:
    """How many hints were posted in the hint channel about each issue number."""
    found = (re.match(r"This looks like #(\d+)", m["content"]) for m in posts_in(fake, HELP))
    return Counter(int(m.group(1)) for m in found if m)


def wave_incident(database: Path, stream: Stream) -> int:
    """The one incident holding every copy of the wave."""
    wave = {i for i, text in stream.sent.items() if text in WAVE}
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT message_id, incident_id FROM spam_copies").fetchall()
    incidents = {incident for message, incident in rows if message in wave}
    assert {message for message, _ in rows} >= wave and len(incidents) == 1, rows
    return int(incidents.pop())


async def until_stored(database: Path, sent: dict[int, str], timeout: float) -> None:  # noqa: ASYNC109
    await eventually(lambda: set(sent) <= set(stored(database)), timeout=timeout)


async def test_kill_9_mid_stream_then_restart_loses_and_repeats_nothing(
    world: FakeDiscord, database: Path, bots: list[BotProcess]
) -> None:
    env = environment(world, database)
    stream = Stream(world)
    await stream.say(GENERAL, ALICE, "sent before the bot ever started")
    first = await BotProcess(database.parent / "first.log").start(env, database.parent)
    bots.append(first)
    await world.wait_until_connected(timeout=120)
    await until_stored(database, stream.sent, timeout=60)  # its catch-up is done

    await stream.say(HELP, ALICE, RELOAD_REPORT)
    for n in range(3):
        await stream.say([GENERAL, HELP, SECRET][n], SPAMMERS[n], WAVE[n])
    await stream.chat(0, 9)
    await eventually(lambda: bool(hinted_issues(world)) and bool(flag_incidents(world)), 60)

    async def keep_talking() -> None:
        await stream.chat(100, 10, gap=0.02)
        await stream.say(GENERAL, SPAMMERS[1], WAVE[3])
        await stream.say(HELP, BOB, PDF_REPORT)
        await stream.chat(200, 20, gap=0.02)
        await stream.say(SECRET, SPAMMERS[2], WAVE[4])
        await stream.chat(300, 20, gap=0.05)

    talking = asyncio.create_task(keep_talking())
    await eventually(lambda: len(stream.sent) >= 30, timeout=30)
    assert not talking.done()
    # mid-stream: some of these are queued, some not yet received
    assert await first.stop(signal.SIGKILL) == -signal.SIGKILL

    second = await BotProcess(database.parent / "second.log").start(env, database.parent)
    bots.append(second)
    await eventually(lambda: world.identify_count >= 2, timeout=120)
    await talking
    await stream.chat(400, 15, gap=0.02)  # live, while the second one catches up
    await stream.say(HELP, CAROL, RELOAD_AGAIN)  # already hinted here: no second hint
    await until_stored(database, stream.sent, timeout=90)
    await eventually(lambda: PDF in hinted_issues(world), timeout=90)  # a busy machine is slow
    await asyncio.sleep(2)  # room for a duplicate post, were one coming
    assert await second.stop() == 0, second.text()[-3000:]

    kept = stored(database)
    assert kept == stream.sent  # every message, once (ids are the key), as sent
    assert hinted_issues(world) == {RELOAD: 1, PDF: 1}
    assert flag_incidents(world) == {f"incident {wave_incident(database, stream)}": 1}
    log = first.text() + second.text()
    assert "Traceback" not in log, log[-3000:]
