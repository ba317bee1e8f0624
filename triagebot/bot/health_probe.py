"""This process's heartbeat, read from the bot and the pipeline: no I/O, no waiting.

Kept apart from the task that schedules and writes it, so ``/healthz`` can build a
fresh one on every request and the beat can judge before it touches the database.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime

import discord
from discord.ext import commands

from triagebot.bot.sync_task import SyncTask
from triagebot.bot.webhooks import GitHubWebhooks
from triagebot.core.health import GatewayState, Heartbeat, SyncState, WebhookState
from triagebot.core.health.links import Shard, ShardLinks
from triagebot.triage.pipeline import Pipeline


class Probe:
    def __init__(
        self,
        bot: commands.Bot | commands.AutoShardedBot,
        pipeline: Pipeline,
        *,
        process: str,
        started_at: datetime,
        beat_seconds: float,
    ) -> None:
        self.bot = bot
        self.pipeline = pipeline
        self.process = process
        self.started_at = started_at
        self.beat_seconds = beat_seconds
        self.links = ShardLinks(started_at)

    def link(self, shard: Shard, *, connected: bool, at: datetime, sharded_event: bool) -> None:
        """A gateway event. A sharded client reports each change twice, once with the
        shard id and once without; only the first says which shard, so for such a
        client the events without an id are ignored."""
        if sharded_event or not isinstance(self.bot, discord.AutoShardedClient):
            self.links.changed(shard, connected=connected, at=at)

    def heartbeat(self, now: datetime) -> Heartbeat:
        stats = self.pipeline.stats
        return Heartbeat(
            process=self.process,
            started_at=self.started_at,
            beat_at=now,
            beat_seconds=self.beat_seconds,
            shards=shards_of(self.bot),
            last_event_at=_utc(stats.last_event_at),
            last_batch_at=_utc(stats.last_batch_at),
            events=stats.events,
            queue_depth=self.pipeline.queue_depth,
            errors=stats.failed,
            last_error=stats.last_error,
            waiting_since=_utc(stats.waiting_since),
            gateway=self.gateway(),
            sync=self._sync_state(),
            webhook=self._webhook_state(),
        )

    def gateway(self) -> GatewayState:
        bot = self.bot
        if isinstance(bot, discord.AutoShardedClient):
            state = self.links.state(bot.shard_ids or range(bot.shard_count or 0))
        else:
            state = self.links.state([None])
        latency = bot.latency
        if not state.connected or not math.isfinite(latency):
            return state
        return replace(state, latency_ms=round(latency * 1000, 1))

    def _sync_state(self) -> SyncState | None:
        task = self.bot.get_cog("SyncTask")
        return task.state if isinstance(task, SyncTask) else None

    def _webhook_state(self) -> WebhookState | None:
        endpoint = self.bot.get_cog("GitHubWebhooks")
        return endpoint.state if isinstance(endpoint, GitHubWebhooks) else None


def shards_of(bot: discord.Client) -> str:
    """``"0,1 of 4"`` when this process runs some of the shards, ``""`` when it runs
    them all. Stable for the life of a deployment (not Discord's recommended count,
    learnt only on connecting): health matches a restarted process to its predecessor
    by it."""
    count = bot.shard_count
    ids = getattr(bot, "shard_ids", None)
    if ids:
        return f"{','.join(str(i) for i in sorted(ids))} of {count}"
    if bot.shard_id is not None:
        return f"{bot.shard_id} of {count}"
    return ""


def _utc(epoch: float | None) -> datetime | None:
    return datetime.fromtimestamp(epoch, UTC) if epoch is not None else None
