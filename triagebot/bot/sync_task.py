"""The issue sync, every ``GITHUB_SYNC_MINUTES``, inside the running bot.

The sync (HTTP, SQL, embedding) runs in a worker thread. Afterwards every linked
thread whose issue changed state is told so, once: the link's ``notified_state`` is
claimed before the message is sent, so neither the next sync nor a restart repeats
it. The notices are computed from the stored states, not only from this run's
changes, so a notice a crash interrupted is delivered by the next run.

With several processes on one database, each round first claims the ``sync`` lease:
only its holder syncs, the others skip the round (see ``triage.leases``).

With GitHub webhooks on, ``pulse`` says when a delivery last arrived: while that was
recent, rounds are skipped until ``backoff`` × the interval has passed since the last
sync, and once deliveries stop the very next round syncs again. The loop keeps its
interval, so coming back to normal never waits out a long sleep. The pulse is this
process's own: a process that receives no deliveries keeps syncing as usual.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime, timedelta

from discord.ext import commands, tasks

from triagebot.bot.thread_notices import NoticeSender
from triagebot.core.health import SyncState
from triagebot.core.webhook_deliveries import DeliveryPulse
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
        pulse: DeliveryPulse | None = None,
    ) -> None:
        self.bot = bot
        self.sync = sync
        self.notices = notices
        self.sender = NoticeSender(bot, notices)
        self.minutes = minutes
        self.pulse = pulse  # None: no webhooks; every round syncs
        self.backed_off = 0  # rounds skipped while webhooks deliver
        self._last_sync: float | None = None  # time.monotonic() of the last attempt
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
            if self._backing_off():
                self.backed_off += 1
                return
            if self.lease is not None and not await self.lease.claim():
                self.skipped += 1
                log.debug("issue sync: another process holds the sync lease; skipped")
                return
            self._last_sync = time.monotonic()
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
        told = await self.sender.tell_pending()
        self.runs += 1
        self.told += told
        log.info("issue sync %d done: %d repositories, %d told", self.runs, len(reports), told)
        return told

    def _backing_off(self) -> bool:
        """Whether to skip this round: webhooks deliver and the longer interval has not
        passed since the last sync (half a round of slack for the loop's jitter)."""
        if self.pulse is None or self._last_sync is None:
            return False
        usual = timedelta(minutes=self.minutes)
        every = self.pulse.poll_every(usual, datetime.now(UTC))
        if every <= usual:
            return False
        return time.monotonic() - self._last_sync < (every - usual / 2).total_seconds()
