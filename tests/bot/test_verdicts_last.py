"""End to end: "Delete all copies" and "Timeout author" teach the scorer for good.

The buttons delete the very messages the verdict judged; the fake Discord then sends
their MESSAGE_DELETE events, which blank the messages and let their vectors leave
the cache. The verdict's examples keep their own vectors, so a new bot over the same
database (a restart) flags a reworded copy that the seed examples alone let through.
Every wait is for a condition (the deletions stored, the verdict recorded), never a
sleep, and each case runs three times.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.bot.harness import GENERAL, HELP
from tests.bot.harness_issues import button, eventually, interact
from tests.bot.harness_spam import (
    MOD,
    MODS,
    OFFTOPIC,
    SENIOR_MOD,
    SPAMMERS,
    VETERAN,
    action_id,
    copies,
    deleted_by_the_bot,
    flags,
    spam_stage,
    spam_world,
    start,
    statuses,
)
from tests.fakes.discord_server import FakeDiscord
from triagebot.config import SpamSettings
from triagebot.core.spam.exemplars import build_bank
from triagebot.core.spam.score import SpamInput
from triagebot.core.spam.seed_exemplars import seed_examples
from triagebot.embeddings.model import SentenceEmbedder
from triagebot.store.engine import SessionFactory
from triagebot.store.models import MessageRow, SpamExemplarRow
from triagebot.triage.spam_bank import scorer_from

# A lure the seed examples do not know: a "game tester" pitch, reworded per channel.
GAME_WAVE = [
    "hey guys, my friend and I made a small indie game and we need testers, "
    "I can send you the download",
    "we made an indie game with a friend and are looking for people to test it, "
    "happy to send you the download",
    "looking for testers for the indie game my friend and I built, I'll send you the download",
]
# Reworded once more, by a member of two years: before any verdict the scorer (the
# seed, the learned model) does not flag it.
REWORDED = (
    "anyone up for testing a little puzzle game my brother and I built? I can share the build"
)
WHO_PRESSES = {"delete": MOD, "timeout": SENIOR_MOD}
STATUS = {"delete": "deleted", "timeout": "timed_out"}


@pytest.fixture
def world(fake: FakeDiscord) -> FakeDiscord:
    return spam_world(fake)


@pytest.mark.parametrize("run", range(3))
@pytest.mark.parametrize("action", ["delete", "timeout"])
async def test_a_verdict_that_deletes_its_copies_still_teaches_after_a_restart(
    world: FakeDiscord,
    sessions: SessionFactory,
    embedder: SentenceEmbedder,
    action: str,
    run: int,
) -> None:
    bot = await start(world, sessions, embedder).start()
    channels = [GENERAL, HELP, OFFTOPIC]
    wave = [
        int((await world.send_message(channels[n], SPAMMERS[n], text))["id"])
        for n, text in enumerate(GAME_WAVE)
    ]
    await bot.settle()
    await eventually(lambda: len(flags(world)) == 1)
    assert sorted(next(iter(copies(sessions).values()))) == sorted(wave)
    flag = flags(world)[0]
    pressed = action_id(flag, action)
    await interact(world, button(MODS, WHO_PRESSES[action], int(flag["message_id"]), pressed))
    await eventually(lambda: set(wave) <= deleted_by_the_bot(world))
    await eventually(lambda: _deletions_stored(sessions, wave) and _resolved(sessions, action))
    await bot.pipeline.drain()
    assert _examples(sessions) == {m: "spam" for m in wave}  # the deletions took none
    await bot.stop()

    again = await start(world, sessions, embedder).start()  # a new bot, the same database
    probe = await world.send_message(GENERAL, VETERAN, REWORDED)
    await again.settle()
    await eventually(lambda: len(flags(world)) == 2)
    threshold = spam_stage(again).scorer.policy.threshold
    await again.stop()
    assert [int(probe["id"])] in copies(sessions).values()
    why = next(f["value"] for f in flags(world)[1]["embeds"][0]["fields"] if f["name"] == "why")
    assert "a message moderators flagged" in why
    assert _seed_only_score(embedder) < threshold  # the verdict made the difference


def _deletions_stored(sessions: SessionFactory, ids: list[int]) -> bool:
    with sessions() as session:
        gone = session.scalars(
            select(MessageRow.id).where(MessageRow.id.in_(ids), MessageRow.deleted_at.is_not(None))
        ).all()
    return len(gone) == len(ids)


def _resolved(sessions: SessionFactory, action: str) -> bool:
    return statuses(sessions) == [STATUS[action]]


def _examples(sessions: SessionFactory) -> dict[int, str]:
    """The verdict's examples that hold a vector of their own."""
    with sessions() as session:
        rows = session.execute(
            select(SpamExemplarRow.message_id, SpamExemplarRow.label).where(
                SpamExemplarRow.vector.is_not(None)
            )
        ).all()
    return {int(m): str(label) for m, label in rows}


def _seed_only_score(embedder: SentenceEmbedder) -> float:
    """The same reworded copy, from the same veteran, before any verdict."""
    bank = build_bank(embedder.encode, embedder.dim, seed_examples())
    scorer = scorer_from(SpamSettings(), bank)
    vector = embedder.encode([REWORDED])[0]
    return scorer.score(
        SpamInput(text=REWORDED, author_id=VETERAN, channel_id=GENERAL, vector=vector)
    ).score
