"""REST endpoints for users, guilds, channels and messages, with Discord's semantics.

Validation mirrors the errors a bot meets in production (empty message 50006,
any size limit broken - content over 2000 characters, an embed field over 1024, a
sixth button in a row ... - 50035, see ``discord_limits``; editing someone else's
message 50005, unknown channel 10003 ...) so tests catch the mistakes Discord would
reject.
"""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta
from typing import Any

from tests.fakes.discord_application import application_flags, my_guilds
from tests.fakes.discord_events import Events
from tests.fakes.discord_limits import Path, message_problems, refuse
from tests.fakes.discord_payloads import (
    channel_json,
    guild_json,
    member_json,
    message_json,
    role_json,
    user_json,
)
from tests.fakes.discord_rest import Call, DiscordHTTPError, RestRouter, Result, form_error
from tests.fakes.discord_state import (
    INTENT_MESSAGE_CONTENT,
    TEXT_CHANNEL_TYPES,
    Channel,
    Guild,
    Json,
    Message,
    World,
    iso,
    snowflake_time,
    utcnow,
)

PERM_MANAGE_MESSAGES = 1 << 13
FORUM_TYPES = (15, 16)

# How long Discord remembers an enforced nonce (its docs: "the past few minutes").
NONCE_MEMORY_SECONDS = 180.0


def effective_mentions(
    content: str, allowed: Json | None, replied_author: int | None
) -> tuple[list[int], list[int], bool]:
    """Who a bot message really pings: mentions in ``content`` filtered by allowed_mentions."""
    users = [int(u) for u in re.findall(r"<@!?(\d+)>", content)]
    roles = [int(r) for r in re.findall(r"<@&(\d+)>", content)]
    everyone = "@everyone" in content or "@here" in content
    if allowed is None:
        parse, allowed_users, allowed_roles, replied = {"users", "roles", "everyone"}, [], [], True
    else:
        parse = set(allowed.get("parse") or [])
        allowed_users = [int(u) for u in allowed.get("users") or []]
        allowed_roles = [int(r) for r in allowed.get("roles") or []]
        replied = bool(allowed.get("replied_user", False))
    users = [u for u in dict.fromkeys(users) if "users" in parse or u in allowed_users]
    roles = [r for r in dict.fromkeys(roles) if "roles" in parse or r in allowed_roles]
    if replied_author is not None and replied and replied_author not in users:
        users.append(replied_author)
    return users, roles, everyone and "everyone" in parse


def validate_message_body(
    raw: Any, files: list[Json], *, partial: bool = False, at: Path = ()
) -> Json:
    """The body, if Discord would take it: within every size limit (``discord_limits``;
    ``at``: where it sits in the request), mentions coherent, not empty."""
    body: Json = raw if isinstance(raw, dict) else {}
    refuse(message_problems(body, at))
    allowed = body.get("allowed_mentions")
    if isinstance(allowed, dict):
        for kind in ("users", "roles"):
            if kind in (allowed.get("parse") or []) and allowed.get(kind):
                raise form_error(
                    "allowed_mentions",
                    "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                    f'parse:["{kind}"] and {kind}: [ids...] are mutually exclusive.',
                )
    has_payload = any(
        body.get(k) for k in ("content", "embeds", "components", "sticker_ids", "poll")
    )
    if not partial and not has_payload and not files:
        raise DiscordHTTPError(400, 50006, "Cannot send an empty message")
    return body


def message_from_body(
    events: Events,
    channel_id: int,
    body: Json,
    files: list[Json],
    *,
    author_id: int,
    type: int = 0,
    message_id: int | None = None,
) -> Message:
    """Build (not store) the message a POST body describes, authored by ``author_id``."""
    world = events.world
    reference = body.get("message_reference")
    reply_to: int | None = None
    if isinstance(reference, dict) and reference.get("message_id"):
        reply_to = int(reference["message_id"])
        ref_channel = int(reference.get("channel_id") or channel_id)
        if world.message(ref_channel, reply_to) is None:
            if reference.get("fail_if_not_exists", True):
                raise form_error(
                    "message_reference", "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message"
                )
            reply_to = None
    replied = world.message(channel_id, reply_to) if reply_to else None
    content = str(body.get("content") or "")
    users, roles, everyone = effective_mentions(
        content, body.get("allowed_mentions"), replied.author_id if replied else None
    )
    message = events.build_message(
        channel_id,
        author_id,
        content,
        message_id=message_id,
        reply_to=reply_to,
        mentions=users,
        mention_roles=roles,
        mention_everyone=everyone,
        embeds=body.get("embeds") or [],
        components=body.get("components") or [],
        type=type,
        flags=int(body.get("flags") or 0),
        nonce=body.get("nonce"),
        attachments=[_uploaded(events, channel_id, f) for f in files],
    )
    message.tts = bool(body.get("tts", False))
    return message


def _uploaded(events: Events, channel_id: int, file: Json) -> Json:
    attachment_id = events.world.snowflakes.make()
    url = f"https://cdn.discordapp.com/attachments/{channel_id}/{attachment_id}/{file['filename']}"
    return {
        "id": str(attachment_id),
        "filename": file["filename"],
        "size": file["size"],
        "url": url,
        "proxy_url": url,
    }


def apply_edit(message: Message, body: Json) -> None:
    if "content" in body:
        message.content = str(body["content"] or "")
    for key in ("embeds", "components"):
        if key in body:
            setattr(message, key, body[key] or [])
    if "flags" in body and body["flags"] is not None:
        message.flags = (message.flags & 64) | int(body["flags"])
    if "allowed_mentions" in body or "content" in body:
        users, roles, everyone = effective_mentions(
            message.content, body.get("allowed_mentions"), None
        )
        message.mentions, message.mention_roles, message.mention_everyone = users, roles, everyone


class CoreRoutes:
    """Handlers for the non-interaction endpoints; state lives in the World."""

    def __init__(self, events: Events, *, gateway_url: str, enabled_intents: int) -> None:
        self.events = events
        self.world: World = events.world
        self.gateway_url = gateway_url
        self.enabled_intents = enabled_intents
        self.posted_messages: list[Json] = []
        self.member_edits: list[Json] = []
        self._nonces: dict[tuple[int, str], tuple[int, float]] = {}  # → (message, when)

    def register(self, router: RestRouter) -> None:
        add = router.add
        add("GET", "/gateway", self.get_gateway, auth=False)
        add("GET", "/gateway/bot", self.get_gateway_bot)
        add("GET", "/users/@me", self.get_me)
        add("GET", "/users/@me/guilds", self.get_my_guilds)
        add("GET", "/users/{user_id}", self.get_user)
        add("GET", "/oauth2/applications/@me", self.get_application)
        add("GET", "/applications/@me", self.get_application)
        add("GET", "/guilds/{guild_id}", self.get_guild)
        add("GET", "/guilds/{guild_id}/channels", self.get_guild_channels)
        add("GET", "/guilds/{guild_id}/threads/active", self.get_active_threads)
        add("GET", "/guilds/{guild_id}/roles", self.get_roles)
        add("GET", "/guilds/{guild_id}/members", self.list_members)
        add("GET", "/guilds/{guild_id}/members/{user_id}", self.get_member)
        add("PATCH", "/guilds/{guild_id}/members/{user_id}", self.edit_member)
        add("GET", "/channels/{channel_id}", self.get_channel)
        add("POST", "/channels/{channel_id}/typing", self.typing)
        add("GET", "/channels/{channel_id}/messages", self.get_messages)
        add("POST", "/channels/{channel_id}/messages", self.post_message)
        add("POST", "/channels/{channel_id}/messages/bulk-delete", self.bulk_delete)
        add("GET", "/channels/{channel_id}/messages/{message_id}", self.get_message)
        add("PATCH", "/channels/{channel_id}/messages/{message_id}", self.edit_message)
        add("DELETE", "/channels/{channel_id}/messages/{message_id}", self.delete_message)
        reaction = "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me"
        add("PUT", reaction, self.add_own_reaction)
        add("DELETE", reaction, self.remove_own_reaction)
        add(
            "POST", "/channels/{channel_id}/messages/{message_id}/threads", self.thread_from_message
        )
        add("POST", "/channels/{channel_id}/threads", self.thread_without_message)

    # lookups ------------------------------------------------------------------

    def _guild(self, call: Call) -> Guild:
        guild = self.world.guilds.get(call.id("guild_id"))
        if guild is None:
            raise DiscordHTTPError(404, 10004, "Unknown Guild")
        return guild

    def _channel(self, call: Call) -> Channel:
        channel = self.world.channels.get(call.id("channel_id"))
        if channel is None:
            raise DiscordHTTPError(404, 10003, "Unknown Channel")
        return channel

    def _message(self, call: Call) -> Message:
        channel = self._channel(call)
        message = self.world.message(channel.id, call.id("message_id"))
        if message is None:
            raise DiscordHTTPError(404, 10008, "Unknown Message")
        return message

    def _render(self, message: Message) -> Json:
        strip = not self.enabled_intents & INTENT_MESSAGE_CONTENT and not (
            message.author_id == self.world.bot_user_id
            or self.world.bot_user_id in message.mentions
        )
        return message_json(self.world, message, strip_content=strip)

    # gateway, users, application -------------------------------------------------

    async def get_gateway(self, call: Call) -> Result:
        return 200, {"url": self.gateway_url}

    async def get_gateway_bot(self, call: Call) -> Result:
        shards = max((g.shard_count for g in self.world.guilds.values()), default=1)
        limit = {"total": 1000, "remaining": 999, "reset_after": 14400000, "max_concurrency": 1}
        return 200, {"url": self.gateway_url, "shards": shards, "session_start_limit": limit}

    async def get_me(self, call: Call) -> Result:
        me = user_json(self.world.users[self.world.bot_user_id])
        me.update(verified=True, mfa_enabled=False, email=None, locale="en-US")
        return 200, me

    async def get_user(self, call: Call) -> Result:
        user = self.world.users.get(call.id("user_id"))
        if user is None:
            raise DiscordHTTPError(404, 10013, "Unknown User")
        return 200, user_json(user)

    async def get_my_guilds(self, call: Call) -> Result:
        return 200, my_guilds(self.world)

    async def get_application(self, call: Call) -> Result:
        bot = user_json(self.world.users[self.world.bot_user_id])
        return 200, {
            "id": str(self.world.application_id),
            "name": bot["username"],
            "icon": None,
            "description": "",
            "summary": "",
            "type": None,
            "bot": bot,
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "owner": user_json(self.world.user(1)),
            "team": None,
            "flags": application_flags(self.enabled_intents),
            "hook": True,
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "integration_types_config": {"0": {}},
        }

    # guilds -----------------------------------------------------------------------

    async def get_guild(self, call: Call) -> Result:
        guild = self._guild(call)
        data = guild_json(self.world, guild)
        if call.query.get("with_counts") in ("true", "1"):
            data.update(approximate_member_count=len(guild.members), approximate_presence_count=0)
        return 200, data

    async def get_guild_channels(self, call: Call) -> Result:
        guild = self._guild(call)
        channels = [self.world.channels[c] for c in guild.channel_ids]
        return 200, [channel_json(self.world, c) for c in channels if not c.is_thread]

    async def get_active_threads(self, call: Call) -> Result:
        guild = self._guild(call)
        threads = [self.world.channels[c] for c in guild.channel_ids]
        active = [channel_json(self.world, t) for t in threads if t.is_thread and not t.archived]
        return 200, {"threads": active, "members": []}

    async def get_roles(self, call: Call) -> Result:
        return 200, [role_json(r) for r in self._guild(call).roles.values()]

    async def list_members(self, call: Call) -> Result:
        guild = self._guild(call)
        limit = min(max(int(call.query.get("limit", 1)), 1), 1000)
        after = int(call.query.get("after", 0))
        members = sorted(
            (m for m in guild.members.values() if m.user_id > after), key=lambda m: m.user_id
        )
        return 200, [member_json(self.world, guild, m) for m in members[:limit]]

    async def get_member(self, call: Call) -> Result:
        guild = self._guild(call)
        member = guild.members.get(call.id("user_id"))
        if member is None:
            raise DiscordHTTPError(404, 10007, "Unknown Member")
        return 200, member_json(self.world, guild, member)

    async def edit_member(self, call: Call) -> Result:
        guild = self._guild(call)
        member = guild.members.get(call.id("user_id"))
        if member is None:
            raise DiscordHTTPError(404, 10007, "Unknown Member")
        body = call.body if isinstance(call.body, dict) else {}
        self.member_edits.append({"guild_id": guild.id, "user_id": member.user_id, **body})
        if "communication_disabled_until" in body:
            if member.user_id == guild.owner_id:
                raise DiscordHTTPError(403, 50013, "Missing Permissions")
            until = body["communication_disabled_until"]
            if until is not None:
                when = datetime.fromisoformat(str(until).replace("Z", "+00:00"))
                if when - utcnow() > timedelta(days=28, minutes=1):
                    raise form_error(
                        "communication_disabled_until",
                        "BASE_TYPE_BAD_LENGTH",
                        "Timeout must be 28 days or less.",
                    )
                until = iso(when)
            member.communication_disabled_until = until
        if "nick" in body:
            member.nick = body["nick"]
        if "roles" in body:
            member.roles = [int(r) for r in body["roles"] or []]
        self.events.member_add(guild, member, update=True)
        return 200, member_json(self.world, guild, member)

    # channels and messages ------------------------------------------------------

    async def get_channel(self, call: Call) -> Result:
        return 200, channel_json(self.world, self._channel(call))

    async def typing(self, call: Call) -> Result:
        self._channel(call)
        return 204, None

    async def get_messages(self, call: Call) -> Result:
        channel = self._channel(call)
        try:
            limit = int(call.query.get("limit", 50))
        except ValueError:
            raise form_error("limit", "NUMBER_TYPE_COERCE", "Value is not int.") from None
        if not 1 <= limit <= 100:
            raise form_error("limit", "NUMBER_TYPE_MAX", "int value should be between 1 and 100.")
        cursors = {k: int(call.query[k]) for k in ("before", "after", "around") if k in call.query}
        found = self.world.query(channel.id, limit=limit, **cursors)
        return 200, [self._render(m) for m in found]

    async def get_message(self, call: Call) -> Result:
        return 200, self._render(self._message(call))

    async def post_message(self, call: Call) -> Result:
        channel = self._channel(call)
        if channel.type not in TEXT_CHANNEL_TYPES:
            raise DiscordHTTPError(400, 50008, "Cannot send messages in a non-text channel")
        body = validate_message_body(call.body, call.record.files)
        nonce_key = (channel.id, str(body.get("nonce")))
        earlier, when = self._nonces.get(nonce_key, (0, 0.0))
        if body.get("enforce_nonce") and time.monotonic() - when < NONCE_MEMORY_SECONDS:
            # Discord answers an enforced nonce repeated within "the past few minutes"
            # with the original message; later, the same nonce sends a new one.
            existing = self.world.message(channel.id, earlier)
            if existing is not None:
                return 200, self._render(existing)
        message = message_from_body(
            self.events, channel.id, body, call.record.files, author_id=self.world.bot_user_id
        )
        if body.get("nonce") is not None:
            self._nonces[nonce_key] = (message.id, time.monotonic())
        self.events.message_create(message)
        self.posted_messages.append({"channel_id": channel.id, "message_id": message.id, **body})
        return 200, self._render(message)

    async def edit_message(self, call: Call) -> Result:
        message = self._message(call)
        if message.author_id != self.world.bot_user_id:
            raise DiscordHTTPError(403, 50005, "Cannot edit a message authored by another user")
        body = validate_message_body(call.body, call.record.files, partial=True)
        apply_edit(message, body)
        message.edited_timestamp = utcnow()
        self.events.message_update(message)
        return 200, self._render(message)

    async def delete_message(self, call: Call) -> Result:
        message = self._message(call)
        guild = self.world.guilds.get(message.guild_id) if message.guild_id else None
        own = message.author_id == self.world.bot_user_id
        may_manage = guild is None or bool(
            self.world.member_permissions(guild, self.world.bot_user_id) & PERM_MANAGE_MESSAGES
        )
        if not own and not may_manage:
            raise DiscordHTTPError(403, 50013, "Missing Permissions")
        self.events.message_delete(message.channel_id, message.id)
        return 204, None

    async def bulk_delete(self, call: Call) -> Result:
        channel = self._channel(call)
        ids = [int(i) for i in (call.body or {}).get("messages") or []]
        if not 2 <= len(ids) <= 100:
            raise form_error(
                "messages", "BASE_TYPE_BAD_LENGTH", "Must be between 2 and 100 in length."
            )
        cutoff = utcnow() - timedelta(days=14)
        if any(snowflake_time(i) < cutoff for i in ids):
            raise DiscordHTTPError(
                400, 50034, "You can only bulk delete messages that are under 14 days old."
            )
        existing = [i for i in ids if self.world.message(channel.id, i) is not None]
        self.events.message_delete_bulk(channel.id, existing)
        return 204, None

    async def add_own_reaction(self, call: Call) -> Result:
        self.events.reaction(
            self._message(call), self.world.bot_user_id, call.params["emoji"], add=True
        )
        return 204, None

    async def remove_own_reaction(self, call: Call) -> Result:
        self.events.reaction(
            self._message(call), self.world.bot_user_id, call.params["emoji"], add=False
        )
        return 204, None

    # threads ----------------------------------------------------------------------

    async def thread_from_message(self, call: Call) -> Result:
        message = self._message(call)
        if self.world.channels.get(message.id) is not None:
            raise DiscordHTTPError(
                400, 160004, "A thread has already been created for this message"
            )
        name = str((call.body or {}).get("name") or "thread")
        thread, _ = self.events.create_thread(
            message.channel_id, message.id, name, self.world.bot_user_id
        )
        return 201, channel_json(self.world, thread)

    async def thread_without_message(self, call: Call) -> Result:
        parent = self._channel(call)
        body = call.body if isinstance(call.body, dict) else {}
        name = str(body.get("name") or "thread")
        if parent.type in FORUM_TYPES:
            starter_body = validate_message_body(body.get("message"), call.record.files)

            def starter(thread: Channel) -> Message:
                return message_from_body(
                    self.events,
                    thread.id,
                    starter_body,
                    call.record.files,
                    author_id=self.world.bot_user_id,
                    message_id=thread.id,
                )

            thread, first = self.events.create_thread(
                parent.id, None, name, self.world.bot_user_id, starter=starter
            )
            data = channel_json(self.world, thread)
            data["message"] = self._render(first) if first else None
            return 201, data
        thread, _ = self.events.create_thread(
            parent.id, None, name, self.world.bot_user_id, type=int(body.get("type") or 11)
        )
        return 201, channel_json(self.world, thread)
