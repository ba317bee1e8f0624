"""The fake gateway: Discord's websocket protocol as discord.py 2.7 speaks it.

Sessions outlive connections, as on Discord: every dispatch gets the session's next
sequence number and is logged, and a RESUME replays the log after the client's
``seq`` - so a drop loses nothing. Each connection has one writer task that owns
the (stateful) compressor, so frames leave in sequence order and dispatching is a
synchronous call usable from test code and REST handlers alike.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from aiohttp import WSMsgType, web

from tests.fakes.discord_payloads import guild_create_json, member_json, user_json
from tests.fakes.discord_state import (
    INTENT_GUILD_MEMBERS,
    PRIVILEGED_INTENTS,
    Json,
    Notifier,
    World,
    deadline,
    shard_for,
)

OP_DISPATCH, OP_HEARTBEAT, OP_IDENTIFY, OP_PRESENCE, OP_VOICE = 0, 1, 2, 3, 4
OP_RESUME, OP_RECONNECT, OP_REQUEST_MEMBERS, OP_INVALID_SESSION = 6, 7, 8, 9
OP_HELLO, OP_HEARTBEAT_ACK = 10, 11
FLUSH_SECONDS = 5.0


class _Encoder(Protocol):
    def __call__(self, text: str) -> bytes | str: ...


def make_encoder(compress: str | None) -> _Encoder:
    """Transport compression as requested in the URL's ``compress=`` parameter.

    ``zlib-stream``: one zlib context per connection, every frame ends in a
    Z_SYNC_FLUSH (``00 00 ff ff``), which is how discord.py detects a complete message.
    ``zstd-stream`` (what discord.py asks for when ``zstandard`` or
    ``compression.zstd`` is importable): one zstd stream, each frame block-flushed.
    """
    if compress == "zlib-stream":
        context = zlib.compressobj()

        def zlib_frame(text: str) -> bytes:
            return context.compress(text.encode()) + context.flush(zlib.Z_SYNC_FLUSH)

        return zlib_frame
    if compress == "zstd-stream":
        return _zstd_encoder()
    return lambda text: text


def _zstd_encoder() -> _Encoder:
    try:
        import zstandard  # type: ignore[import-not-found]
    except ImportError:
        from compression import zstd  # type: ignore[import-not-found]

        compressor = zstd.ZstdCompressor()
        return lambda text: compressor.compress(text.encode(), mode=compressor.FLUSH_BLOCK)
    stream = zstandard.ZstdCompressor().compressobj()
    return lambda text: (
        stream.compress(text.encode()) + stream.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
    )


@dataclass
class _Close:
    code: int
    abrupt: bool = False


@dataclass
class ConnectionRecord:
    """One websocket connection as the client opened it (path and query string)."""

    path: str
    query: dict[str, str]
    ops_received: list[int] = field(default_factory=list)


class GatewayConnection:
    """One websocket; frames are queued and written by a single task, in order."""

    def __init__(self, ws: web.WebSocketResponse, request: web.Request, encoder: _Encoder) -> None:
        self.ws = ws
        self.request = request
        self.encoder = encoder
        self.queue: asyncio.Queue[str | _Close | Callable[[], None]] = asyncio.Queue()
        self.session: GatewaySession | None = None
        self.closed_by_server = False
        self.dead = False

    def send(self, payload: Json | str) -> None:
        if not self.dead:
            self.queue.put_nowait(payload if isinstance(payload, str) else json.dumps(payload))

    def call(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once everything queued before it has been written."""
        if not self.dead:
            self.queue.put_nowait(callback)

    def close(self, code: int, *, abrupt: bool = False) -> None:
        if not self.dead and not self.closed_by_server:
            self.closed_by_server = True
            self.queue.put_nowait(_Close(code, abrupt))

    def abandon(self) -> None:
        """Forget frames no one will write (the peer is gone), so that ``flush`` does
        not wait for them: a frame can be queued after the last wait for the writer."""
        while not self.queue.empty():
            self.queue.get_nowait()
            self.queue.task_done()

    async def run_writer(self) -> None:
        while True:
            item = await self.queue.get()
            try:
                if self.dead:
                    continue
                if isinstance(item, str):
                    frame = self.encoder(item)
                    if isinstance(frame, bytes):
                        await self.ws.send_bytes(frame)
                    else:
                        await self.ws.send_str(frame)
                elif isinstance(item, _Close):
                    self.dead = True
                    if item.abrupt and self.request.transport is not None:
                        self.request.transport.close()
                    else:
                        await self.ws.close(code=item.code)
                else:
                    item()
            except (ConnectionError, RuntimeError):
                self.dead = True
            finally:
                self.queue.task_done()


class GatewaySession:
    """A Discord session: survives disconnects until invalidated or closed with 1000."""

    def __init__(self, session_id: str, shard: tuple[int, int], intents: int) -> None:
        self.session_id = session_id
        self.shard_id, self.shard_count = shard
        self.intents = intents
        self.seq = 0
        self.log: list[tuple[int, str]] = []
        self.connection: GatewayConnection | None = None
        self.connected = False

    def owns(self, guild_id: int) -> bool:
        return shard_for(guild_id, self.shard_count) == self.shard_id

    def dispatch(self, event: str, data: Json) -> None:
        self.seq += 1
        frame = json.dumps({"op": OP_DISPATCH, "t": event, "s": self.seq, "d": data})
        self.log.append((self.seq, frame))
        if self.connection is not None:
            self.connection.send(frame)


class Gateway:
    """Accepts websocket connections and routes events to the sessions that own them."""

    def __init__(
        self,
        world: World,
        notifier: Notifier,
        *,
        token: str,
        heartbeat_interval_ms: int,
        enabled_intents: int,
    ) -> None:
        self.world = world
        self.notifier = notifier
        self.token = token
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.enabled_intents = enabled_intents
        self.url = ""  # set by the server once bound: ws://127.0.0.1:PORT/
        self.sessions: dict[str, GatewaySession] = {}
        self.connections: set[GatewayConnection] = set()
        self.records: list[ConnectionRecord] = []
        self.identify_payloads: list[Json] = []
        self.identify_count = 0
        self.resume_count = 0
        self.heartbeat_count = 0

    # event routing ------------------------------------------------------------

    def dispatch(
        self,
        event: str,
        build: Callable[[GatewaySession], Json | None],
        *,
        guild_id: int | None,
        intent: int = 0,
    ) -> int:
        """Send an event to every live session owning ``guild_id`` whose intents cover it.

        ``build`` returns the per-session ``d`` (or None to skip). Disconnected but
        resumable sessions still log it for replay. Returns how many sessions got it.
        """
        count = 0
        for session in list(self.sessions.values()):
            if guild_id is not None and not session.owns(guild_id):
                continue
            if intent and not session.intents & intent:
                continue
            data = build(session)
            if data is not None:
                session.dispatch(event, data)
                count += 1
        return count

    @property
    def connected_count(self) -> int:
        return sum(1 for s in self.sessions.values() if s.connected)

    async def flush(self) -> None:
        """Wait until every queued frame has been written to its socket."""
        async with deadline(FLUSH_SECONDS, "gateway frames to be written"):
            for connection in list(self.connections):
                await connection.queue.join()

    async def drop(self, *, resumable: bool, abrupt: bool = False) -> None:
        for session in list(self.sessions.values()):
            if not resumable:
                self.sessions.pop(session.session_id, None)
            session.connected = False
        for connection in list(self.connections):
            connection.close(4000 if resumable else 4009, abrupt=abrupt)
        await self.flush()
        self.notifier.changed()

    async def invalidate(self, shard_id: int | None = None) -> None:
        for session in list(self.sessions.values()):
            if shard_id is not None and session.shard_id != shard_id:
                continue
            self.sessions.pop(session.session_id, None)
            session.connected = False
            if session.connection is not None:
                session.connection.send({"op": OP_INVALID_SESSION, "d": False})
        await self.flush()
        self.notifier.changed()

    async def request_reconnect(self) -> None:
        for connection in list(self.connections):
            connection.send({"op": OP_RECONNECT, "d": None})
        await self.flush()

    # websocket handling -------------------------------------------------------

    async def handle(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(timeout=2.0, max_msg_size=0)
        await ws.prepare(request)
        query = dict(request.query)
        record = ConnectionRecord(request.path, query)
        self.records.append(record)
        try:
            encoder = make_encoder(query.get("compress"))
        except ImportError:  # zstd-stream asked by a client process that has zstd, we don't
            await ws.close(code=4000, message=b"fake discord: zstd-stream needs zstandard")
            return ws
        connection = GatewayConnection(ws, request, encoder)
        self.connections.add(connection)
        writer = asyncio.create_task(connection.run_writer())
        try:
            if query.get("v", "10") != "10":
                connection.close(4012)
            elif query.get("encoding", "json") != "json":
                connection.close(4002)
            else:
                connection.send(
                    {
                        "op": OP_HELLO,
                        "d": {"heartbeat_interval": self.heartbeat_interval_ms, "_trace": ["fake"]},
                    }
                )
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    connection.close(4002)
                    continue
                try:
                    payload = json.loads(msg.data)
                    op = payload["op"]
                except (ValueError, KeyError, TypeError):
                    connection.close(4002)
                    continue
                record.ops_received.append(op)
                self._on_op(connection, op, payload.get("d"))
        finally:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(connection.queue.join(), 1.0)
            writer.cancel()
            connection.dead = True
            connection.abandon()
            self.connections.discard(connection)
            self._detach(connection, ws.close_code)
        return ws

    def _detach(self, connection: GatewayConnection, close_code: int | None) -> None:
        session = connection.session
        if session is None or session.connection is not connection:
            return
        session.connection = None
        session.connected = False
        if not connection.closed_by_server and close_code in (1000, 1001):
            # A clean client close ends the session on Discord; nothing is buffered.
            self.sessions.pop(session.session_id, None)
        self.notifier.changed()

    def _on_op(self, connection: GatewayConnection, op: int, data: Any) -> None:
        if op == OP_HEARTBEAT:
            self.heartbeat_count += 1
            connection.send({"op": OP_HEARTBEAT_ACK})
        elif op == OP_IDENTIFY:
            self._identify(connection, data)
        elif op == OP_RESUME:
            self._resume(connection, data)
        elif op == OP_REQUEST_MEMBERS:
            self._request_members(connection, data)
        elif op in (OP_PRESENCE, OP_VOICE):
            pass
        else:
            connection.close(4001)  # unknown opcode

    def _mark_connected(self, session: GatewaySession, connection: GatewayConnection) -> None:
        def mark() -> None:
            if session.connection is connection and session.session_id in self.sessions:
                session.connected = True
                self.notifier.changed()

        connection.call(mark)

    def _identify(self, connection: GatewayConnection, data: Json) -> None:
        if connection.session is not None:
            connection.close(4005)  # already authenticated
            return
        if not isinstance(data, dict) or data.get("token") != self.token:
            connection.close(4004)  # authentication failed
            return
        intents = data.get("intents")
        if not isinstance(intents, int):
            connection.close(4013)
            return
        if intents & PRIVILEGED_INTENTS & ~self.enabled_intents:
            connection.close(4014)  # disallowed intents
            return
        shard_id, shard_count = data.get("shard") or (0, 1)
        if not 0 <= shard_id < shard_count:
            connection.close(4010)  # invalid shard
            return
        self.identify_count += 1
        self.identify_payloads.append(data)
        session = GatewaySession(secrets.token_hex(16), (shard_id, shard_count), intents)
        self.sessions[session.session_id] = session
        session.connection = connection
        connection.session = session
        owned = [g for g in self.world.guilds.values() if session.owns(g.id)]
        session.dispatch("READY", self._ready_json(session, [g.id for g in owned]))
        for guild in owned:
            session.dispatch("GUILD_CREATE", self.guild_create(session, guild.id))
        self._mark_connected(session, connection)

    def guild_create(self, session: GatewaySession, guild_id: int) -> Json:
        return guild_create_json(
            self.world,
            self.world.guilds[guild_id],
            all_members=bool(session.intents & INTENT_GUILD_MEMBERS),
        )

    def _ready_json(self, session: GatewaySession, guild_ids: list[int]) -> Json:
        bot = user_json(self.world.users[self.world.bot_user_id])
        bot.update(verified=True, mfa_enabled=False, email=None)
        return {
            "v": 10,
            "user": bot,
            "guilds": [{"id": str(g), "unavailable": True} for g in guild_ids],
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": self.url + "resume",
            "shard": [session.shard_id, session.shard_count],
            "application": {"id": str(self.world.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
            "auth": {},
            "_trace": ["fake-discord"],
        }

    def _resume(self, connection: GatewayConnection, data: Json) -> None:
        session = self.sessions.get(data.get("session_id", "")) if isinstance(data, dict) else None
        if session is None or data.get("token") != self.token or connection.session is not None:
            connection.send({"op": OP_INVALID_SESSION, "d": False})
            return
        if session.connection is not None and session.connection is not connection:
            old = session.connection
            old.session = None
            old.close(4000)
        self.resume_count += 1
        session.connection = connection
        connection.session = session
        last = data.get("seq") or 0
        for seq, frame in session.log:
            if seq > last:
                connection.send(frame)
        session.dispatch("RESUMED", {"_trace": ["fake-discord"]})
        self._mark_connected(session, connection)

    def _request_members(self, connection: GatewayConnection, data: Json) -> None:
        session = connection.session
        guild = self.world.guilds.get(int(data.get("guild_id", 0))) if session else None
        if session is None or guild is None:
            return
        query = str(data.get("query") or "").lower()
        wanted = {int(u) for u in data.get("user_ids") or []}
        members = [
            m
            for m in guild.members.values()
            if (not wanted or m.user_id in wanted)
            and self.world.user(m.user_id).username.lower().startswith(query)
        ]
        if data.get("limit"):
            members = members[: int(data["limit"])]
        payload: Json = {
            "guild_id": str(guild.id),
            "members": [member_json(self.world, guild, m) for m in members],
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
        }
        if data.get("nonce") is not None:
            payload["nonce"] = data["nonce"]
        session.dispatch("GUILD_MEMBERS_CHUNK", payload)
