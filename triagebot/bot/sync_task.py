"""The issue sync, every ``GITHUB_SYNC_MINUTES``, inside the running bot.

The sync (HTTP, SQL, embedding) runs in a worker thread. Afterwards every linked
thread whose issue changed state is told so, once: the link's ``notified_state`` is
claimed before the message is sent, so neither the next sync nor a restart repeats
it. The notices are computed from the stored states, not only from this run's
changes, so a notice a crash interrupted is delivered by the next run.

With several processes on one database, each round first claims the ``sync`` lease:
only its holder syncs, the others skip the round (see ``triage.leases``).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

import discord
from discord.ext import commands, tasks

from triagebot.bot import wording
from triagebot.bot.wording import NO_PINGS
from triagebot.core.health import SyncState
from triagebot.core.issues import Notice
from triagebot.triage.issue_sync import IssueSync
from triagebot.triage.leases import JobLease
from triagebot.triage.notices import ThreadNotices

log = logging.getLogger(__name__)


class SyncTask(commands.Cog):
    def __init__(
        self,
        bot: commands.AutoShardedBot,
        sync: IssueSync,
        notices: ThreadNotices,
        *,
        minutes: float,
        lease: JobLease | None = None,
    ) -> None:
        self.bot = bot
        self.sync = sync
        self.notices = notices
        self.lease = lease  # None: the only process; it always syncs
        self.runs = 0
        self.skipped = 0  # rounds left to the process holding the lease
        self.told = 0
        # Consecutive failures and the last error, for the heartbeat: one failed sync
        # is retried next time; a streak of them is what health warns about.
        self.state = SyncState()
        # Built per instance: the interval is a setting, not a class constant.
        self.loop = tasks.loop(minutes=minutes)(self._tick)
        self.loop.before_loop(self._wait_until_ready)

    async def cog_load(self) -> None:
        self.loop.start()

    async def cog_unload(self) -> None:
        self.loop.cancel()
        if self.lease is not None:
            await self.lease.release()

    async def _wait_until_ready(self) -> None:
        await self.bot.wait_until_ready()

    async def _tick(self) -> None:
        # An exception escaping a tasks.loop ends the loop for good: log and go on.
        try:
            if self.lease is not None and not await self.lease.claim():
                self.skipped += 1
                log.debug("issue sync: another process holds the sync lease; skipped")
                return
            await self.run_once()
        except Exception as exc:
            self.state = self.state.failed(f"{type(exc).__name__}: {exc}", datetime.now(UTC))
            log.exception("scheduled issue sync failed; trying again next time")

    async def run_once(self) -> int:
        """Sync every repository, then tell linked threads; returns how many were told."""
        reports = await asyncio.to_thread(self.sync.sync_all)
        errors = [f"{r.repo}: {r.error}" for r in reports if r.error]
        for error in errors:
            log.warning("issue sync of %s", error)
        now = datetime.now(UTC)
        self.state = self.state.failed(errors[0], now) if errors else self.state.succeeded(now)
        notices = await asyncio.to_thread(self.notices.pending)
        told = 0
        for notice in notices:
            told += await self._tell(notice)
        self.runs += 1
        self.told += told
        log.info("issue sync %d done: %d repositories, %d told", self.runs, len(reports), told)
        return told

    async def _tell(self, notice: Notice) -> int:
        if not await asyncio.to_thread(self.notices.claim, notice):
            return 0
        thread = self.bot.get_partial_messageable(notice.thread_id, guild_id=notice.guild_id)
        try:
            await thread.send(wording.state_notice(notice.issue), allowed_mentions=NO_PINGS)
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
