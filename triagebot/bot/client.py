"""The bot: a ``commands.AutoShardedBot`` given its finished services.

Nothing is built here: ``triage.services.assemble`` made every service, and the bot
only adds the cogs and listeners that speak Discord for them. Which cogs exist
follows from which services are there (no sync service, no sync task).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

import discord
from discord.ext import commands

from triagebot.bot.catchup import CatchUp
from triagebot.bot.commands import TriageCommands
from triagebot.bot.digest_buttons import DigestButton
from triagebot.bot.digest_task import DigestTask
from triagebot.bot.file_commands import FilingCommands
from triagebot.bot.file_issue import FileIssueButton
from triagebot.bot.flag_upkeep import FlagUpkeep
from triagebot.bot.health_task import HealthTask
from triagebot.bot.hints import HintPoster, NotRelatedButton
from triagebot.bot.host import ServiceHost
from triagebot.bot.index_task import IndexTask
from triagebot.bot.intake import Intake
from triagebot.bot.moderation import ModerationDesk, SpamActionButton
from triagebot.bot.patience import NETWORK_ERRORS, describe
from triagebot.bot.sync_task import SyncTask
from triagebot.bot.webhooks import GitHubWebhooks
from triagebot.config import DiscordSettings
from triagebot.triage.services import Services

log = logging.getLogger(__name__)

# Every button the bot posts: each rebuilt from its custom id after a restart.
PERSISTENT_BUTTONS = (NotRelatedButton, SpamActionButton, DigestButton, FileIssueButton)


def intents() -> discord.Intents:
    """Only what triage needs: guilds, guild messages with content, reactions."""
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.guild_messages = True
    wanted.message_content = True
    wanted.guild_reactions = True
    return wanted


def _sharding(settings: DiscordSettings) -> dict[str, Any]:
    """discord.py's options: no ids means every shard of the count (or of Discord's
    recommendation, when there is no count either)."""
    options: dict[str, Any] = {"shard_count": settings.shard_count}
    if settings.shard_ids:
        options["shard_ids"] = list(settings.shard_ids)
    return options


class TriageBot(ServiceHost):
    """Always the sharded client: with no shard settings it runs as many shards as
    Discord recommends (one for most communities), so a bot that outgrows one shard
    keeps working; with ``DISCORD_SHARD_COUNT``/``DISCORD_SHARD_IDS`` it connects only
    its own shards and leaves the rest to other processes on the same database.

    ``services.leases``: how this process takes its turn at the scheduled jobs among
    processes sharing the database.
    """

    def __init__(
        self,
        *,
        settings: DiscordSettings,
        services: Services,
        sync_commands: bool = True,
        **options: Any,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents(),
            help_command=None,
            # Nothing the bot posts may ping anyone, whatever the text says.
            allowed_mentions=discord.AllowedMentions.none(),
            **_sharding(settings),
            **options,
        )
        self.settings = settings
        self.services = services
        self.pipeline = services.pipeline
        # The command list is global: one process registers it for all.
        self.sync_commands = sync_commands and settings.registers_commands
        self.catchup = CatchUp(self, services.pipeline, services.cursors, settings)
        self.hint_poster = HintPoster(self, services.hints)
        self.moderation = ModerationDesk(self, services.moderation)
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
        services = self.services
        log.info(
            "process %s runs Discord shards %s",
            services.leases.holder,
            self.settings.describe_shards(),
        )
        self.pipeline.start()
        await self.add_cog(Intake(self, self.pipeline, self.catchup, self.settings))
        self.pipeline.listeners.append(self.hint_poster.on_batch)
        self.pipeline.listeners.append(self.moderation.on_batch)
        self.add_dynamic_items(*PERSISTENT_BUTTONS)
        await self.add_cog(TriageCommands(self, services))
        await self.add_cog(FilingCommands(self, services))
        for cog in self._scheduled_cogs():
            await self.add_cog(cog)
        if self.sync_commands:
            await self._register_commands()

    def _scheduled_cogs(self) -> list[commands.Cog]:
        """The sync (and its webhooks), the digest, the heartbeat, the index and flag
        upkeep, when present."""
        services, cogs = self.services, list[commands.Cog]()
        webhooks = services.webhooks
        if services.sync is not None:
            sync = SyncTask(
                self,
                services.sync,
                services.notices,
                minutes=services.sync_minutes,
                lease=services.leases.job("sync"),
                pulse=webhooks.pulse if webhooks is not None else None,
            )
            cogs.append(sync)
        if webhooks is not None:
            cogs.append(GitHubWebhooks(self, webhooks, services.notices))
        if services.digests is not None:
            cogs.append(DigestTask(self, services.digests, lease=services.leases.job("digest")))
        if services.health is not None:
            cogs.append(HealthTask(self, self.pipeline, services.health))
        if services.index is not None:
            cogs.append(IndexTask(self, services.index))
        if services.moderation.channel_id is not None:
            cogs.append(FlagUpkeep(self, self.moderation))
        return cogs

    async def _register_commands(self) -> None:
        """Tell Discord about the slash commands (one bulk PUT; unchanged ones are
        kept as they are). A failure, an unreachable Discord included, costs the
        commands, not the bot (and never a second login, which would add every cog
        twice)."""
        try:
            synced = await self.tree.sync()
        except discord.HTTPException as exc:
            log.warning("could not register the slash commands: %s", exc)
        except NETWORK_ERRORS as exc:
            log.warning("could not register the slash commands: %s", describe(exc))
        else:
            log.info("registered %d application commands", len(synced))

    async def on_ready(self) -> None:
        """Connected: finish the hints and flags an earlier run left unposted or
        unrecorded (once per process: a reconnect finds none)."""
        try:
            await self.hint_poster.settle_left_claims()
        except Exception:
            log.exception("could not finish the hints an earlier run left")
        try:
            await self.moderation.settle_unposted()
        except Exception:
            log.exception("could not finish the spam flags an earlier run left")

    async def close(self) -> None:
        """Store what is queued while replies can still be posted, then disconnect.

        Hints and flags are posted after their batch is stored: draining first gives
        the last batches their posts (a stored message is never posted about again).
        """
        await self.catchup.stop()  # it reads through the HTTP session closed below
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.pipeline.drain(), 30)
        await super().close()
        await self.pipeline.close()
        index = self.services.index
        if index is not None:  # after the pipeline: its last batches too
            await asyncio.to_thread(index.recent.close)
        log.info("stopped; %d events stored this run", self.pipeline.stats.events)
