"""The spam world of the moderation tests: a moderator channel, moderators, fresh
spammer accounts, and the bot with the real scorer and the bank stored so far."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from tests.bot.harness import GUILD, RunningBot
from tests.fakes.discord_server import FakeDiscord
from triagebot.config import MatchingSettings, SpamSettings
from triagebot.embeddings.model import SentenceEmbedder
from triagebot.store.engine import SessionFactory
from triagebot.store.models import SpamCopyRow, SpamIncidentRow
from triagebot.triage.moderation import SpamFeatures
from triagebot.triage.spam_bank import load_bank, scorer_from
from triagebot.triage.stages.embed import EmbedStage
from triagebot.triage.stages.match import MatchStage
from triagebot.triage.stages.spam import SpamStage

MODS = 150
MOD, SPAMMERS = 800_000_000_000_000_050, [800_000_000_000_000_060 + n for n in range(3)]
SENIOR_MOD = MOD + 1  # may time people out too
VETERAN = 800_000_000_000_000_070  # a member for two years
MOD_ROLE = GUILD + 77
MANAGE_MESSAGES, MODERATE_MEMBERS = 1 << 13, 1 << 40
SHOWCASE, OFFTOPIC = 105, 106


def spam_world(fake: FakeDiscord) -> FakeDiscord:
    fake.add_channel(GUILD, MODS, "mod-queue")
    fake.add_channel(GUILD, SHOWCASE, "showcase")
    fake.add_channel(GUILD, OFFTOPIC, "off-topic")
    fake.add_role(GUILD, MOD_ROLE, "mods", permissions=MANAGE_MESSAGES)
    fake.add_role(GUILD, MOD_ROLE + 1, "timeouts", permissions=MODERATE_MEMBERS | MANAGE_MESSAGES)
    fake.add_member(GUILD, MOD, "mod", roles=[MOD_ROLE])
    fake.add_member(GUILD, SENIOR_MOD, "senior-mod", roles=[MOD_ROLE + 1])
    now = datetime.now(UTC)
    fake.add_member(GUILD, VETERAN, "veteran", joined_at=now - timedelta(days=730))
    for n, spammer in enumerate(SPAMMERS):
        fake.add_member(GUILD, spammer, f"spammer{n}", joined_at=now - timedelta(hours=1))
    return fake


def start(
    world: FakeDiscord,
    sessions: SessionFactory,
    embedder: SentenceEmbedder,
    settings: SpamSettings | None = None,
    *,
    auto_delete_at: float | None = None,
) -> RunningBot:
    """A bot with the scorer ``triagebot run`` builds: the seed, every verdict stored
    so far, the learned model (unless ``settings`` turn it off);
    ``auto_delete_at``: outside shadow mode, deleting by itself at that score."""
    settings = settings or SpamSettings()
    stage = SpamStage(
        scorer_from(settings, load_bank(embedder, sessions)), sessions, embedder.model_id
    )
    stages: list[Any] = [EmbedStage(embedder), MatchStage(embedder, MatchingSettings()), stage]
    spam = SpamFeatures(mod_channel_id=MODS, learn=stage.learn, auto_delete_at=auto_delete_at)
    return RunningBot(world, sessions, stages=stages, spam=spam)


def spam_stage(bot: RunningBot) -> SpamStage:
    return next(s for s in bot.pipeline._stages if isinstance(s, SpamStage))


def action_id(flag: dict[str, Any], action: str) -> str:
    """The custom id of one of a flag's buttons."""
    ids = [c["custom_id"] for row in flag["components"] for c in row["components"]]
    return next(i for i in ids if f":{action}:" in i)


def flags(fake: FakeDiscord) -> list[dict[str, Any]]:
    return [m for m in fake.posted_messages if int(m["channel_id"]) == MODS]


def copies(sessions: SessionFactory) -> dict[int, list[int]]:
    """Each incident's message ids."""
    with sessions() as session:
        rows = session.execute(select(SpamCopyRow.incident_id, SpamCopyRow.message_id)).all()
    found: dict[int, list[int]] = {}
    for incident, message in rows:
        found.setdefault(int(incident), []).append(int(message))
    return found


def statuses(sessions: SessionFactory) -> list[str]:
    with sessions() as session:
        return [str(s) for s in session.scalars(select(SpamIncidentRow.status))]


def deleted_by_the_bot(fake: FakeDiscord) -> set[int]:
    return {
        int(r.path.rsplit("/", 1)[1])
        for r in fake.requests
        if r.method == "DELETE" and "/messages/" in r.path
    }
