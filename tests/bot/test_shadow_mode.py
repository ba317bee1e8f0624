"""Shadow mode, end to end: by default the bot only flags, and ``spam report`` shows
what deleting by itself would have done and how often moderators agreed; with
``SPAM_AUTO_DELETE`` it deletes a sure incident's copies without waiting."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from tests.bot.harness import GENERAL, HELP, SECRET
from tests.bot.harness import NITRO_WAVE as WAVE
from tests.bot.harness_issues import button, eventually, interact
from tests.bot.harness_spam import (
    MOD,
    MODS,
    OFFTOPIC,
    SHOWCASE,
    SPAMMERS,
    action_id,
    deleted_by_the_bot,
    flags,
    spam_world,
    start,
    statuses,
)
from tests.fakes.discord_server import FakeDiscord
from triagebot.cli import cli
from triagebot.embeddings.model import SentenceEmbedder
from triagebot.store.engine import SessionFactory
from triagebot.store.models import SpamIncidentRow

SURE = 0.9  # the wave below scores above it; the test's bar, not the default


@pytest.fixture
def world(fake: FakeDiscord) -> FakeDiscord:
    return spam_world(fake)


async def post_wave(fake: FakeDiscord) -> set[int]:
    channels = [GENERAL, HELP, SHOWCASE, OFFTOPIC, SECRET]
    sent = [await fake.send_message(channels[n], SPAMMERS[n % 3], WAVE[n]) for n in range(5)]
    return {int(m["id"]) for m in sent}


def score(sessions: SessionFactory) -> float:
    with sessions() as session:
        return float(session.scalars(select(SpamIncidentRow.score)).one())


def report(database_url: str) -> dict[str, str]:
    """``triagebot spam report`` at the test's bar: each row's label → its value."""
    env: dict[str, Any] = {"SPAM_AUTO_DELETE_THRESHOLD": str(SURE), "COLUMNS": "160"}
    result = CliRunner().invoke(
        cli, ["--db", database_url, "spam", "report", "--days", "1"], env=env
    )
    assert result.exit_code == 0, result.output
    rows = {}
    for line in result.output.splitlines():
        cells = [c.strip() for c in line.strip("│ ").split("│")]
        if len(cells) == 2:
            rows[cells[0]] = cells[1]
    return rows


async def test_shadow_mode_only_flags_and_the_report_counts_the_agreement(
    world: FakeDiscord, sessions: SessionFactory, embedder: SentenceEmbedder, database_url: str
) -> None:
    bot = await start(world, sessions, embedder).start()
    sent = await post_wave(world)
    await bot.settle()
    await eventually(lambda: len(flags(world)) == 1)
    assert score(sessions) >= SURE and deleted_by_the_bot(world) == set()
    assert statuses(sessions) == ["open"]
    before = report(database_url)
    flag = flags(world)[0]
    await interact(world, button(MODS, MOD, int(flag["message_id"]), action_id(flag, "delete")))
    await eventually(lambda: sent <= deleted_by_the_bot(world))
    await bot.stop()
    after = report(database_url)
    assert before["still open"] == "1" and after["still open"] == "0"
    assert after["confirmed by moderators (deleted / timed out)"] == "1"
    would = next(v for k, v in after.items() if k.startswith("automatic deletion"))
    assert would == "1"
    assert after["… moderators agreed"] == "1 (100%)"
    assert after["… moderators disagreed"] == "0"


async def test_outside_shadow_mode_a_sure_incident_is_deleted_without_waiting(
    world: FakeDiscord, sessions: SessionFactory, embedder: SentenceEmbedder
) -> None:
    bot = await start(world, sessions, embedder, auto_delete_at=SURE).start()
    sent = await post_wave(world)
    await bot.settle()
    await eventually(lambda: sent <= deleted_by_the_bot(world))
    await eventually(lambda: statuses(sessions) == ["auto_deleted"])
    await bot.stop()
    assert len(flags(world)) == 1  # moderators still see what was done
