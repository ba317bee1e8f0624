"""End to end: the real discord.py client, the fake Discord, the real database.

Messages sent over the gateway land once; edits, deletes, reactions and threads are
reflected; the bot ignores what it must ignore; hostile text is stored as it is.
Every test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import select

from tests.bot.harness import ALICE, BOB, FORUM, GENERAL, GUILD, HELP, SECRET, RunningBot
from tests.fakes.discord_server import FakeDiscord
from triagebot.core.messages import ChannelKind
from triagebot.store.engine import SessionFactory
from triagebot.store.models import AuthorRow, ChannelRow, MessageRow


def messages(sessions: SessionFactory) -> dict[int, MessageRow]:
    with sessions() as session:
        return {m.id: m for m in session.scalars(select(MessageRow))}


async def test_live_messages_are_stored_once(fake: FakeDiscord, sessions: SessionFactory) -> None:
    bot = await RunningBot(fake, sessions).start()
    sent = [await fake.send_message(GENERAL, ALICE, f"message {n}") for n in range(5)]
    await bot.settle()
    await bot.stop()
    stored = messages(sessions)
    assert sorted(stored) == sorted(int(m["id"]) for m in sent)
    assert stored[int(sent[0]["id"])].content == "message 0"
    with sessions() as session:
        alice = session.get(AuthorRow, ALICE)
    assert alice is not None and alice.joined_at is not None  # known from the member


async def test_edits_deletes_and_reactions_are_reflected(
    fake: FakeDiscord, sessions: SessionFactory
) -> None:
    bot = await RunningBot(fake, sessions).start()
    kept = await fake.send_message(HELP, ALICE, "the reload server crashes")
    gone = await fake.send_message(HELP, BOB, "my token is abc123")
    await fake.edit_message(HELP, int(kept["id"]), "the reload server crashes on Windows")
    await fake.delete_message(HELP, int(gone["id"]))
    await fake.add_reaction(HELP, int(kept["id"]), BOB, "👍")
    await fake.add_reaction(HELP, int(kept["id"]), ALICE, "👍")
    await fake.remove_reaction(HELP, int(kept["id"]), ALICE, "👍")
    await bot.settle()
    await bot.stop()
    stored = messages(sessions)
    edited, deleted = stored[int(kept["id"])], stored[int(gone["id"])]
    assert edited.content == "the reload server crashes on Windows"
    assert edited.edited_at is not None and edited.reaction_count == 1
    assert deleted.content == "" and deleted.deleted_at is not None


async def test_forum_posts_and_threads_keep_their_parent(
    fake: FakeDiscord, sessions: SessionFactory
) -> None:
    bot = await RunningBot(fake, sessions).start()
    post = await fake.create_thread(
        FORUM,
        555 << 22,
        "build --clean ate my files",
        ALICE,
        starter_content="I ran lumen build --clean and lost src/",
    )
    await fake.send_message(int(post["id"]), BOB, "same thing happened to me")
    await bot.settle()
    await bot.stop()
    with sessions() as session:
        thread = session.get(ChannelRow, int(post["id"]))
        rows = list(session.scalars(select(MessageRow).where(MessageRow.thread_id == thread.id)))  # type: ignore[union-attr]
    assert thread is not None and thread.kind == ChannelKind.FORUM_POST.value
    assert thread.parent_id == FORUM
    assert {r.channel_id for r in rows} == {FORUM} and len(rows) == 2


async def test_denied_channels_dms_and_its_own_posts_are_ignored(
    fake: FakeDiscord, sessions: SessionFactory
) -> None:
    bot = await RunningBot(fake, sessions, channel_deny=frozenset({SECRET})).start()
    await fake.send_message(SECRET, ALICE, "moderators only")
    await bot.bot.get_channel(GENERAL).send("posted by the bot")  # type: ignore[union-attr]
    await fake.send_message(GENERAL, BOB, "a normal message")
    await bot.settle()
    await bot.stop()
    assert [m.content for m in messages(sessions).values()] == ["a normal message"]


async def test_other_guilds_are_ignored_when_guilds_are_listed(
    fake: FakeDiscord, sessions: SessionFactory
) -> None:
    bot = await RunningBot(fake, sessions, guild_ids=frozenset({GUILD + 1})).start()
    await fake.send_message(GENERAL, ALICE, "not for this bot")
    await bot.settle()
    await bot.stop()
    assert messages(sessions) == {}


async def test_hostile_text_is_stored_exactly_and_nothing_crashes(
    fake: FakeDiscord, sessions: SessionFactory
) -> None:
    bot = await RunningBot(fake, sessions).start()
    hostile = (
        f"@everyone @here <@{BOB}> <@&{GUILD + 5}> \u200b\u200d\u202e [click](https://x.y) " * 60
    )[:4000]
    sent = await fake.send_message(GENERAL, ALICE, hostile, mention_everyone=True)
    await fake.dispatch_raw(
        "MESSAGE_CREATE",
        {"id": "1", "channel_id": str(GENERAL), "guild_id": str(GUILD)},
        guild_id=GUILD,
    )
    await fake.dispatch_raw("MESSAGE_DELETE", {"channel_id": str(GENERAL)}, guild_id=GUILD)
    after = await fake.send_message(GENERAL, BOB, "still alive")
    await bot.settle()
    await bot.stop()
    stored = messages(sessions)
    row = stored[int(sent["id"])]
    assert row.content == hostile and row.mentions_everyone
    assert row.user_mention_count == 1 and row.role_mention_count == 1
    assert int(after["id"]) in stored and len(stored) == 2
