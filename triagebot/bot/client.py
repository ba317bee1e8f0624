"""The bot: a ``commands.Bot`` built with its dependencies injected."""

from __future__ import annotations

import logging
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

    async def setup_hook(self) -> None:
        self.pipeline.start()
        await self.add_cog(Intake(self, self.pipeline, self.catchup, self.settings))

    async def close(self) -> None:
        """Disconnect, then store everything still queued."""
        await super().close()
        await self.pipeline.close()
        log.info("stopped; %d events stored this run", self.pipeline.stats.events)
