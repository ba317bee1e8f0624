"""Telling linked threads that their issue closed or reopened: one sender for all.

The scheduled sync and the webhook endpoint both change issue states, and both call
``tell_pending`` afterwards. Each notice is claimed in the database before it is
sent, so two callers at once (or two processes) never send it twice; a send that
failed in a way worth retrying releases the claim for the next caller.
"""

from __future__ import annotations

import asyncio
import logging

import discord
from discord.ext import commands

from triagebot.bot import wording
from triagebot.bot.wording import NO_PINGS
from triagebot.core.issues import Notice
from triagebot.triage.notices import ThreadNotices

log = logging.getLogger(__name__)


class NoticeSender:
    def __init__(self, bot: commands.AutoShardedBot, notices: ThreadNotices) -> None:
        self.bot = bot
        self.notices = notices

    async def tell_pending(self) -> int:
        """Send every notice still owed (from the stored states); returns how many."""
        pending = await asyncio.to_thread(self.notices.pending)
        told = 0
        for notice in pending:
            told += await self._tell(notice)
        return told

    async def _tell(self, notice: Notice) -> int:
        if not await asyncio.to_thread(self.notices.claim, notice):
            return 0
        thread = self.bot.get_partial_messageable(notice.thread_id, guild_id=notice.guild_id)
        try:
            text = wording.state_notice(notice.issue, notice.reason)
            await thread.send(text, allowed_mentions=NO_PINGS)
        except (discord.NotFound, discord.Forbidden) as exc:
            # The thread is gone or closed to the bot: nothing to retry.
            log.info(
                "could not tell thread %d about #%d: %s", notice.thread_id, notice.issue.number, exc
            )
            return 0
        except discord.HTTPException as exc:
            log.warning("telling thread %d failed (%s); next sync retries", notice.thread_id, exc)
            await asyncio.to_thread(self.notices.release, notice)
            return 0
        return 1
