"""The bot: a ``commands.AutoShardedBot`` built with its dependencies injected."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import discord
from discord.ext import commands
from github import Github

from triagebot.bot.catchup import CatchUp
from triagebot.bot.commands import TriageCommands
from triagebot.bot.digest_buttons import DigestButton, DigestDesk
from triagebot.bot.digest_task import DigestFeatures, DigestTask
from triagebot.bot.health_task import HealthFeatures, HealthTask
from triagebot.bot.hints import HintPoster, NotRelatedButton
from triagebot.bot.index_task import IndexFeatures, IndexTask
from triagebot.bot.intake import Intake
from triagebot.bot.job_lease import JobLease, LeasePolicy
from triagebot.bot.moderation import Learn, ModerationQueue, SpamActionButton
from triagebot.bot.sync_task import SyncTask
from triagebot.config import DiscordSettings
from triagebot.embeddings.model import Embedder
from triagebot.index.discussions import EarlierDiscussions
from triagebot.pipeline import Pipeline
from triagebot.store.engine import SessionFactory
from triagebot.tracker.linking import Linker
from triagebot.tracker.similar import SimilarIssues
from triagebot.tracker.sync import IssueSync

log = logging.getLogger(__name__)


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


@dataclass(frozen=True)
class IssueFeatures:
    """What the issue features need, built by ``main()`` from the settings.

    Without an embedder there are no similarity answers (``/link`` still works with
    ``#123``); without ``sync`` issues are only synced by ``triagebot sync``; without
    ``github`` (or with ``comment_on_link`` off) ``/link`` comments nowhere. Empty
    ``hint_channel_ids``: matches are recorded, no hint is posted. Empty
    ``triage_role_ids``: members who can manage threads or messages may triage.
    Without ``index`` (or an embedder) ``/similar`` lists no earlier discussions.
    """

    embedder: Embedder | None = None
    sync: IssueSync | None = None
    github: Github | None = None
    repos: tuple[str, ...] = ()
    sync_minutes: float = 10.0
    top_k: int = 5
    comment_on_link: bool = True
    hint_channel_ids: frozenset[int] = frozenset()
    hint_threshold: float = 0.0
    triage_role_ids: frozenset[int] = frozenset()
    index: IndexFeatures | None = None


@dataclass(frozen=True)
class SpamFeatures:
    """Where flags go, how long a timeout lasts, and how verdicts teach the scorer.

    ``mod_channel_id`` None: incidents are recorded, not posted. ``auto_delete_at``
    None: shadow mode, the bot never acts by itself.
    """

    mod_channel_id: int | None = None
    timeout: timedelta = timedelta(hours=1)
    learn: Learn | None = None
    auto_delete_at: float | None = None


class TriageBot(commands.AutoShardedBot):
    """Always the sharded client: with no shard settings it runs as many shards as
    Discord recommends (one for most communities), so a bot that outgrows one shard
    keeps working; with ``DISCORD_SHARD_COUNT``/``DISCORD_SHARD_IDS`` it connects only
    its own shards and leaves the rest to other processes on the same database.

    ``leases``: how this process takes its turn at the scheduled jobs among processes
    sharing the database (default: named by ``TRIAGEBOT_PROCESS_NAME`` or host:pid).
    """

    def __init__(
        self,
        *,
        settings: DiscordSettings,
        pipeline: Pipeline,
        sessions: SessionFactory,
        features: IssueFeatures | None = None,
        spam: SpamFeatures | None = None,
        digest: DigestFeatures | None = None,
        health: HealthFeatures | None = None,
        sync_commands: bool = True,
        leases: LeasePolicy | None = None,
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
        self.pipeline = pipeline
        self.sessions = sessions
        self.features = features or IssueFeatures()
        # The command list is global: one process registers it for all.
        self.sync_commands = sync_commands and settings.registers_commands
        self.leases = leases or LeasePolicy.for_this_process(60.0)
        self.catchup = CatchUp(self, pipeline, sessions, settings)
        # Always present: "Not related" buttons posted earlier keep working even when
        # hints are switched off now.
        self.hint_poster = HintPoster(
            self, sessions, self.features.hint_channel_ids, self.features.hint_threshold
        )
        spam = spam or SpamFeatures()
        # Always present too: flags posted before a restart keep their buttons.
        self.moderation = ModerationQueue(
            self,
            sessions,
            spam.mod_channel_id,
            timeout=spam.timeout,
            learn=spam.learn,
            auto_delete_at=spam.auto_delete_at,
        )
        # ``None``: no digest. The desk is always there: digest buttons posted before a
        # restart keep working.
        self.digest = digest
        self.digest_desk = DigestDesk(sessions, digest.role_ids if digest else ())
        # ``None``: no heartbeat (tests that do not need one).
        self.health = health
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
        log.info(
            "process %s runs Discord shards %s",
            self.leases.holder,
            self.settings.describe_shards(),
        )
        self.pipeline.start()
        await self.add_cog(Intake(self, self.pipeline, self.catchup, self.settings))
        self.pipeline.listeners.append(self.hint_poster.on_batch)
        self.pipeline.listeners.append(self.moderation.on_batch)
        self.add_dynamic_items(NotRelatedButton, SpamActionButton, DigestButton)
        await self.add_cog(self._triage_commands())
        features = self.features
        if features.sync is not None:
            task = SyncTask(
                self,
                features.sync,
                self.sessions,
                minutes=features.sync_minutes,
                lease=JobLease(self.sessions, "sync", self.leases),
            )
            await self.add_cog(task)
        if self.digest is not None:
            lease = JobLease(self.sessions, "digest", self.leases)
            await self.add_cog(DigestTask(self, self.sessions, self.digest, lease=lease))
        if self.health is not None:
            await self.add_cog(HealthTask(self, self.pipeline, self.sessions, self.health))
        if features.index is not None:
            await self.add_cog(IndexTask(self, features.index))
        if self.sync_commands:
            await self._register_commands()

    def _triage_commands(self) -> TriageCommands:
        features = self.features
        github = features.github if features.comment_on_link else None
        linker = Linker(self.sessions, github, repos=features.repos)
        similar = discussions = None
        if features.embedder is not None:
            similar = SimilarIssues(self.sessions, features.embedder)
            if features.index is not None:
                index = features.index
                discussions = EarlierDiscussions(index.recent, self.sessions, floor=index.floor)
        return TriageCommands(
            self,
            linker,
            similar,
            features.triage_role_ids,
            shown=features.top_k,
            discussions=discussions,
        )

    async def _register_commands(self) -> None:
        """Tell Discord about the slash commands (one bulk PUT; unchanged ones are
        kept as they are). A failure costs the commands, not the bot."""
        try:
            synced = await self.tree.sync()
        except discord.HTTPException as exc:
            log.warning("could not register the slash commands: %s", exc)
        else:
            log.info("registered %d application commands", len(synced))

    async def close(self) -> None:
        """Store what is queued while replies can still be posted, then disconnect.

        Hints and flags are posted after their batch is stored: draining first gives
        the last batches their posts (a stored message is never posted about again).
        """
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.pipeline.drain(), 30)
        await super().close()
        await self.pipeline.close()
        if self.features.index is not None:  # after the pipeline: its last batches too
            await asyncio.to_thread(self.features.index.recent.close)
        log.info("stopped; %d events stored this run", self.pipeline.stats.events)
