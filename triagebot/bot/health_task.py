"""The heartbeat inside the running bot, and the warning when something goes quiet.

Every ``HEALTH_BEAT_SECONDS`` this process judges its own state (pipeline, gateway,
issue sync, digest) with the same checks ``triagebot status`` uses, tells the
moderator channel when a check turns bad and once more when it clears, then writes
its heartbeat row. The judging and telling come first and need no database: when
the database is down, which is exactly when events pile up, the write fails, is
logged once, and the warning still goes out. The write runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

import discord
from discord.ext import commands, tasks

from triagebot.bot.health_http import HealthServer
from triagebot.bot.health_probe import Probe
from triagebot.bot.health_wording import recovered, warning
from triagebot.bot.wording import NO_PINGS
from triagebot.core.health import Alerts, Heartbeat, Observation, PostedDigest, Status, assess
from triagebot.process import process_name
from triagebot.triage.health import Health
from triagebot.triage.pipeline import Pipeline

log = logging.getLogger(__name__)

# How long closing waits to write the last heartbeat (a dead database must not hang it).
FINAL_WRITE_SECONDS = 10.0


def utcnow() -> datetime:
    return datetime.now(UTC)


class HealthTask(commands.Cog):
    def __init__(
        self,
        bot: commands.Bot | commands.AutoShardedBot,
        pipeline: Pipeline,
        health: Health,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.bot = bot
        self.pipeline = pipeline
        self.records = health
        self.features = features = health.features
        self.clock = clock
        self.probe = Probe(
            bot,
            pipeline,
            process=process_name(),
            started_at=clock(),
            beat_seconds=features.beat_seconds,
        )
        self.last_digest: PostedDigest | None = None
        self.alerts = Alerts()
        self.beats = 0
        self.written = 0
        self.database_error: str | None = None
        self.http: HealthServer | None = None
        # A cancelled beat's write may still be running in its thread: the lock orders
        # it before the final one, and ``closing`` makes it a no-op once that is due,
        # so a late ordinary beat never overwrites "stopped".
        self._write_lock = threading.Lock()
        self._closing = False
        # Built per instance: the interval is a setting, not a class constant.
        self.loop = tasks.loop(seconds=features.beat_seconds)(self._tick)

    async def cog_load(self) -> None:
        features = self.features
        if features.http_port is not None:
            self.http = HealthServer(self.current, self.bot.is_ready)
            await self.http.start(features.http_host, features.http_port)
        self.loop.start()

    async def cog_unload(self) -> None:
        self.loop.cancel()
        if self.http is not None:
            await self.http.stop()
        # The last word: stopped on purpose, so status does not call this process dead.
        self._closing = True
        now = self.clock()
        final = replace(self.probe.heartbeat(now), stopped_at=now)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._persist(final, prune=False), FINAL_WRITE_SECONDS)

    # -- the gateway, as discord.py reports it: per shard when sharded -------------------

    @commands.Cog.listener()
    async def on_connect(self) -> None:
        self.probe.link(None, connected=True, at=self.clock(), sharded_event=False)

    @commands.Cog.listener()
    async def on_resumed(self) -> None:
        self.probe.link(None, connected=True, at=self.clock(), sharded_event=False)

    @commands.Cog.listener()
    async def on_disconnect(self) -> None:
        self.probe.link(None, connected=False, at=self.clock(), sharded_event=False)

    @commands.Cog.listener()
    async def on_shard_connect(self, shard_id: int) -> None:
        self.probe.link(shard_id, connected=True, at=self.clock(), sharded_event=True)

    @commands.Cog.listener()
    async def on_shard_resumed(self, shard_id: int) -> None:
        self.probe.link(shard_id, connected=True, at=self.clock(), sharded_event=True)

    @commands.Cog.listener()
    async def on_shard_disconnect(self, shard_id: int) -> None:
        self.probe.link(shard_id, connected=False, at=self.clock(), sharded_event=True)

    # -- one beat -------------------------------------------------------------------------

    async def _tick(self) -> None:
        # An exception escaping a tasks.loop ends the loop for good: log and go on.
        try:
            await self.beat()
        except Exception:
            log.exception("health beat failed; trying again next beat")

    async def beat(self) -> Status:
        """Judge, tell what changed, then write the heartbeat (which may fail)."""
        beat = self.probe.heartbeat(self.clock())
        status = self.judge(beat)
        await self._announce(status, beat)
        await self._persist(beat, prune=self.written == 0)
        self.beats += 1
        return status

    def current(self) -> Status:
        """This process's status right now, from memory (for ``/healthz``)."""
        return self.judge(self.probe.heartbeat(self.clock()))

    def judge(self, beat: Heartbeat) -> Status:
        seen = Observation(
            now=beat.beat_at,
            heartbeats=[beat],
            last_digest=self.last_digest,
            digest=self.features.digest,
        )
        return assess(seen, self.features.limits)

    # -- telling moderators ---------------------------------------------------------------

    async def _announce(self, status: Status, beat: Heartbeat) -> None:
        started, cleared = self.alerts.news(status.checks)
        for check in started:
            log.warning("health: %s %s: %s", check.name, check.level.label, check.reason)
        for recovery in cleared:
            log.warning("health: %s recovered", recovery.problem.name)
        try:
            if started:
                await self._post(warning(started, beat, self.database_error))
            self.alerts.told(started=started)
            if cleared:
                await self._post(recovered(cleared, beat))
            self.alerts.told(cleared=cleared)
        except discord.HTTPException as exc:
            log.warning("could not tell the moderator channel (%s); trying next beat", exc)

    async def _post(self, text: str) -> None:
        channel_id = self.features.channel_id
        if channel_id is None:
            return
        channel = self.bot.get_partial_messageable(channel_id)
        await channel.send(text, allowed_mentions=NO_PINGS)

    # -- the heartbeat row, in a worker thread ----------------------------------------------

    async def _persist(self, beat: Heartbeat, *, prune: bool) -> None:
        try:
            digest = await asyncio.to_thread(self._write, beat, prune)
        except Exception as exc:
            error = f"{type(exc).__name__}: {getattr(exc, 'orig', None) or exc}"
            if self.database_error is None:
                log.warning("could not write the heartbeat (%s); judging from memory", error)
            self.database_error = error
            return
        if self.database_error is not None:
            log.warning("heartbeat written again; the database is back")
            self.database_error = None
        self.last_digest = digest
        self.written += 1

    def _write(self, beat: Heartbeat, prune: bool) -> PostedDigest | None:
        with self._write_lock:
            if self._closing and beat.stopped_at is None:
                return self.last_digest
            return self._write_row(beat, prune)

    def _write_row(self, beat: Heartbeat, prune: bool) -> PostedDigest | None:
        return self.records.write(beat, prune=prune)
