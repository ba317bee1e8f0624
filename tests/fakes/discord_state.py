"""The fake Discord's world: users, guilds, channels, roles, members and messages.

Kept free of any networking so the REST app and the gateway read and write one shared
model, and so tests can build a server synchronously before the bot starts. Ids are
real snowflakes (``ms since 2015-01-01 << 22``) because the bot orders and dates
messages by id exactly as discord.py does.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

Json = dict[str, Any]

DISCORD_EPOCH_MS = 1_420_070_400_000

# Gateway intents (https://discord.com/developers/docs/events/gateway#gateway-intents).
INTENT_GUILDS = 1 << 0
INTENT_GUILD_MEMBERS = 1 << 1
INTENT_GUILD_PRESENCES = 1 << 8
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_GUILD_MESSAGE_REACTIONS = 1 << 10
INTENT_MESSAGE_CONTENT = 1 << 15
PRIVILEGED_INTENTS = INTENT_GUILD_MEMBERS | INTENT_GUILD_PRESENCES | INTENT_MESSAGE_CONTENT

# Permission bits used for defaults and for the member ``permissions`` string.
PERM_ADMINISTRATOR = 1 << 3
ALL_PERMISSIONS = (1 << 51) - 1
DEFAULT_EVERYONE_PERMISSIONS = (
    (1 << 0)  # create instant invite
    | (1 << 6)  # add reactions
    | (1 << 10)  # view channel
    | (1 << 11)  # send messages
    | (1 << 14)  # embed links
    | (1 << 15)  # attach files
    | (1 << 16)  # read message history
    | (1 << 18)  # use external emojis
    | (1 << 26)  # change nickname
    | (1 << 31)  # use application commands
    | (1 << 35)  # create public threads
    | (1 << 38)  # send messages in threads
)
DEFAULT_BOT_PERMISSIONS = (
    DEFAULT_EVERYONE_PERMISSIONS
    | (1 << 13)  # manage messages
    | (1 << 34)  # manage threads
    | (1 << 40)  # moderate members (timeouts)
)

TEXT_CHANNEL_TYPES = frozenset({0, 5, 10, 11, 12})
THREAD_TYPES = frozenset({10, 11, 12})


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(dt: datetime) -> str:
    """Discord's timestamp format: ``2017-07-11T17:27:07.299000+00:00``."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).isoformat(timespec="microseconds")


def snowflake_time(snowflake: int) -> datetime:
    return datetime.fromtimestamp(((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000, UTC)


def shard_for(guild_id: int, shard_count: int) -> int:
    """Which shard owns a guild, per Discord's sharding formula."""
    return (guild_id >> 22) % max(shard_count, 1)


class SnowflakeFactory:
    """Unique snowflakes for a given or the current time (worker 1, process 0)."""

    def __init__(self) -> None:
        self._increments: dict[int, int] = {}

    def make(self, when: datetime | None = None) -> int:
        ms = int(when.timestamp() * 1000) if when is not None else int(time.time() * 1000)
        since = max(ms - DISCORD_EPOCH_MS, 0)
        while self._increments.get(since, 0) >= 4096:
            since += 1
        inc = self._increments.get(since, 0)
        self._increments[since] = inc + 1
        return (since << 22) | (1 << 17) | inc


@dataclass
class User:
    id: int
    username: str
    bot: bool = False
    global_name: str | None = None


@dataclass
class Role:
    id: int
    name: str
    permissions: int = 0
    position: int = 0
    managed: bool = False
    bot_id: int | None = None


@dataclass
class Member:
    user_id: int
    roles: list[int]
    joined_at: datetime
    nick: str | None = None
    communication_disabled_until: str | None = None


@dataclass
class Channel:
    """A guild channel or thread. Threads keep ``owner_id`` and their parent in ``parent_id``."""

    id: int
    guild_id: int
    name: str
    type: int
    parent_id: int | None = None
    position: int = 0
    topic: str | None = None
    owner_id: int | None = None
    archived: bool = False
    created_at: datetime = field(default_factory=utcnow)
    archived_at: datetime | None = None  # when a thread was last archived
    permission_overwrites: list[Json] = field(default_factory=list)

    @property
    def is_thread(self) -> bool:
        return self.type in THREAD_TYPES


@dataclass
class Guild:
    id: int
    name: str
    shard_count: int = 1
    owner_id: int = 0
    joined_at: datetime = field(default_factory=utcnow)
    roles: dict[int, Role] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)
    channel_ids: list[int] = field(default_factory=list)


@dataclass
class Reaction:
    emoji: Json
    user_ids: list[int] = field(default_factory=list)


@dataclass
class Message:
    """A stored message; rendered to JSON by ``discord_payloads.message_json``."""

    id: int
    channel_id: int
    guild_id: int | None
    author_id: int
    content: str
    timestamp: datetime
    type: int = 0
    edited_timestamp: datetime | None = None
    tts: bool = False
    mention_everyone: bool = False
    mentions: list[int] = field(default_factory=list)
    mention_roles: list[int] = field(default_factory=list)
    attachments: list[Json] = field(default_factory=list)
    embeds: list[Json] = field(default_factory=list)
    components: list[Json] = field(default_factory=list)
    flags: int = 0
    pinned: bool = False
    nonce: str | int | None = None
    reference: Json | None = None
    referenced_id: int | None = None
    webhook_id: int | None = None
    application_id: int | None = None
    interaction_metadata: Json | None = None
    reactions: dict[str, Reaction] = field(default_factory=dict)


def emoji_key(emoji: str) -> tuple[str, Json]:
    """``"🔥"`` or ``"name:id"`` (custom) -> (key, Discord emoji object)."""
    name, _, emoji_id = emoji.partition(":")
    if emoji_id.isdigit():
        return f"{name}:{emoji_id}", {"id": emoji_id, "name": name}
    return emoji, {"id": None, "name": emoji}


class World:
    """Everything the fake server knows; mutated by tests, REST handlers and the gateway."""

    def __init__(self, *, bot_user_id: int, application_id: int, bot_name: str) -> None:
        self.bot_user_id = bot_user_id
        self.application_id = application_id
        self.snowflakes = SnowflakeFactory()
        self.users: dict[int, User] = {bot_user_id: User(bot_user_id, bot_name, bot=True)}
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self._messages: dict[int, dict[int, Message]] = {}
        self._order: dict[int, list[int]] = {}

    # users, guilds, channels -------------------------------------------------

    def user(self, user_id: int) -> User:
        """Known user, or an auto-created non-member (e.g. a webhook or a departed user)."""
        if user_id not in self.users:
            self.users[user_id] = User(user_id, f"user{user_id}")
        return self.users[user_id]

    def guild_of(self, channel_id: int) -> Guild | None:
        channel = self.channels.get(channel_id)
        return self.guilds.get(channel.guild_id) if channel else None

    def member_permissions(self, guild: Guild, user_id: int) -> int:
        """Guild-level permissions: @everyone | the member's roles; owner/admin get all."""
        if user_id == guild.owner_id:
            return ALL_PERMISSIONS
        everyone = guild.roles.get(guild.id)
        perms = everyone.permissions if everyone else 0
        member = guild.members.get(user_id)
        for role_id in member.roles if member else []:
            role = guild.roles.get(role_id)
            if role:
                perms |= role.permissions
        return ALL_PERMISSIONS if perms & PERM_ADMINISTRATOR else perms

    # messages ----------------------------------------------------------------

    def store(self, message: Message) -> None:
        by_id = self._messages.setdefault(message.channel_id, {})
        if message.id not in by_id:
            bisect.insort(self._order.setdefault(message.channel_id, []), message.id)
        by_id[message.id] = message

    def message(self, channel_id: int, message_id: int) -> Message | None:
        return self._messages.get(channel_id, {}).get(message_id)

    def find_message(self, message_id: int) -> Message | None:
        for by_id in self._messages.values():
            if message_id in by_id:
                return by_id[message_id]
        return None

    def remove(self, channel_id: int, message_id: int) -> Message | None:
        message = self._messages.get(channel_id, {}).pop(message_id, None)
        if message is not None:
            self._order[channel_id].remove(message_id)
        return message

    def messages(self, channel_id: int) -> list[Message]:
        """Oldest first."""
        by_id = self._messages.get(channel_id, {})
        return [by_id[i] for i in self._order.get(channel_id, [])]

    def last_message_id(self, channel_id: int) -> int | None:
        order = self._order.get(channel_id)
        return order[-1] if order else None

    def query(
        self,
        channel_id: int,
        *,
        limit: int,
        before: int | None = None,
        after: int | None = None,
        around: int | None = None,
    ) -> list[Message]:
        """``GET /channels/{id}/messages`` semantics; always returns newest first.

        ``after`` yields the ``limit`` messages immediately after the id (still newest
        first), which is what discord.py's ``history(after=...)`` pages on: it takes
        ``data[0]`` as the next cursor and reverses each page.
        """
        ids = self._order.get(channel_id, [])
        if around is not None:
            at = bisect.bisect_left(ids, around)
            older = limit // 2
            chosen = ids[max(at - older, 0) : at] + ids[at : at + (limit - older)]
        elif before is not None:
            end = bisect.bisect_left(ids, before)
            chosen = ids[max(end - limit, 0) : end]
        elif after is not None:
            start = bisect.bisect_right(ids, after)
            chosen = ids[start : start + limit]
        else:
            chosen = ids[-limit:]
        by_id = self._messages[channel_id] if chosen else {}
        return [by_id[i] for i in reversed(chosen)]


class Notifier:
    """Lets tests await "until X is true" on state changed from sync or async code."""

    def __init__(self) -> None:
        self._event: asyncio.Event | None = None

    def changed(self) -> None:
        if self._event is not None:
            self._event.set()
            self._event = None

    async def wait_for(self, predicate: Callable[[], bool]) -> None:
        """Return once ``predicate()`` holds; bound it with ``deadline()``."""
        while not predicate():
            if self._event is None:
                self._event = asyncio.Event()
            await self._event.wait()


@contextlib.asynccontextmanager
async def deadline(seconds: float, what: str) -> AsyncIterator[None]:
    """``asyncio.timeout`` whose error says what the test was waiting for."""
    try:
        async with asyncio.timeout(seconds):
            yield
    except TimeoutError:
        raise TimeoutError(f"fake discord: timed out after {seconds}s waiting for {what}") from None
