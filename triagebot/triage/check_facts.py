"""What ``triagebot check`` asks Discord, in plain values, and the port that answers.

The checks judge facts, not library objects, so they can be read (and tested) without
discord.py: the bot layer's probe fetches these over Discord's REST API and the checks
in ``triage.checks`` decide what they mean for this bot's settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class CheckLine:
    """One line of the report: passed or not, what was checked, and why."""

    ok: bool
    name: str
    detail: str


class ProbeError(Exception):
    """Discord (or the way to it) refused or failed a request; ``status`` is the HTTP
    status when there was an answer (401 bad token, 403 no access, 404 unknown)."""

    def __init__(self, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class Overwrite:
    """A channel's permission overwrite for a role (``member`` False) or a member."""

    target_id: int
    member: bool
    allow: int
    deny: int


@dataclass(frozen=True)
class ChannelFacts:
    id: int
    guild_id: int | None
    name: str
    type: int
    parent_id: int | None = None
    overwrites: tuple[Overwrite, ...] = ()

    @property
    def is_thread(self) -> bool:
        return self.type in (10, 11, 12)


@dataclass(frozen=True)
class GuildFacts:
    """A server: its roles' permissions (``@everyone`` has the server's id) and names,
    its owner, and the roles the bot holds there."""

    id: int
    name: str
    owner_id: int
    role_permissions: dict[int, int] = field(default_factory=dict)
    role_names: dict[int, str] = field(default_factory=dict)
    bot_role_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class BotFacts:
    """Who the token logs in as, and the application's flags (privileged intents)."""

    user_id: int
    name: str
    application_id: int
    application_flags: int


class DiscordView(Protocol):
    """Read-only questions to Discord; each raises ``ProbeError`` when refused."""

    async def login(self, token: str) -> BotFacts: ...

    async def channel(self, channel_id: int) -> ChannelFacts: ...

    async def guild(self, guild_id: int, bot_user_id: int) -> GuildFacts: ...

    async def guild_ids(self) -> list[int]: ...

    async def close(self) -> None: ...
