"""The bot: a ``commands.Bot`` built with its dependencies injected."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import discord
from discord.ext import commands

from triagebot.bot.catchup import CatchUp
from triagebot.bot.intake import Intake
from triagebot.config import DiscordSettings
from triagebot.pipeline import Pipeline
from triagebot.store.engine import SessionFactory

log = logging.getLogger(__name__)


def intents() -> discord.Intents:
    """Only what triage needs: guilds, guild messages with content, reactions."""
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.guild_messages = True
    wanted.message_content = True
    wanted.guild_reactions = True
    return wanted


class TriageBot(commands.Bot):
    def __init__(
        self,
        *,
        settings: DiscordSettings,
        pipeline: Pipeline,
        sessions: SessionFactory,
        **options: Any,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents(),
            help_command=None,
            # Nothing the bot posts may ping anyone, whatever the text says.
            allowed_mentions=discord.AllowedMentions.none(),
            **options,
        )
        self.settings = settings
        self.pipeline = pipeline
        self.sessions = sessions
        self.catchup = CatchUp(self, pipeline, sessions, settings)
        self.malformed_events = 0
        self._guard_parsers()

    def _guard_parsers(self) -> None:
        """Drop a malformed gateway event instead of dying on it.

        discord.py parses each dispatch without a safety net: a payload missing a
        field raises out of the websocket loop and ends the connection. One broken
        event must cost that event only, so every parser is wrapped.
        """
        parsers: dict[str, Callable[[Any], None]] = self._connection.parsers
        for event, parse in list(parsers.items()):
            parsers[event] = self._guarded(event, parse)

    def _guarded(self, event: str, parse: Callable[[Any], None]) -> Callable[[Any], None]:
        def guarded(data: Any) -> None:
            try:
                parse(data)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                self.malformed_events += 1
                log.warning("dropped a malformed %s event (%s: %s)", event, type(exc).__name__, exc)

        return guarded

    async def setup_hook(self) -> None:
        self.pipeline.start()
        await self.add_cog(Intake(self, self.pipeline, self.catchup, self.settings))

    async def close(self) -> None:
        """Disconnect, then store everything still queued."""
        await super().close()
        await self.pipeline.close()
        log.info("stopped; %d events stored this run", self.pipeline.stats.events)
