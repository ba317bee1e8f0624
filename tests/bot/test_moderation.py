"""End to end: a spam wave becomes one flag; moderators act on it with buttons.

The real bot, the real model and scorer, the fake Discord: the wave is posted over
the gateway, the flag and the deletions are read from what the fake received.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from tests.bot.harness import ALICE, BOB, CAROL, GENERAL, HELP, SECRET
from tests.bot.harness import NITRO_WAVE as WAVE
from tests.bot.harness_issues import button, eventually, interact
from tests.bot.harness_spam import (
    MOD,
    MODS,
    OFFTOPIC,
    SENIOR_MOD,
    SHOWCASE,
    SPAMMERS,
    action_id,
    copies,
    deleted_by_the_bot,
    flags,
    spam_stage,
    spam_world,
    start,
)
from tests.fakes.discord_server import FakeDiscord
from triagebot.core.spam.score import SpamInput
from triagebot.embeddings.model import SentenceEmbedder
from triagebot.store.engine import SessionFactory
from triagebot.store.models import ModActionRow, SpamIncidentRow


@pytest.fixture
def world(fake: FakeDiscord) -> FakeDiscord:
    return spam_world(fake)


async def post_wave(fake: FakeDiscord) -> list[dict[str, Any]]:
    channels = [GENERAL, HELP, SHOWCASE, OFFTOPIC, SECRET]
    sent = [await fake.send_message(channels[n], SPAMMERS[0], WAVE[n]) for n in range(2)]
    sent += [await fake.send_message(channels[n], SPAMMERS[n % 3], WAVE[n]) for n in range(2, 5)]
    return sent


async def test_a_reworded_wave_across_channels_and_accounts_is_one_flag(
    world: FakeDiscord, sessions: SessionFactory, embedder: SentenceEmbedder
) -> None:
    bot = await start(world, sessions, embedder).start()
    await world.send_message(GENERAL, ALICE, "has anyone tried the new theme? looks great")
    sent = await post_wave(world)
    await bot.settle()
    await eventually(lambda: len(flags(world)) == 1)
    await bot.stop()
    (incident,) = copies(sessions).values()
    assert sorted(incident) == sorted(int(m["id"]) for m in sent)
    flag = flags(world)[0]
    assert flag["allowed_mentions"]["parse"] == []
    embed = flag["embeds"][0]
    assert "dlscord-gift.com" in embed["description"] and "```" in embed["description"]
    buttons = [c["custom_id"] for row in flag["components"] for c in row["components"]]
    assert [b.split(":")[2] for b in buttons] == ["delete", "timeout", "notspam"]


async def test_delete_all_copies_needs_permission_and_is_audited(
    world: FakeDiscord, sessions: SessionFactory, embedder: SentenceEmbedder
) -> None:
    bot = await start(world, sessions, embedder).start()
    sent = await post_wave(world)
    await bot.settle()
    await eventually(lambda: len(flags(world)) == 1)
    flag = flags(world)[0]
    delete = action_id(flag, "delete")
    _, refused = await interact(world, button(MODS, BOB, int(flag["message_id"]), delete))
    assert refused["data"]["flags"] & 64 and "permission" in refused["data"]["content"]
    await bot.stop()

    again = await start(world, sessions, embedder).start()  # the button outlives a restart
    await interact(world, button(MODS, MOD, int(flag["message_id"]), delete))
    gone = {int(m["id"]) for m in sent}
    await eventually(lambda: gone <= deleted_by_the_bot(world))
    await again.stop()
    with sessions() as session:
        incident = session.scalars(select(SpamIncidentRow)).one()
        audit = session.scalars(select(ModActionRow)).one()
    assert incident.status == "deleted" and incident.resolved_by == MOD
    assert audit.action == "deleted" and audit.moderator_id == MOD


async def test_not_spam_lowers_the_next_similar_message(
    world: FakeDiscord, sessions: SessionFactory, embedder: SentenceEmbedder
) -> None:
    text = "free nitro giveaway in my server for everyone who joins, claim fast"
    bot = start(world, sessions, embedder)
    await bot.start()
    await world.send_message(GENERAL, SPAMMERS[0], text)
    await bot.settle()
    await eventually(lambda: len(flags(world)) == 1)
    with sessions() as session:
        before = session.scalars(select(SpamIncidentRow.score)).one()
    flag = flags(world)[0]
    notspam = action_id(flag, "notspam")
    await interact(world, button(MODS, MOD, int(flag["message_id"]), notspam))
    await eventually(lambda: _status(sessions) == "not_spam")
    stage = spam_stage(bot)
    vector = embedder.encode([text + " today"])[0]
    after = stage.scorer.score(
        SpamInput(text=text + " today", author_id=CAROL, channel_id=HELP, vector=vector)
    ).score
    await bot.stop()
    assert after < before


def _status(sessions: SessionFactory) -> str:
    with sessions() as session:
        return str(session.scalars(select(SpamIncidentRow.status)).one())


async def test_timeout_needs_moderate_members_and_times_out_every_author(
    world: FakeDiscord, sessions: SessionFactory, embedder: SentenceEmbedder
) -> None:
    bot = await start(world, sessions, embedder).start()
    await post_wave(world)
    await bot.settle()
    await eventually(lambda: len(flags(world)) == 1)
    flag = flags(world)[0]
    timeout = action_id(flag, "timeout")
    _, refused = await interact(world, button(MODS, MOD, int(flag["message_id"]), timeout))
    assert refused["data"]["flags"] & 64  # Manage Messages alone may not time people out
    await interact(world, button(MODS, SENIOR_MOD, int(flag["message_id"]), timeout))
    await eventually(lambda: _status(sessions) == "timed_out")
    await bot.stop()
    timed_out = {
        int(e["user_id"]) for e in world.member_edits if e.get("communication_disabled_until")
    }
    assert timed_out == set(SPAMMERS)
