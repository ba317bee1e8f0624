"""10,000 hostile messages through the fake gateway into a bot that flags, hints and
digests: nothing crashes, every message is stored as sent, and nothing the bot says
— flags, hints, digests, replies, edits, followups — can ping anyone.

The messages come from the seeded generator in ``hostile.py``; the members who
press buttons have hostile display names; the language model answers the digest
with pings, masked links and code fences. What the bot said is read back from the
fake Discord's record of every request (``speech.audit``), so a posting path added
later is audited without touching this test.

Where the time goes: most of the stream is reposts of a few hundred originals with
invisible changes (a raid is mostly copies), so the encoder sees a few hundred texts;
two thirds of it goes to #general, exempt from spam scoring like a #bot-commands
would be, because nearly every hostile message is flagged and each flag costs a few
SQL statements — the 3,000-odd scored messages exercise flags amply. The whole bot
runs on SQLite; PostgreSQL gets the same stream for storage only (what differs
between the backends is how text is stored).
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from tests.bot.harness import (
    ALICE,
    BOB,
    CAROL,
    FORUM,
    GENERAL,
    GUILD,
    HELP,
    RunningBot,
    build_world,
    discord_globals_restored,
)
from tests.bot.harness_full import DIGESTS, MAINTAINERS, MODERATORS, MODS, add_desks, full_bot
from tests.bot.harness_issues import (
    HOSTILE,
    TRIAGE_ROLE,
    Issues,
    button,
    context_menu,
    eventually,
    interact,
    option,
    slash,
)
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.github_server import FakeGitHub
from tests.fakes.openai_server import FakeOpenAI, running_fake_openai
from tests.reliability.conftest import RememberingEmbedder
from tests.reliability.hostile import as_stored, hostile_messages
from tests.reliability.speech import audit
from triagebot.bot.digest_task import DigestTask
from triagebot.config import LLMSettings, SpamSettings
from triagebot.llm.summariser import Summariser
from triagebot.store.engine import SessionFactory
from triagebot.store.models import MessageRow
from triagebot.triage.ledger import StoredLedger

COUNT = 10_000
SPACING = timedelta(seconds=1)
# Members whose names are themselves attacks: every reply that names them is checked.
HOSTILE_NAMES = [
    "@everyone",
    f"<@&{TRIAGE_ROLE}>",
    "[admin](https://evil.example)",
    "\u202eenoyreve@",
    "```",
    "@here ||x||",
    f"<@{ALICE}>",
    "# shout",
]
AUTHORS = [800_000_000_000_000_200 + n for n in range(len(HOSTILE_NAMES))]
TRIAGER, MODERATOR, MAINTAINER = AUTHORS[1], AUTHORS[2], AUTHORS[0]
NEWCOMERS = {AUTHORS[4], AUTHORS[5]}
LONG_AGO = datetime(2022, 3, 1, tzinfo=UTC)
THREAD_TITLES = ["@everyone help", f"<@&{MODERATORS}> crash", "[x](https://evil.example)"]
HOSTILE_SUMMARY = (
    "@everyone <@{alice}> <@&{role}> see [the fix](https://evil.example/fix) "
    "||@here|| ```\n@everyone\n``` HOSTILE-SUMMARY-{ref}"
)
PLANTED = [  # messages that earn duplicate hints, with tricks attached
    (HELP, "the hot reload server crashes with EADDRINUSE on Windows @everyone <@&{role}>"),
    (0, "my exported pdf has no pictures in it [fix](https://evil.example) @here"),
    (1, "a title written to ping everyone and hide a link <@{alice}>"),
]


@pytest.fixture
async def world() -> AsyncIterator[FakeDiscord]:
    """The usual test guild, a generous rate limit (thousands of flag edits), and
    members, roles and channels for every feature that speaks."""
    fake = FakeDiscord(rate_limit_per_second=100_000)
    build_world(fake)
    add_desks(fake)
    fake.add_role(GUILD, TRIAGE_ROLE, "triage")
    roles = {TRIAGER: [TRIAGE_ROLE], MODERATOR: [MODERATORS], MAINTAINER: [MAINTAINERS]}
    for user, name in zip(AUTHORS, HOSTILE_NAMES, strict=True):
        joined = None if user in NEWCOMERS else LONG_AGO  # newcomers' floods get flagged
        roles_held = roles.get(user, [])
        fake.add_member(
            GUILD, user, f"user{user % 100}", nick=name, roles=roles_held, joined_at=joined
        )
    with discord_globals_restored():
        await fake.start()
        try:
            yield fake
        finally:
            await fake.stop()


def hostile_answer() -> str:
    """The model's answer after reading the prompt injections: pings, links, fences."""
    summaries = [
        {"ref": str(r), "summary": HOSTILE_SUMMARY.format(alice=ALICE, role=MODERATORS, ref=r)}
        for r in range(1, 6)
    ]
    return json.dumps({"summaries": summaries})


@pytest.fixture
def llm() -> Iterator[FakeOpenAI]:
    with running_fake_openai() as fake:
        yield fake


def build_bot(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues, llm: FakeOpenAI
) -> RunningBot:
    settings = LLMSettings(
        _env_file=None,  # type: ignore[call-arg]
        base_url=llm.base_url,
        api_key=SecretStr(llm.api_key),
        timeout_seconds=5.0,
    )
    return full_bot(
        fake,
        sessions,
        issues,
        hint_channels=(HELP, FORUM),
        summariser=Summariser(settings, StoredLedger(sessions)),
        spam_settings=SpamSettings(exempt_channel_ids=frozenset({GENERAL})),
    )


def stream_start() -> datetime:
    return datetime.now(UTC) - COUNT * SPACING


async def stream(fake: FakeDiscord, threads: list[int]) -> dict[int, str]:
    """The generated messages, then the planted ones; returns what was sent, by id.

    The generated ones are dated ``SPACING`` apart up to now, like a busy afternoon
    rather than all in one second: the spam window then holds what it would hold.
    """
    ids = ([*AUTHORS, ALICE, BOB, CAROL], [TRIAGE_ROLE, MODERATORS, GUILD], [GENERAL, HELP])
    places = [GENERAL] * 8 + [HELP] + threads
    authors = ids[0]
    start = stream_start()
    sent: dict[int, str] = {}
    for n, message in enumerate(hostile_messages(COUNT, ids)):
        where, who = places[n % len(places)], authors[(n * 7) % len(authors)]
        when = start + n * SPACING
        posted = await fake.send_message(where, who, message.content, timestamp=when)
        sent[int(posted["id"])] = message.content
    for place, text in PLANTED:
        where = place if place > 1 else threads[place]
        content = text.format(role=MODERATORS, alice=ALICE)
        posted = await fake.send_message(where, AUTHORS[5], content)
        sent[int(posted["id"])] = content
    return sent


async def new_thread(fake: FakeDiscord, n: int, title: str) -> int:
    """A forum post (a hint place) whose title and opening post are an attack."""
    opened = fake.world.snowflakes.make(stream_start() - timedelta(minutes=1))
    post = await fake.create_thread(FORUM, opened, title, AUTHORS[n], starter_content=title)
    return int(post["id"])


def stored(sessions: SessionFactory) -> dict[int, str]:
    with sessions() as session:
        return dict(session.execute(select(MessageRow.id, MessageRow.content)).all())


def unfaithful(sent: dict[int, str], kept: dict[int, str]) -> list[str]:
    """Messages not stored, or stored other than sent (NUL and lone surrogates aside)."""
    wrong = [i for i, text in sent.items() if kept.get(i) != as_stored(text)]
    return [f"{len(wrong)} of {len(sent)}, e.g. {sent[wrong[0]]!r}"] if wrong else []


def components(message: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in message.get("components", []) for c in row["components"]]


def posted_in(fake: FakeDiscord, *channels: int) -> list[dict[str, Any]]:
    return [m for m in fake.posted_messages if int(m["channel_id"]) in channels]


async def press_everything(fake: FakeDiscord, threads: list[int]) -> None:
    """Every kind of reply the bot makes, asked for by members with hostile names."""
    hint = next(m for m in posted_in(fake, HELP, *threads) if components(m))
    where, hint_id = int(hint["channel_id"]), int(hint["message_id"])
    await interact(fake, button(where, AUTHORS[3], hint_id, components(hint)[0]))
    flag = posted_in(fake, MODS)[0]
    delete, _, notspam = components(flag)
    await interact(fake, button(MODS, AUTHORS[4], int(flag["message_id"]), delete))  # refused
    sent, _ = await interact(fake, button(MODS, MODERATOR, int(flag["message_id"]), notspam))
    await fake.wait_for_request("PATCH", rf"/webhooks/\d+/{sent['token']}/messages/@original")
    await interact(fake, slash(threads[1], TRIAGER, "similar"))
    await interact(fake, slash(threads[1], TRIAGER, "link", option("issue", f"#{HOSTILE}")))
    await interact(fake, slash(threads[1], AUTHORS[6], "unlink"))  # refused
    target = fake.history(GENERAL)[-1]
    await interact(fake, context_menu(GENERAL, TRIAGER, target))


async def ask_for_digests(fake: FakeDiscord, bot: RunningBot, llm: FakeOpenAI) -> None:
    """``/digest`` while the model is down (extractive summaries), then the day's
    digest written by a hostile model, then a verdict button on it."""
    llm.fail(500)
    asked, _ = await interact(fake, slash(DIGESTS, MAINTAINER, "digest"))
    await eventually(lambda: bool(fake.interaction_followups(asked["id"])), timeout=60)
    assert "(quoted from the messages)" in fake.interaction_followups(asked["id"])[0]["content"]
    llm.reset()
    llm.reply(hostile_answer())
    task = bot.bot.get_cog("DigestTask")
    assert isinstance(task, DigestTask)
    assert await task.post_day(datetime.now(UTC).date())
    digest = posted_in(fake, DIGESTS)[-1]
    assert "HOSTILE-SUMMARY-1" in digest["content"]  # the model's words, sanitised
    done = button(DIGESTS, MAINTAINER, int(digest["message_id"]), components(digest)[0])
    pressed, _ = await interact(fake, done)
    await eventually(lambda: bool(fake.interaction_followups(pressed["id"])))


@pytest.mark.timeout(360)  # about a minute on two busy cores; room for busier ones
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_ten_thousand_hostile_messages_are_stored_and_nothing_said_can_ping(
    world: FakeDiscord,
    github: FakeGitHub,
    sessions: SessionFactory,
    remembering_embedder: RememberingEmbedder,
    llm: FakeOpenAI,
) -> None:
    issues = Issues(github, sessions, remembering_embedder)
    await issues.load()
    bot = await build_bot(world, sessions, issues, llm).start()
    try:
        threads = [await new_thread(world, n, title) for n, title in enumerate(THREAD_TITLES)]
        sent = await stream(world, threads)
        await asyncio.wait_for(bot.pipeline.drain(), 300)
        assert bot.bot.malformed_events == 0
        assert bot.pipeline.stats.failed == 0, bot.pipeline.stats.last_error
        await press_everything(world, threads)
        await ask_for_digests(world, bot, llm)
    finally:
        await bot.stop()

    assert unfaithful(sent, stored(sessions)) == []
    said, problems = audit(world)
    assert not problems, "\n".join(problems[:20])
    kinds = Counter(s.path.split("/")[1] for s in said)
    assert kinds["channels"] and kinds["interactions"] and kinds["webhooks"], kinds
    assert posted_in(world, MODS) and posted_in(world, HELP, *threads)  # flags and hints spoke


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_hostile_messages_are_stored_as_sent_on_postgresql(
    world: FakeDiscord, sessions: SessionFactory
) -> None:
    """The same stream into PostgreSQL, storage only: text PostgreSQL cannot hold (NUL)
    or no driver can encode (lone surrogates) must not cost a message."""
    bot = await RunningBot(world, sessions).start()
    try:
        threads = [await new_thread(world, n, title) for n, title in enumerate(THREAD_TITLES)]
        sent = await stream(world, threads)
        await asyncio.wait_for(bot.pipeline.drain(), 110)
        assert bot.pipeline.stats.failed == 0, bot.pipeline.stats.last_error
    finally:
        await bot.stop()
    assert unfaithful(sent, stored(sessions)) == []
