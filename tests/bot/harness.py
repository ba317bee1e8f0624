"""Running the real TriageBot against the fake Discord server, start to stop."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import discord.gateway
import discord.http

from tests.fakes.discord_server import FakeDiscord
from triagebot.bot.client import TriageBot
from triagebot.bot.runner import point_at
from triagebot.config import DiscordSettings, PipelineSettings
from triagebot.store.engine import SessionFactory
from triagebot.triage.digests import DigestFeatures
from triagebot.triage.health import HealthFeatures
from triagebot.triage.hints import Hints
from triagebot.triage.leases import LeasePolicy
from triagebot.triage.moderation import SpamFeatures
from triagebot.triage.pipeline import Pipeline, Stage
from triagebot.triage.services import IssueFeatures, Services, assemble
from triagebot.triage.stages.hint import HintStage
from triagebot.triage.stages.match import MatchStage

GUILD = 200_000_000_000 << 22
GENERAL, HELP, FORUM, SECRET = 101, 102, 103, 104
ALICE, BOB, CAROL = 800_000_000_000_000_011, 800_000_000_000_000_012, 800_000_000_000_000_013


def build_world(fake: FakeDiscord) -> None:
    fake.add_guild(GUILD, "Lumen Community")
    fake.add_channel(GUILD, GENERAL, "general")
    fake.add_channel(GUILD, HELP, "help")
    fake.add_channel(GUILD, FORUM, "help-forum", type=15)
    fake.add_channel(GUILD, SECRET, "mod-only")
    for user_id, name in ((ALICE, "alice"), (BOB, "bob"), (CAROL, "carol")):
        fake.add_member(GUILD, user_id, name)


def hints_of(sessions: SessionFactory, features: IssueFeatures | None) -> Hints:
    features = features or IssueFeatures()
    return Hints(sessions, features.hint_channel_ids, features.hint_threshold)


def with_hint_stage(stages: list[Stage], hints: Hints) -> list[Stage]:
    """The stages, with hints claimed right after matching (as the composition root
    puts them, see ``triage.stages``)."""
    found = [n for n, stage in enumerate(stages) if isinstance(stage, MatchStage)]
    if not found:
        return stages
    after = found[0] + 1
    return [*stages[:after], HintStage(hints), *stages[after:]]


class TestBot(TriageBot):
    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """discord.py waits 5 s before a re-IDENTIFY (Discord's limit); not needed here."""


@contextmanager
def discord_globals_restored() -> Iterator[None]:
    saved = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    try:
        yield
    finally:
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved


class RunningBot:
    """One run of the bot: ``await start()``, traffic, ``await settle()``, ``await stop()``."""

    def __init__(
        self,
        fake: FakeDiscord,
        sessions: SessionFactory,
        *,
        stages: list[Stage] | None = None,
        features: IssueFeatures | None = None,
        spam: SpamFeatures | None = None,
        health: HealthFeatures | None = None,
        pipeline: PipelineSettings | None = None,
        digest: DigestFeatures | None = None,
        leases: LeasePolicy | None = None,
        services: Services | None = None,
        **discord_settings: Any,
    ) -> None:
        """``services``: finished elsewhere (by the composition root); else assembled
        here from the plans given."""
        self.settings = DiscordSettings(
            token=fake.token,
            api_base=fake.api_base,
            gateway_url=fake.gateway_url,
            **discord_settings,
        )
        batching = pipeline or PipelineSettings(flush_ms=5)
        hints = hints_of(sessions, features)
        self.pipeline = Pipeline(sessions, batching, with_hint_stage(stages or [], hints))
        services = services or assemble(
            sessions,
            self.pipeline,
            issues=features,
            spam=spam,
            health=health,
            digest=digest,
            leases=leases,
            hints=hints,
        )
        self.pipeline = services.pipeline
        self.bot = TestBot(settings=self.settings, services=services, guild_ready_timeout=0.05)
        self.fake = fake
        self._task: asyncio.Task[None] | None = None

    async def start(self, *, catchups: int = 1) -> RunningBot:
        point_at(self.settings.api_base, self.settings.gateway_url)
        self._task = asyncio.create_task(self.bot.start(self.fake.token))
        await self.wait_for_catchups(catchups)
        return self

    async def wait_for_catchups(self, count: int) -> None:
        async with asyncio.timeout(10):
            while self.bot.catchup.runs < count:
                if self._task is not None and self._task.done():
                    self._task.result()  # surface a crash of the bot
                await asyncio.sleep(0.01)

    async def settle(self) -> None:
        """Wait until the fake has written its frames and the bot stored them."""
        await asyncio.sleep(0.05)
        await asyncio.wait_for(self.pipeline.drain(), 10)

    async def stop(self) -> None:
        await self.bot.close()
        if self._task is not None:
            await asyncio.wait_for(self._task, 10)

    async def __aenter__(self) -> RunningBot:
        """``async with RunningBot(...) as bot``: a run that stops whatever happens (a
        bot left connected after a failed check would hold the fake)."""
        return await self.start()

    async def __aexit__(self, *_: object) -> None:
        await self.stop()


# One spam wave reworded five ways (the spam and reliability tests post it).
NITRO_WAVE = [
    "Free Nitro for 3 months from Discord and Steam, claim it here: https://dlscord-gift.com/claim",
    "free nitro 3 months discord x steam, claim here https://dlscord-gift.com/claim",
    "3 months of FREE nitro (discord + steam collab) claim: https://dlscord-gift.com/claim",
    "Discord & Steam give 3 months Nitro free, claim now https://dlscord-gift.com/claim",
    "Nitro free for 3 months - Discord x Steam - claim at https://dlscord-gift.com/claim",
]
