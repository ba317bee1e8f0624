"""The bot with every feature that speaks switched on, for tests that look at all of
them at once (permissions, hostile input): issue matching with duplicate hints, spam
flags in a moderator channel, and the daily digest with its buttons and ``/digest``.
"""

from __future__ import annotations

from datetime import time

from tests.bot.harness import GUILD, RunningBot
from tests.bot.harness_issues import Issues
from tests.fakes.discord_server import FakeDiscord
from triagebot.config import PipelineSettings, SpamSettings
from triagebot.llm.summariser import Summariser
from triagebot.store.engine import SessionFactory
from triagebot.triage.digests import DigestFeatures
from triagebot.triage.moderation import SpamFeatures
from triagebot.triage.spam_bank import load_bank, scorer_from
from triagebot.triage.stages.spam import SpamStage

MODS, DIGESTS = 150, 160
MODERATORS, MAINTAINERS = GUILD + 77, GUILD + 78  # roles
MANAGE_MESSAGES, MODERATE_MEMBERS = 1 << 13, 1 << 40
MIDNIGHT = time(0, 0)  # the digest time has always passed: a start posts yesterday's


def add_desks(fake: FakeDiscord) -> None:
    """The moderators' and maintainers' channels and roles (no members yet)."""
    fake.add_channel(GUILD, MODS, "mod-queue")
    fake.add_channel(GUILD, DIGESTS, "maintainers")
    fake.add_role(GUILD, MODERATORS, "mods", permissions=MANAGE_MESSAGES)
    fake.add_role(GUILD, MAINTAINERS, "maintainers", permissions=MANAGE_MESSAGES)


def full_bot(
    fake: FakeDiscord,
    sessions: SessionFactory,
    issues: Issues,
    *,
    hint_channels: tuple[int, ...],
    summariser: Summariser | None = None,
    pipeline: PipelineSettings | None = None,
    spam_settings: SpamSettings | None = None,
) -> RunningBot:
    """Everything on; digests go to ``DIGESTS`` for holders of ``MAINTAINERS``."""
    embedder = issues.embedder
    spam = SpamStage(
        scorer_from(spam_settings or SpamSettings(), load_bank(embedder, sessions)),
        sessions,
        embedder.model_id,
    )
    digest = DigestFeatures(
        channel_id=DIGESTS,
        at=MIDNIGHT,
        model_id=embedder.model_id,
        summariser=summariser,
        role_ids=frozenset({MAINTAINERS}),
    )
    return RunningBot(
        fake,
        sessions,
        stages=[*issues.stages(), spam],
        features=issues.features(hint_channels=hint_channels),
        spam=SpamFeatures(mod_channel_id=MODS, learn=spam.learn),
        digest=digest,
        pipeline=pipeline,
    )
