"""Archived threads, as Discord lists them: newest archived first, in pages.

``GET /channels/{id}/threads/archived/public`` needs Read Message History in the
channel; ``…/archived/private`` (text channels only) needs Manage Threads as well.
``before`` is an ISO 8601 timestamp: only threads archived earlier are listed.
Answers ``{"threads", "members", "has_more"}``.
"""

from __future__ import annotations

from datetime import datetime

from tests.fakes.discord_payloads import channel_json
from tests.fakes.discord_rest import Call, DiscordHTTPError, RestRouter, Result, form_error
from tests.fakes.discord_state import Channel, World

READ_MESSAGE_HISTORY = 1 << 16
MANAGE_THREADS = 1 << 34
PARENT_TYPES = frozenset({0, 5, 15, 16})  # text, announcement, forum, media
PUBLIC_THREADS = frozenset({10, 11})
PRIVATE_THREAD = 12


class ArchivedThreads:
    def __init__(self, world: World) -> None:
        self.world = world

    def register(self, router: RestRouter) -> None:
        router.add("GET", "/channels/{channel_id}/threads/archived/public", self.public)
        router.add("GET", "/channels/{channel_id}/threads/archived/private", self.private)

    async def public(self, call: Call) -> Result:
        parent = self._parent(call, READ_MESSAGE_HISTORY)
        return self._page(call, parent, PUBLIC_THREADS)

    async def private(self, call: Call) -> Result:
        parent = self._parent(call, READ_MESSAGE_HISTORY | MANAGE_THREADS)
        if parent.type not in (0, 5):
            raise DiscordHTTPError(400, 50024, "Cannot execute action on this channel type")
        return self._page(call, parent, frozenset({PRIVATE_THREAD}))

    def _parent(self, call: Call, needs: int) -> Channel:
        parent = self.world.channels.get(call.id("channel_id"))
        if parent is None:
            raise DiscordHTTPError(404, 10003, "Unknown Channel")
        if parent.type not in PARENT_TYPES:
            raise DiscordHTTPError(400, 50024, "Cannot execute action on this channel type")
        guild = self.world.guilds[parent.guild_id]
        if self.world.member_permissions(guild, self.world.bot_user_id) & needs != needs:
            raise DiscordHTTPError(403, 50001, "Missing Access")
        return parent

    def _page(self, call: Call, parent: Channel, types: frozenset[int]) -> Result:
        limit = _limit(call.query.get("limit", "50"))
        before = _before(call.query.get("before"))
        archived = sorted(
            (
                c
                for c in self.world.channels.values()
                if c.parent_id == parent.id and c.type in types and c.archived
            ),
            key=archived_at,
            reverse=True,
        )
        older = [c for c in archived if before is None or archived_at(c) < before]
        page = older[:limit]
        threads = [channel_json(self.world, c) for c in page]
        return 200, {"threads": threads, "members": [], "has_more": len(older) > limit}


def archived_at(thread: Channel) -> datetime:
    return thread.archived_at or thread.created_at


def _limit(text: str) -> int:
    try:
        limit = int(text)
    except ValueError:
        raise form_error("limit", "NUMBER_TYPE_COERCE", "Value is not int.") from None
    if not 2 <= limit <= 100:
        raise form_error("limit", "NUMBER_TYPE_MAX", "int value should be between 2 and 100.")
    return limit


def _before(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise form_error("before", "DATE_TYPE_PARSE", "Could not parse date.") from None
