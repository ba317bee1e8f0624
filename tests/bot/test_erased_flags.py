"""A spam flag stops quoting messages once they are gone: their authors deleted them
(or a moderator did by hand), or ``forget`` / ``purge`` erased them in another
process, and the flag's quote goes with them."""

from __future__ import annotations

import pytest

from tests.bot.harness import GENERAL, HELP, SECRET
from tests.bot.harness import NITRO_WAVE as WAVE
from tests.bot.harness_issues import eventually
from tests.bot.harness_spam import MODS, OFFTOPIC, SHOWCASE, SPAMMERS, flags, spam_world, start
from tests.fakes.discord_server import FakeDiscord
from triagebot.bot.flag_upkeep import FlagUpkeep
from triagebot.embeddings.model import SentenceEmbedder
from triagebot.store.engine import SessionFactory
from triagebot.store.privacy import forget_author


@pytest.fixture
def world(fake: FakeDiscord) -> FakeDiscord:
    return spam_world(fake)


def shown(fake: FakeDiscord, flag_id: int) -> str:
    message = fake.world.message(MODS, flag_id)
    assert message is not None
    return str(message.embeds[0]["description"])


async def test_a_flag_loses_its_quote_when_every_copy_is_deleted(
    world: FakeDiscord, sessions: SessionFactory, embedder: SentenceEmbedder
) -> None:
    bot = await start(world, sessions, embedder).start()
    channels = [GENERAL, HELP, SHOWCASE, OFFTOPIC, SECRET]
    sent = [await world.send_message(channels[n], SPAMMERS[n % 3], WAVE[n]) for n in range(5)]
    await bot.settle()
    await eventually(lambda: len(flags(world)) == 1)
    flag_id = int(flags(world)[0]["message_id"])
    assert "dlscord-gift.com" in shown(world, flag_id)
    for n, message in enumerate(sent):
        await world.delete_message(channels[n], int(message["id"]))
    await bot.settle()
    await eventually(lambda: "dlscord-gift.com" not in shown(world, flag_id))
    await bot.stop()
    assert "(no text)" in shown(world, flag_id)


async def test_forgetting_the_spammers_elsewhere_edits_their_flag(
    world: FakeDiscord, sessions: SessionFactory, embedder: SentenceEmbedder
) -> None:
    bot = await start(world, sessions, embedder).start()
    channels = [GENERAL, HELP, SHOWCASE, OFFTOPIC, SECRET]
    for n in range(5):
        await world.send_message(channels[n], SPAMMERS[n % 3], WAVE[n])
    await bot.settle()
    await eventually(lambda: len(flags(world)) == 1)
    flag_id = int(flags(world)[0]["message_id"])
    with sessions() as session, session.begin():  # `triagebot forget`, another process
        for spammer in SPAMMERS:
            forget_author(session, spammer)
    upkeep = bot.bot.get_cog("FlagUpkeep")
    assert isinstance(upkeep, FlagUpkeep)
    assert upkeep.loop.is_running() and not upkeep.loop.failed()  # it waits for ready
    edited = await upkeep.desk.refresh_outdated()
    again = await upkeep.desk.refresh_outdated()
    await bot.stop()
    assert (edited, again) == (1, 0)
    assert "dlscord-gift.com" not in shown(world, flag_id)
