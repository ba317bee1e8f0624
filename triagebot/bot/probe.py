"""Asking Discord's REST API about the bot's set-up, without connecting the gateway.

``triagebot check`` needs answers before the first ``run``: does the token log in,
is the Message Content intent switched on, can the bot see and write in the channels
the settings name. discord.py's HTTP client asks (its routes, its rate limiting, its
base URL, so ``DISCORD_API_BASE`` applies); this module turns the answers into the
plain facts ``triage.checks`` judges, and every refusal into one ``ProbeError``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any, TypeVar

import discord
import discord.http
from discord.http import Route

from triagebot.triage.check_facts import (
    BotFacts,
    ChannelFacts,
    GuildFacts,
    Overwrite,
    ProbeError,
)

T = TypeVar("T")

# Longest wait for one of Discord's rate limits before giving up on a question.
RATE_LIMIT_WAIT_SECONDS = 10.0


class RestProbe:
    """The ``DiscordView`` over discord.py's HTTP client; ``close()`` when done."""

    def __init__(self) -> None:
        self._http = discord.http.HTTPClient(
            asyncio.get_running_loop(), max_ratelimit_timeout=RATE_LIMIT_WAIT_SECONDS
        )

    async def login(self, token: str) -> BotFacts:
        """GET /users/@me (the login), then GET /applications/@me for its flags."""
        me = await _asked(self._http.static_login(token))
        app: dict[str, Any] = await _asked(self._http.request(Route("GET", "/applications/@me")))
        name = str(me.get("username") or "?")
        return BotFacts(
            user_id=int(me["id"]),
            name=name,
            application_id=int(app.get("id") or me["id"]),
            application_flags=int(app.get("flags") or 0),
        )

    async def channel(self, channel_id: int) -> ChannelFacts:
        data: dict[str, Any] = dict(await _asked(self._http.get_channel(channel_id)))
        overwrites = tuple(
            Overwrite(
                target_id=int(o["id"]),
                member=int(o.get("type", 0)) == 1,
                allow=int(o.get("allow") or 0),
                deny=int(o.get("deny") or 0),
            )
            for o in data.get("permission_overwrites") or []
        )
        guild_id = data.get("guild_id")
        parent_id = data.get("parent_id")
        return ChannelFacts(
            id=int(data["id"]),
            guild_id=int(guild_id) if guild_id else None,
            name=str(data.get("name") or data["id"]),
            type=int(data.get("type", 0)),
            parent_id=int(parent_id) if parent_id else None,
            overwrites=overwrites,
        )

    async def guild(self, guild_id: int, bot_user_id: int) -> GuildFacts:
        """The server with its roles, and the bot's own member entry there."""
        data: dict[str, Any] = dict(await _asked(self._http.get_guild(guild_id, with_counts=False)))
        member: dict[str, Any] = dict(await _asked(self._http.get_member(guild_id, bot_user_id)))
        roles = data.get("roles") or []
        return GuildFacts(
            id=int(data["id"]),
            name=str(data.get("name") or guild_id),
            owner_id=int(data.get("owner_id") or 0),
            role_permissions={int(r["id"]): int(r.get("permissions") or 0) for r in roles},
            role_names={int(r["id"]): str(r.get("name") or "") for r in roles},
            bot_role_ids=tuple(int(r) for r in member.get("roles") or []),
        )

    async def guild_ids(self) -> list[int]:
        """The servers the bot is in (the first 200, plenty for a check)."""
        guilds = await _asked(self._http.get_guilds(200, with_counts=False))
        return [int(g["id"]) for g in guilds]

    async def close(self) -> None:
        await self._http.close()


async def _asked(request: Awaitable[T]) -> T:
    """Await one request; whatever Discord or the network says becomes a ProbeError."""
    try:
        return await request
    except discord.LoginFailure:
        raise ProbeError("Discord rejected the token (401)", 401) from None
    except discord.RateLimited as exc:
        raise ProbeError(f"rate limited for {exc.retry_after:.0f}s; try again later") from None
    except discord.HTTPException as exc:
        text = exc.text or exc.response.reason or "refused"
        raise ProbeError(f"{text} ({exc.status})", exc.status) from None
    except (OSError, TimeoutError) as exc:
        raise ProbeError(f"cannot reach Discord: {type(exc).__name__}: {exc}") from None
