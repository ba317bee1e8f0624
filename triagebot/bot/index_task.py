"""The index of recent messages inside the running bot: prepared after start, then
maintained every ``INDEX_SAVE_MINUTES``.

Start-up only maps the saved file (see ``RecentMessages.open``); reconciling it with
the database, or rebuilding it when there is no file, runs here in a worker thread
once the bot is ready, so it never competes with connecting (searches use the mapped
file meanwhile). The last write happens in ``TriageBot.close``, after the pipeline has
stored (and indexed) everything still queued.
"""

from __future__ import annotations

import asyncio
import logging

from discord.ext import commands, tasks

from triagebot.triage.services import IndexFeatures

log = logging.getLogger(__name__)


class IndexTask(commands.Cog):
    def __init__(self, bot: commands.AutoShardedBot, features: IndexFeatures) -> None:
        self.bot = bot
        self.recent = features.recent
        self.minutes = features.save_minutes
        self.maintain.change_interval(minutes=features.save_minutes)
        self._preparing: asyncio.Task[None] | None = None

    async def cog_load(self) -> None:
        self._preparing = asyncio.create_task(self._prepare(), name="index-prepare")
        self.maintain.start()

    async def cog_unload(self) -> None:
        self.maintain.cancel()

    async def _prepare(self) -> None:
        await self.bot.wait_until_ready()
        try:
            await asyncio.to_thread(self.recent.prepare)
        except Exception:  # the bot runs on without earlier discussions
            log.exception("could not prepare the index of recent messages")

    @tasks.loop(minutes=60)
    async def maintain(self) -> None:
        if self._preparing is None or not self._preparing.done():
            return
        try:
            await asyncio.to_thread(self.recent.maintain)
        except Exception:
            log.exception("index maintenance failed; retrying at the next interval")

    @maintain.before_loop
    async def _skip_the_first_tick(self) -> None:
        """``tasks.loop`` runs at once on start; there is nothing to save yet."""
        await asyncio.sleep(self.minutes * 60)
