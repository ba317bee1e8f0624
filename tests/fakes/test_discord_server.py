"""The real discord.py 2.7 client against FakeDiscord, over real REST and websockets.

These prove the fake is faithful enough to test the bot with: login, READY and
GUILD_CREATE, live events, history paging, rate limits, resume without gaps,
re-identify, sharding, interactions - each bounded by short timeouts.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import zlib
from collections import defaultdict
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands

from tests.fakes.discord_server import FakeDiscord

GUILD = 200_000_000_000 << 22  # (GUILD >> 22) % 2 == 0 -> shard 0 of 2
OTHER_GUILD = GUILD + (1 << 22)  # shard 1 of 2
GENERAL, FORUM, CATEGORY, OTHER_CHANNEL = 101, 102, 103, 201
ALICE, BOB = 11, 12
WAIT = 3.0

INTENTS = discord.Intents(
    guilds=True, guild_messages=True, message_content=True, guild_reactions=True
)


class Recorder(discord.Client):
    """A plain discord.Client that queues every event the tests look at."""

    def __init__(self, **options: Any) -> None:
        options.setdefault("intents", INTENTS)
        options.setdefault("guild_ready_timeout", 0.05)  # default 2 s after the last GUILD_CREATE
        super().__init__(**options)
        self.seen: defaultdict[str, asyncio.Queue[Any]] = defaultdict(asyncio.Queue)
        self.ready_count = 0

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """discord.py sleeps 5 s before every non-initial IDENTIFY; not against a fake."""

    def dispatch(self, event: str, /, *args: Any, **kwargs: Any) -> None:
        if event == "ready":
            self.ready_count += 1
        self.seen[event].put_nowait(args[0] if len(args) == 1 else args)
        super().dispatch(event, *args, **kwargs)

    async def next(self, event: str) -> Any:
        return await asyncio.wait_for(self.seen[event].get(), WAIT)


class ShardedRecorder(discord.AutoShardedClient):
    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """No 5 s pause between shards' IDENTIFYs."""


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    server.add_guild(GUILD, "maintainers")
    server.add_channel(GUILD, CATEGORY, "support", type=4)
    server.add_channel(GUILD, GENERAL, "general", parent_id=CATEGORY)
    server.add_channel(GUILD, FORUM, "questions", type=15)
    server.add_member(GUILD, ALICE, "alice")
    server.add_member(GUILD, BOB, "bob")
    await server.start()
    with server.patch_discord():
        yield server
    await server.stop()


@contextlib.asynccontextmanager
async def running(fake: FakeDiscord, client: discord.Client | None = None) -> AsyncIterator[Any]:
    client = client or Recorder()
    task = asyncio.create_task(client.start(fake.token))
    try:
        ready = asyncio.create_task(client.wait_until_ready())
        done, _ = await asyncio.wait({ready, task}, timeout=WAIT, return_when="FIRST_COMPLETED")
        if task in done:
            task.result()  # re-raise the login/connect error
        assert ready in done, f"client never became ready: {fake.debug_state()}"
        yield client
    finally:
        await asyncio.wait_for(client.close(), WAIT)
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, WAIT)


def at(minutes_ago: float) -> datetime:
    return datetime.now(UTC) - timedelta(minutes=minutes_ago)


async def test_login_ready_and_guild_create_fill_the_cache(fake: FakeDiscord) -> None:
    async with running(fake) as client:
        assert client.user.id == 1000
        assert client.user.bot
        assert client.application_id == 1000
        guild = client.get_guild(GUILD)
        assert guild is not None
        assert guild.name == "maintainers"
        assert {c.id for c in guild.channels} == {GENERAL, FORUM, CATEGORY}
        assert isinstance(guild.get_channel(FORUM), discord.ForumChannel)
        assert guild.get_channel(GENERAL).category_id == CATEGORY
        assert guild.me is not None
        assert guild.me.guild_permissions.read_message_history
        fetched = await client.fetch_channel(GENERAL)
        assert fetched.name == "general"
    connection = fake.gateway_connections[0]
    # zlib-stream here; zstd-stream when zstandard / compression.zstd is importable.
    asked = discord.utils._ActiveDecompressionContext.COMPRESSION_TYPE
    assert connection.query == {"v": "10", "encoding": "json", "compress": asked}
    assert fake.identify_payloads[0]["intents"] == INTENTS.value
    assert fake.identify_count == 1
    assert fake.resume_count == 0
    assert [r.path for r in fake.requests[:2]] == ["/users/@me", "/oauth2/applications/@me"]
    assert all("X-RateLimit-Bucket" in r.headers or r.status for r in fake.requests)
    assert fake.unexpected_requests == []


async def test_bad_token_is_a_login_failure(fake: FakeDiscord) -> None:
    client = Recorder()
    with pytest.raises(discord.LoginFailure):
        await asyncio.wait_for(client.login("not-the-token"), WAIT)
    await client.close()
    assert fake.requests[-1].status == 401


async def test_live_events_reach_the_client(fake: FakeDiscord) -> None:
    async with running(fake) as client:
        first = await fake.send_message(GENERAL, ALICE, "it crashes on start", attachments=1)
        message = await client.next("message")
        assert message.content == "it crashes on start"
        assert message.author.id == ALICE
        assert message.author.name == "alice"
        assert isinstance(message.author, discord.Member)
        assert message.guild.id == GUILD
        assert message.channel.id == GENERAL
        assert len(message.attachments) == 1
        assert message.id == int(first["id"])
        assert message.created_at == discord.utils.snowflake_time(message.id)

        reply = await fake.send_message(GENERAL, BOB, "same here", reply_to=message.id)
        got = await client.next("message")
        assert got.reference.message_id == message.id
        assert got.type is discord.MessageType.reply
        assert reply["referenced_message"]["id"] == first["id"]

        await fake.edit_message(GENERAL, message.id, "it crashes on start (v2.1)")
        edit = await client.next("raw_message_edit")
        assert edit.message_id == message.id
        assert edit.message.content == "it crashes on start (v2.1)"
        assert edit.message.edited_at is not None

        await fake.add_reaction(GENERAL, message.id, BOB, "👍")
        added = await client.next("raw_reaction_add")
        assert (added.user_id, added.message_id, str(added.emoji)) == (BOB, message.id, "👍")
        assert added.member is not None
        assert added.member.id == BOB
        await fake.remove_reaction(GENERAL, message.id, BOB, "👍")
        removed = await client.next("raw_reaction_remove")
        assert (removed.user_id, str(removed.emoji)) == (BOB, "👍")

        await fake.delete_message(GENERAL, message.id)
        deleted = await client.next("raw_message_delete")
        assert (deleted.message_id, deleted.channel_id, deleted.guild_id) == (
            message.id,
            GENERAL,
            GUILD,
        )
        assert [m["id"] for m in fake.history(GENERAL)] == [reply["id"]]


async def test_threads_in_text_and_forum_channels(fake: FakeDiscord) -> None:
    async with running(fake) as client:
        starter = fake.world.snowflakes.make()
        await fake.create_thread(GENERAL, starter, "crash triage", ALICE, starter_content="crash!")
        assert (await client.next("message")).id == starter  # the parent-channel starter
        thread = await client.next("thread_create")
        assert (thread.id, thread.parent_id, thread.owner_id) == (starter, GENERAL, ALICE)
        assert thread.name == "crash triage"
        assert thread.type is discord.ChannelType.public_thread

        post = fake.world.snowflakes.make()
        await fake.create_thread(FORUM, post, "How do I configure X?", BOB, starter_content="help")
        forum_thread = await client.next("thread_create")
        assert forum_thread.parent_id == FORUM
        assert isinstance(forum_thread.parent, discord.ForumChannel)
        first = await client.next("message")
        assert first.id == post
        assert first.channel.id == post
        assert first.content == "help"

        await fake.send_message(post, ALICE, "try the config flag")
        inside = await client.next("message")
        assert isinstance(inside.channel, discord.Thread)
        assert inside.channel.parent_id == FORUM
        active = await client.get_guild(GUILD).active_threads()
        assert {t.id for t in active} == {starter, post}


async def test_history_after_pages_forward_in_order(fake: FakeDiscord) -> None:
    ids = [
        int((await fake.send_message(GENERAL, ALICE, f"m{i}", timestamp=at(300 - i)))["id"])
        for i in range(250)
    ]
    async with running(fake) as client:
        channel = client.get_channel(GENERAL)
        got = [m.id async for m in channel.history(after=discord.Object(id=ids[9]), limit=None)]
        assert got == ids[10:]
        pages = [r for r in fake.requests if r.path == f"/channels/{GENERAL}/messages"]
        assert len(pages) == 3
        assert all(p.query["limit"] == "100" for p in pages)

        newest = [m.id async for m in channel.history(limit=5)]
        assert newest == ids[:-6:-1]
        before = [m.id async for m in channel.history(before=discord.Object(id=ids[50]), limit=3)]
        assert before == [ids[49], ids[48], ids[47]]
        around = [m.id async for m in channel.history(around=discord.Object(id=ids[100]), limit=5)]
        assert ids[100] in around
        assert len(around) == 5


async def test_messages_sent_while_down_are_only_in_history(fake: FakeDiscord) -> None:
    await fake.send_message(GENERAL, ALICE, "anyone?")
    async with running(fake) as client:
        await fake.send_message(GENERAL, BOB, "live")
        assert (await client.next("message")).content == "live"
        assert client.seen["message"].empty()
        history = [m.content async for m in client.get_channel(GENERAL).history(limit=10)]
        assert history == ["live", "anyone?"]


async def test_send_records_body_and_allowed_mentions(fake: FakeDiscord) -> None:
    async with running(fake) as client:
        channel = client.get_channel(GENERAL)
        quiet = await channel.send(
            f"<@{ALICE}> see #12", allowed_mentions=discord.AllowedMentions.none()
        )
        loud = await channel.send(f"<@{ALICE}> see #12")
        posted = fake.posted_messages
        assert posted[0]["allowed_mentions"] == {"parse": []}
        assert posted[0]["channel_id"] == GENERAL
        assert posted[0]["content"] == f"<@{ALICE}> see #12"
        assert posted[0]["message_id"] == quiet.id
        assert quiet.mentions == []
        assert [u.id for u in loud.mentions] == [ALICE]
        assert [m["id"] for m in fake.history(GENERAL)] == [str(quiet.id), str(loud.id)]
        echoed = await client.next("message")  # Discord echoes the bot's own message
        assert echoed.id == quiet.id
        assert echoed.author.id == client.user.id

        with pytest.raises(discord.HTTPException) as too_long:
            await channel.send("x" * 2001)
        assert too_long.value.code == 50035
        crowded = discord.Embed(title="flag").add_field(name="why", value="x" * 1025)
        with pytest.raises(discord.HTTPException) as field_too_long:
            await channel.send(embed=crowded)  # every limit, not just content (discord_limits)
        assert field_too_long.value.code == 50035
        assert "embeds.0.fields.0.value" in str(field_too_long.value)
        with pytest.raises(discord.HTTPException) as forum_send:
            await client.get_partial_messageable(FORUM).send("no")
        assert forum_send.value.code == 50008


async def test_bot_edits_deletes_and_reacts(fake: FakeDiscord) -> None:
    user_msg = await fake.send_message(GENERAL, ALICE, "spam")
    async with running(fake) as client:
        mine = await client.get_channel(GENERAL).send("triaged")
        edited = await mine.edit(content="triaged: bug")
        assert edited.content == "triaged: bug"
        theirs = await client.get_channel(GENERAL).fetch_message(int(user_msg["id"]))
        await theirs.add_reaction("✅")
        assert fake.history(GENERAL)[0]["reactions"][0]["me"] is True
        with pytest.raises(discord.Forbidden):
            await theirs.edit(content="nope")
        await theirs.delete()
        assert [m["content"] for m in fake.history(GENERAL)] == ["triaged: bug"]
        member = client.get_guild(GUILD).get_member(ALICE) or await client.get_guild(
            GUILD
        ).fetch_member(ALICE)
        await member.timeout(timedelta(minutes=10), reason="spam")
        assert fake.member_edits[0]["user_id"] == ALICE
        assert fake.member_edits[0]["communication_disabled_until"] is not None


@pytest.mark.parametrize("abrupt", [False, True])
async def test_drop_then_resume_replays_missed_events(fake: FakeDiscord, abrupt: bool) -> None:
    async with running(fake) as client:
        await fake.send_message(GENERAL, ALICE, "before")
        assert (await client.next("message")).content == "before"
        await fake.drop_connections(abrupt=abrupt)
        for i in range(3):
            await fake.send_message(GENERAL, ALICE, f"away {i}")
        await fake.wait_until_connected(timeout=WAIT)
        contents = [(await client.next("message")).content for _ in range(3)]
        assert contents == ["away 0", "away 1", "away 2"]
        await client.next("resumed")
        await fake.send_message(GENERAL, ALICE, "after")
        assert (await client.next("message")).content == "after"
    assert (fake.identify_count, fake.resume_count) == (1, 1)
    assert fake.gateway_connections[1].path == "/resume"


async def test_unresumable_drop_and_invalid_session_reidentify(fake: FakeDiscord) -> None:
    async with running(fake) as client:
        await fake.invalidate_sessions()
        await fake.wait_until_connected(timeout=WAIT)
        await fake.send_message(GENERAL, ALICE, "after invalidation")
        assert (await client.next("message")).content == "after invalidation"
        assert fake.identify_count == 2

        await fake.drop_connections(resumable=False)
        await fake.wait_until_connected(timeout=WAIT)
        await fake.send_message(GENERAL, ALICE, "after a lost session")
        assert (await client.next("message")).content == "after a lost session"
        assert (fake.identify_count, fake.resume_count) == (3, 0)
        assert client.get_guild(GUILD) is not None


async def test_reconnect_opcode_resumes(fake: FakeDiscord) -> None:
    async with running(fake) as client:
        await fake.request_reconnect()
        await client.next("resumed")
        assert fake.resume_count == 1
        assert fake.identify_count == 1


async def test_429_is_retried_after_retry_after(fake: FakeDiscord) -> None:
    fake.rate_limit_next("POST", rf"/channels/{GENERAL}/messages", times=2, retry_after=0.2)
    async with running(fake) as client:
        started = time.monotonic()
        await client.get_channel(GENERAL).send("eventually")
        assert time.monotonic() - started >= 0.4
    posts = [r.status for r in fake.requests if r.method == "POST"]
    assert posts == [429, 429, 200]
    assert len(fake.posted_messages) == 1


async def test_unknown_routes_are_404_and_recorded(fake: FakeDiscord) -> None:
    async with running(fake) as client:
        with pytest.raises(discord.NotFound):
            await client.http.request(discord.http.Route("GET", "/nope/{x}", x="1"))
        with pytest.raises(discord.NotFound) as missing:
            await client.get_channel(GENERAL).fetch_message(42)
        assert missing.value.code == 10008
    assert [r.path for r in fake.unexpected_requests] == ["/nope/1"]


async def test_sharded_client_only_sees_its_guilds(fake: FakeDiscord) -> None:
    fake.add_guild(OTHER_GUILD, "elsewhere", shard_count=2)
    fake.add_channel(OTHER_GUILD, OTHER_CHANNEL, "other")
    async with running(fake, Recorder(shard_id=0, shard_count=2)) as client:
        assert [g.id for g in client.guilds] == [GUILD]
        await fake.send_message(OTHER_CHANNEL, ALICE, "not for shard 0")
        await fake.send_message(GENERAL, ALICE, "for shard 0")
        assert (await client.next("message")).content == "for shard 0"
    assert fake.identify_payloads[0]["shard"] == [0, 2]


async def test_auto_sharded_client_uses_gateway_bot(fake: FakeDiscord) -> None:
    fake.add_guild(OTHER_GUILD, "elsewhere", shard_count=2)
    fake.add_channel(OTHER_GUILD, OTHER_CHANNEL, "other")
    client = ShardedRecorder(intents=INTENTS, guild_ready_timeout=0.05)
    async with running(fake, client):
        assert client.shard_count == 2
        assert {g.id: g.shard_id for g in client.guilds} == {GUILD: 0, OTHER_GUILD: 1}
        assert fake.connected_sessions == 2
    assert any(r.path == "/gateway/bot" for r in fake.requests)


async def test_missing_message_content_intent_blanks_content(fake: FakeDiscord) -> None:
    intents = discord.Intents(guilds=True, guild_messages=True)
    async with running(fake, Recorder(intents=intents)) as client:
        await fake.send_message(GENERAL, ALICE, "secret")
        assert (await client.next("message")).content == ""
        await fake.send_message(GENERAL, ALICE, "<@1000> hi bot")
        assert (await client.next("message")).content == "<@1000> hi bot"


async def test_disallowed_privileged_intent_is_refused() -> None:
    async with FakeDiscord(enabled_intents=0) as server:
        server.add_guild(GUILD, "g")
        with server.patch_discord():
            client = Recorder()
            with pytest.raises(discord.PrivilegedIntentsRequired):
                await asyncio.wait_for(client.start(server.token), WAIT)
            await client.close()


async def test_zlib_stream_frames_end_in_sync_flush(fake: FakeDiscord) -> None:
    decompressor = zlib.decompressobj()
    async with aiohttp.ClientSession() as session:
        url = fake.gateway_url + "?v=10&encoding=json&compress=zlib-stream"
        async with session.ws_connect(url) as ws:
            hello = await ws.receive(timeout=WAIT)
            assert hello.type is aiohttp.WSMsgType.BINARY
            assert hello.data.endswith(b"\x00\x00\xff\xff")
            assert json.loads(decompressor.decompress(hello.data))["op"] == 10
            await ws.send_json({"op": 2, "d": {"token": fake.token, "intents": 513}})
            ready = json.loads(decompressor.decompress((await ws.receive(timeout=WAIT)).data))
            assert (ready["t"], ready["s"]) == ("READY", 1)
            assert ready["d"]["guilds"] == [{"id": str(GUILD), "unavailable": True}]
            assert ready["d"]["application"] == {"id": "1000", "flags": 0}
            create = json.loads(decompressor.decompress((await ws.receive(timeout=WAIT)).data))
            assert (create["t"], create["s"], create["d"]["unavailable"]) == (
                "GUILD_CREATE",
                2,
                False,
            )
            await ws.send_json({"op": 1, "d": 2})
            ack = json.loads(decompressor.decompress((await ws.receive(timeout=WAIT)).data))
            assert ack == {"op": 11}


async def test_slash_command_and_button_interactions(fake: FakeDiscord) -> None:
    client = Recorder()
    tree = app_commands.CommandTree(client)
    clicked = asyncio.Event()

    class Confirm(discord.ui.View):
        @discord.ui.button(label="Confirm", custom_id="confirm")
        async def confirm(
            self, interaction: discord.Interaction, button: discord.ui.Button[Any]
        ) -> None:
            clicked.set()
            await interaction.response.edit_message(content="confirmed", view=None)

    @tree.command(name="triage", description="Triage a message", guild=discord.Object(id=GUILD))
    async def triage(interaction: discord.Interaction, label: str) -> None:
        assert interaction.user.id == ALICE
        assert interaction.guild_id == GUILD
        await interaction.response.send_message(f"labelled {label}", view=Confirm())

    async with running(fake, client):
        synced = await tree.sync(guild=discord.Object(id=GUILD))
        assert [c.name for c in synced] == ["triage"]
        assert synced[0].id
        assert fake.commands(GUILD)[0]["name"] == "triage"

        sent = await fake.send_interaction(
            {
                "channel_id": GENERAL,
                "user_id": ALICE,
                "data": {
                    "name": "triage",
                    "options": [{"name": "label", "type": 3, "value": "bug"}],
                },
            }
        )
        response = await fake.wait_for_request("POST", r"/interactions/\d+/[^/]+/callback")
        assert response.status == 200
        reply = fake.interaction_responses(sent["id"])[0]
        assert reply["type"] == 4
        assert reply["data"]["content"] == "labelled bug"
        original = fake.interaction_messages(sent["id"])[0]
        assert original["content"] == "labelled bug"
        assert original["type"] == 20

        click = await fake.send_interaction(
            {
                "type": 3,
                "channel_id": GENERAL,
                "user_id": ALICE,
                "message_id": int(original["id"]),
                "data": {"custom_id": "confirm", "component_type": 2},
            }
        )
        await asyncio.wait_for(clicked.wait(), WAIT)
        await fake.wait_for_request("POST", rf"/interactions/{click['id']}/[^/]+/callback")
        assert fake.interaction_responses(click["id"])[0]["type"] == 7
        assert fake.history(GENERAL)[-1]["content"] == "confirmed"


async def test_deferred_command_followup_and_autocomplete(fake: FakeDiscord) -> None:
    client = Recorder()
    tree = app_commands.CommandTree(client)

    async def labels(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=n, value=n) for n in ("bug", "build") if n.startswith(current)
        ]

    @tree.command(name="digest", description="Post a digest")
    @app_commands.autocomplete(label=labels)
    async def digest(interaction: discord.Interaction, label: str) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.edit_original_response(content=f"digest for {label}")
        await interaction.followup.send("details", ephemeral=True)

    async with running(fake, client):
        await tree.sync()
        assert [c["name"] for c in fake.commands()] == ["digest"]
        options = [{"name": "label", "type": 3, "value": "bu", "focused": True}]
        auto = await fake.send_interaction(
            {
                "type": 4,
                "channel_id": GENERAL,
                "user_id": BOB,
                "data": {"name": "digest", "options": options},
            }
        )
        await fake.wait_for_request("POST", rf"/interactions/{auto['id']}/[^/]+/callback")
        choices = fake.interaction_responses(auto["id"])[0]
        assert choices["type"] == 8
        assert [c["value"] for c in choices["data"]["choices"]] == ["bug", "build"]

        options = [{"name": "label", "type": 3, "value": "bug"}]
        run = await fake.send_interaction(
            {"channel_id": GENERAL, "user_id": BOB, "data": {"name": "digest", "options": options}}
        )
        await fake.wait_for_request("POST", r"/webhooks/1000/[^/]+")
        assert fake.interaction_responses(run["id"])[0]["type"] == 5
        assert [f["method"] for f in fake.interaction_followups(run["id"])] == ["PATCH", "POST"]
        original, followup = fake.interaction_messages(run["id"])
        assert original["content"] == "digest for bug"
        assert original["flags"] == 0
        assert followup["flags"] == 64
        assert [m["content"] for m in fake.history(GENERAL)] == ["digest for bug"]


async def test_zstd_stream_frames_decode_incrementally(fake: FakeDiscord) -> None:
    zstandard = pytest.importorskip("zstandard")
    decompressor = zstandard.ZstdDecompressor().decompressobj()
    async with aiohttp.ClientSession() as session:
        url = fake.gateway_url + "?v=10&encoding=json&compress=zstd-stream"
        async with session.ws_connect(url) as ws:
            hello = await ws.receive(timeout=WAIT)
            assert json.loads(decompressor.decompress(hello.data))["op"] == 10
            await ws.send_json({"op": 1, "d": None})
            ack = await ws.receive(timeout=WAIT)
            assert json.loads(decompressor.decompress(ack.data)) == {"op": 11}


async def test_commands_bot_prefix_command_replies(fake: FakeDiscord) -> None:
    class Bot(commands.Bot):
        async def before_identify_hook(
            self, shard_id: int | None, *, initial: bool = False
        ) -> None:
            pass

    bot = Bot(command_prefix="!", intents=INTENTS, guild_ready_timeout=0.05)

    @bot.command()
    async def ping(ctx: commands.Context[Bot]) -> None:
        await ctx.reply("pong", mention_author=False)

    async with running(fake, bot):
        asked = await fake.send_message(GENERAL, ALICE, "!ping")
        [posted] = await fake.wait_for_posted(1)
    assert posted["content"] == "pong"
    assert int(posted["message_reference"]["message_id"]) == int(asked["id"])
    assert posted["allowed_mentions"]["replied_user"] is False
    reply = fake.history(GENERAL)[-1]
    assert reply["type"] == 19
    assert reply["mentions"] == []
