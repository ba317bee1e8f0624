"""Spam flags kept from quoting erased text: ``purge`` and ``forget --user`` run in
another process and mark the flags they touch; every few minutes the bot edits them
(the quote is read from the database again, where the text is gone)."""

from __future__ import annotations

import logging

from discord.ext import commands, tasks

from triagebot.bot.moderation import ModerationDesk

log = logging.getLogger(__name__)

FLAG_UPKEEP_MINUTES = 5.0


class FlagUpkeep(commands.Cog):
    def __init__(self, bot: commands.AutoShardedBot, desk: ModerationDesk) -> None:
        self.bot = bot
        self.desk = desk

    async def cog_load(self) -> None:
        self.loop.start()

    async def cog_unload(self) -> None:
        self.loop.cancel()

    @tasks.loop(minutes=FLAG_UPKEEP_MINUTES)
    async def loop(self) -> None:
        try:
            await self.desk.refresh_outdated()
        except Exception:  # an exception would end the loop for good
            log.exception("could not edit the spam flags quoting erased text")

    @loop.before_loop
    async def _wait_until_ready(self) -> None:
        """A class-level loop hands the cog to its hooks, so this is a method of it."""
        await self.bot.wait_until_ready()
