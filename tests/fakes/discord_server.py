"""``FakeDiscord``: a Discord server on 127.0.0.1 for the unmodified discord.py client.

One aiohttp app serves REST under ``/api/v10`` and the gateway websocket at ``/``
(``/resume`` for ``resume_gateway_url``). Tests build a world synchronously, start
the real bot against it, drive traffic and faults, then assert on what the bot
stored and on what it sent (``requests``, ``posted_messages``, interaction replies).

Pointing discord.py here takes two class attributes, both set by ``patch_discord()``:
``discord.http.Route.BASE`` for REST, and ``DiscordWebSocket.DEFAULT_GATEWAY`` because
a non-auto-sharded ``Client`` never calls ``GET /gateway/bot``: it connects straight
to ``wss://gateway.discord.gg`` and falls back to that URL after INVALID_SESSION.
"""

from __future__ import annotations

import contextlib
import re
import secrets
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from aiohttp import web

from tests.fakes.discord_events import Events
from tests.fakes.discord_gateway import ConnectionRecord, Gateway
from tests.fakes.discord_interactions import Interactions
from tests.fakes.discord_payloads import channel_json, message_json
from tests.fakes.discord_rest import API_PREFIX, DiscordHTTPError, RecordedRequest, RestRouter
from tests.fakes.discord_routes import CoreRoutes
from tests.fakes.discord_state import (
    DEFAULT_BOT_PERMISSIONS,
    DEFAULT_EVERYONE_PERMISSIONS,
    PRIVILEGED_INTENTS,
    Channel,
    Guild,
    Json,
    Member,
    Message,
    Notifier,
    Role,
    User,
    World,
    deadline,
    utcnow,
)
from tests.fakes.discord_threads import ArchivedThreads

__all__ = ["DiscordHTTPError", "FakeDiscord", "RecordedRequest"]


class FakeDiscord:
    """A controllable Discord: world building, traffic, faults and observation."""

    def __init__(
        self,
        *,
        bot_user_id: int = 1000,
        application_id: int = 1000,
        bot_name: str = "triagebot",
        token: str | None = None,
        heartbeat_interval_ms: int = 41250,
        enabled_intents: int = PRIVILEGED_INTENTS,
        rate_limit_per_second: int = 50,
        bot_permissions: int = DEFAULT_BOT_PERMISSIONS,
    ) -> None:
        """``enabled_intents``: the privileged intents switched on in the developer portal;
        IDENTIFY asking for others is closed with 4014, as on Discord."""
        self.token = token or f"fake.{bot_user_id}.{secrets.token_urlsafe(16)}"
        self.world = World(
            bot_user_id=bot_user_id, application_id=application_id, bot_name=bot_name
        )
        self.bot_permissions = bot_permissions
        self._notifier = Notifier()
        self._gateway = Gateway(
            self.world,
            self._notifier,
            token=self.token,
            heartbeat_interval_ms=heartbeat_interval_ms,
            enabled_intents=enabled_intents,
        )
        self._events = Events(self.world, self._gateway)
        self._router = RestRouter(token=self.token, rate_limit=rate_limit_per_second)
        self._router.on_request = self._notifier.changed
        self._core = CoreRoutes(self._events, gateway_url="", enabled_intents=enabled_intents)
        self._core.register(self._router)
        self._interactions = Interactions(self._events)
        self._interactions.register(self._router)
        ArchivedThreads(self.world).register(self._router)
        self._runner: web.AppRunner | None = None
        self.port = 0

    # lifecycle --------------------------------------------------------------------

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/", self._gateway.handle)
        app.router.add_get("/resume", self._gateway.handle)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._router.handle)
        app.router.add_route("*", "/api/{tail:.*}", self._wrong_version)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self._gateway.url = self.gateway_url
        self._core.gateway_url = self.gateway_url

    async def stop(self) -> None:
        if self._runner is None:
            return
        for connection in list(self._gateway.connections):
            connection.close(1001)
        with contextlib.suppress(TimeoutError):
            await self._gateway.flush()
        await self._runner.cleanup()
        self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @contextlib.contextmanager
    def patch_discord(self) -> Iterator[None]:
        """Point discord.py's REST base and default gateway here; restore on exit."""
        import discord.gateway
        import discord.http
        import yarl

        ws_class = discord.gateway.DiscordWebSocket
        saved = discord.http.Route.BASE, ws_class.DEFAULT_GATEWAY
        discord.http.Route.BASE = self.api_base
        ws_class.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)
        try:
            yield
        finally:
            discord.http.Route.BASE, ws_class.DEFAULT_GATEWAY = saved

    async def _wrong_version(self, request: web.Request) -> web.Response:
        body = b'{"message": "404: Not Found", "code": 0}'
        return web.Response(status=404, body=body, headers={"Content-Type": "application/json"})

    # world building -------------------------------------------------------------------

    def add_user(self, user_id: int, name: str, *, bot: bool = False) -> None:
        self.world.users[user_id] = User(user_id, name, bot=bot)

    def add_guild(
        self, guild_id: int, name: str, *, shard_count: int = 1, owner_id: int = 1
    ) -> None:
        world = self.world
        guild = Guild(guild_id, name, shard_count=shard_count, owner_id=owner_id)
        guild.roles[guild_id] = Role(guild_id, "@everyone", DEFAULT_EVERYONE_PERMISSIONS)
        bot_role = Role(
            world.snowflakes.make(),
            world.users[world.bot_user_id].username,
            self.bot_permissions,
            position=1,
            managed=True,
            bot_id=world.bot_user_id,
        )
        guild.roles[bot_role.id] = bot_role
        guild.members[world.bot_user_id] = Member(world.bot_user_id, [bot_role.id], utcnow())
        world.guilds[guild_id] = guild
        self._events.guild_join(guild)

    def add_channel(
        self,
        guild_id: int,
        channel_id: int,
        name: str,
        *,
        type: int = 0,
        parent_id: int | None = None,
        topic: str | None = None,
        permission_overwrites: Sequence[Json] = (),
    ) -> None:
        """0 text, 2 voice, 4 category, 5 announcement, 11 public thread, 15 forum."""
        guild = self.world.guilds[guild_id]
        channel = Channel(
            channel_id,
            guild_id,
            name,
            type,
            parent_id=parent_id,
            topic=topic,
            position=len(guild.channel_ids),
            permission_overwrites=list(permission_overwrites),
        )
        self.world.channels[channel_id] = channel
        guild.channel_ids.append(channel_id)
        if channel.is_thread:
            channel.owner_id = self.world.bot_user_id
            self._events.thread_create(channel)
        else:
            self._events.channel_create(channel)

    def add_member(
        self,
        guild_id: int,
        user_id: int,
        name: str,
        *,
        roles: Sequence[int] = (),
        bot: bool = False,
        joined_at: datetime | None = None,
        nick: str | None = None,
    ) -> None:
        guild = self.world.guilds[guild_id]
        self.world.users[user_id] = User(user_id, name, bot=bot)
        member = Member(user_id, list(roles), joined_at or utcnow(), nick=nick)
        guild.members[user_id] = member
        self._events.member_add(guild, member)

    def add_role(self, guild_id: int, role_id: int, name: str, *, permissions: int = 0) -> None:
        """``role_id == guild_id`` edits @everyone."""
        guild = self.world.guilds[guild_id]
        role = Role(
            role_id, name, permissions, position=0 if role_id == guild_id else len(guild.roles)
        )
        guild.roles[role_id] = role
        self._events.role_create(guild, role)

    # traffic ------------------------------------------------------------------------

    async def send_message(
        self,
        channel_id: int,
        author_id: int,
        content: str,
        *,
        message_id: int | None = None,
        timestamp: datetime | None = None,
        reply_to: int | None = None,
        attachments: int = 0,
        mention_everyone: bool = False,
        mentions: Sequence[int] = (),
        mention_roles: Sequence[int] = (),
        embeds: Sequence[Json] = (),
    ) -> Json:
        """Store a user's message and dispatch MESSAGE_CREATE to the owning sessions.

        Mentions written in ``content`` (``<@id>``, ``<@&id>``) are added to the
        explicit ones. With no session connected the message is only stored, like
        traffic while the bot is down. Returns the REST-shaped message object.
        """
        users = [*mentions, *(int(u) for u in re.findall(r"<@!?(\d+)>", content))]
        roles = [*mention_roles, *(int(r) for r in re.findall(r"<@&(\d+)>", content))]
        message = self._events.build_message(
            channel_id,
            author_id,
            content,
            message_id=message_id,
            timestamp=timestamp,
            reply_to=reply_to,
            attachments=attachments,
            mention_everyone=mention_everyone,
            mentions=list(dict.fromkeys(users)),
            mention_roles=list(dict.fromkeys(roles)),
            embeds=embeds,
        )
        if self.world.message(channel_id, message.id) is not None:
            raise ValueError(f"fake discord: message {message.id} already exists")
        self._events.message_create(message)
        await self._gateway.flush()
        return message_json(self.world, message)

    def _existing(self, channel_id: int, message_id: int) -> Message:
        message = self.world.message(channel_id, message_id)
        if message is None:
            raise KeyError(f"fake discord: no message {message_id} in channel {channel_id}")
        return message

    async def edit_message(self, channel_id: int, message_id: int, content: str) -> Json:
        message = self._existing(channel_id, message_id)
        message.content = content
        message.edited_timestamp = utcnow()
        self._events.message_update(message)
        await self._gateway.flush()
        return message_json(self.world, message)

    async def delete_message(self, channel_id: int, message_id: int) -> None:
        self._existing(channel_id, message_id)
        self._events.message_delete(channel_id, message_id)
        await self._gateway.flush()

    async def add_reaction(
        self, channel_id: int, message_id: int, user_id: int, emoji: str
    ) -> None:
        """``emoji``: a unicode emoji or ``"name:id"`` for a custom one."""
        self._events.reaction(self._existing(channel_id, message_id), user_id, emoji, add=True)
        await self._gateway.flush()

    async def remove_reaction(
        self, channel_id: int, message_id: int, user_id: int, emoji: str
    ) -> None:
        self._events.reaction(self._existing(channel_id, message_id), user_id, emoji, add=False)
        await self._gateway.flush()

    async def create_thread(
        self,
        parent_id: int,
        thread_id: int,
        name: str,
        owner_id: int,
        *,
        starter_content: str | None = None,
        private: bool = False,
    ) -> Json:
        """A public thread (type 11; ``private``: 12), dispatched as THREAD_CREATE.

        Forum parent: the starter message is posted inside the thread with
        ``id == thread_id``. Text parent with ``starter_content``: the thread is started
        from a parent-channel message whose id is ``thread_id`` (posted first).
        """
        parent = self.world.channels[parent_id]
        events = self._events
        starter = None
        if parent.type in (15, 16):
            content = starter_content or ""

            def starter(thread: Channel) -> Message:
                return events.build_message(thread.id, owner_id, content, message_id=thread.id)

        elif starter_content is not None:
            events.message_create(
                events.build_message(parent_id, owner_id, starter_content, message_id=thread_id)
            )
        thread, _ = events.create_thread(
            parent_id, thread_id, name, owner_id, starter=starter, type=12 if private else 11
        )
        await self._gateway.flush()
        return channel_json(self.world, thread)

    async def archive_thread(self, thread_id: int) -> None:
        """Archive a thread now (THREAD_UPDATE to whoever is connected): it leaves
        the active list and shows up in its parent's archived threads."""
        thread = self.world.channels[thread_id]
        thread.archived, thread.archived_at = True, utcnow()
        self._events.thread_update(thread)
        await self._gateway.flush()

    # faults ---------------------------------------------------------------------------

    async def dispatch_raw(self, event: str, data: Json, *, guild_id: int | None) -> int:
        """Send any dispatch ``d`` as it is, malformed or not, to the owning sessions."""
        count = self._gateway.dispatch(event, lambda _session: data, guild_id=guild_id)
        await self._gateway.flush()
        return count

    async def drop_connections(self, *, resumable: bool = True, abrupt: bool = False) -> None:
        """Close every gateway socket. ``resumable``: close 4000 and keep sessions (events
        are logged and replayed on RESUME); otherwise 4009 and forget them, so the RESUME
        gets INVALID_SESSION and the client re-IDENTIFYs. ``abrupt``: drop TCP, no close frame."""
        await self._gateway.drop(resumable=resumable, abrupt=abrupt)

    async def invalidate_sessions(self, shard_id: int | None = None) -> None:
        """Op 9 INVALID_SESSION d=false on every session (or on shard ``shard_id``'s
        only): the client must re-IDENTIFY."""
        await self._gateway.invalidate(shard_id)

    async def request_reconnect(self) -> None:
        """Op 7 RECONNECT: the client closes and RESUMEs."""
        await self._gateway.request_reconnect()

    def rate_limit_next(
        self,
        method: str,
        path_regex: str,
        times: int = 1,
        retry_after: float = 0.05,
        *,
        is_global: bool = False,
    ) -> None:
        """Answer the next ``times`` matching requests with 429. ``path_regex`` is
        full-matched against the path after the API base, e.g. ``r"/channels/\\d+/messages"``."""
        self._router.force_rate_limit(method, path_regex, times, retry_after, is_global)

    # interactions ---------------------------------------------------------------------

    async def send_interaction(self, payload: Json) -> Json:
        """Dispatch INTERACTION_CREATE. ``payload`` needs ``channel_id`` and ``data``;
        optional ``type`` (2 command, 3 component, 4 autocomplete; default 2),
        ``user_id`` (a member), ``message_id`` (the message holding the component),
        other keys override the generated ones. Returns the full ``d`` (with id, token)."""
        record = self._interactions.build(payload)
        self._interactions.dispatch(record)
        await self._gateway.flush()
        return record.payload

    def interaction_responses(self, interaction_id: int | str) -> list[Json]:
        """Callback bodies the bot POSTed for the interaction, in order."""
        return self._interactions.records[int(interaction_id)].responses

    def interaction_followups(self, interaction_id: int | str) -> list[Json]:
        """Webhook calls (followup POSTs, @original PATCH/DELETE) for the interaction."""
        return self._interactions.records[int(interaction_id)].followups

    def interaction_messages(self, interaction_id: int | str) -> list[Json]:
        """Messages the interaction produced (original + followups), current state."""
        return self._interactions.messages_of(int(interaction_id))

    def commands(self, guild_id: int | None = None) -> list[Json]:
        """Application commands the bot registered (global, or for ``guild_id``)."""
        store = self._interactions.global_commands
        if guild_id is not None:
            store = self._interactions.guild_commands.get(guild_id, {})
        return list(store.values())

    # observation ----------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        return self._router.requests

    @property
    def posted_messages(self) -> list[Json]:
        """Bot ``POST /channels/{id}/messages`` bodies plus ``channel_id``/``message_id``."""
        return self._core.posted_messages

    @property
    def member_edits(self) -> list[Json]:
        """``PATCH /guilds/{gid}/members/{uid}`` bodies plus ``guild_id``/``user_id``."""
        return self._core.member_edits

    @property
    def unexpected_requests(self) -> list[RecordedRequest]:
        """Requests to routes the fake doesn't implement (404/405 with no route)."""
        return [r for r in self.requests if r.route is None]

    @property
    def identify_count(self) -> int:
        return self._gateway.identify_count

    @property
    def resume_count(self) -> int:
        return self._gateway.resume_count

    @property
    def identify_payloads(self) -> list[Json]:
        return self._gateway.identify_payloads

    @property
    def gateway_connections(self) -> list[ConnectionRecord]:
        return self._gateway.records

    @property
    def connected_sessions(self) -> int:
        """Sessions currently attached to a socket and past READY/RESUMED."""
        return self._gateway.connected_count

    # ``timeout`` parameters are part of the fixture's contract, hence the ASYNC109 waivers.

    async def wait_until_connected(self, count: int = 1, timeout: float = 10) -> None:  # noqa: ASYNC109
        """Until ``count`` sessions are connected and have received READY/RESUMED."""
        async with deadline(timeout, f"{count} connected session(s)"):
            await self._notifier.wait_for(lambda: self._gateway.connected_count >= count)

    async def wait_for_request(
        self,
        method: str,
        path_regex: str,
        *,
        count: int = 1,
        timeout: float = 5,  # noqa: ASYNC109
    ) -> RecordedRequest:
        """Until ``count`` answered requests match; returns the latest match."""

        def matches() -> list[RecordedRequest]:
            return [
                r
                for r in self.requests
                if r.method == method.upper() and r.status and re.fullmatch(path_regex, r.path)
            ]

        async with deadline(timeout, f"{count}x {method} {path_regex}"):
            await self._notifier.wait_for(lambda: len(matches()) >= count)
        return matches()[-1]

    async def wait_for_posted(self, count: int = 1, timeout: float = 5) -> list[Json]:  # noqa: ASYNC109
        """Until the bot has posted ``count`` channel messages in total."""
        async with deadline(timeout, f"{count} posted message(s)"):
            await self._notifier.wait_for(lambda: len(self.posted_messages) >= count)
        return self.posted_messages

    def history(self, channel_id: int) -> list[Json]:
        """The channel's stored messages, oldest first, as REST message objects."""
        return [message_json(self.world, m) for m in self.world.messages(channel_id)]

    def debug_state(self) -> dict[str, Any]:
        return {
            "sessions": {
                sid: {"shard": [s.shard_id, s.shard_count], "seq": s.seq, "connected": s.connected}
                for sid, s in self._gateway.sessions.items()
            },
            "connections": len(self._gateway.connections),
            "requests": len(self.requests),
        }
