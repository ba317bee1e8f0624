"""/similar and "Find similar issues" list earlier discussions elsewhere, over the wire.

The real bot stores, embeds and indexes what the fake Discord sends; the triager then
asks in a new thread and is pointed at the earlier message in another channel, with
a jump link, and never at the thread itself or at a message deleted since.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tests.bot.harness import ALICE, BOB, GENERAL, GUILD, HELP, RunningBot
from tests.bot.harness_issues import DAVE, Issues, context_menu, interact, no_pings, slash
from tests.bot.test_link_commands import reload_thread
from tests.fakes.discord_server import FakeDiscord
from triagebot.index.editing import saved_index
from triagebot.index.recent import Bounds, RecentMessages
from triagebot.store.engine import SessionFactory
from triagebot.triage.services import IndexFeatures
from triagebot.triage.stages.index import IndexStage
from triagebot.triage.stored_vectors import StoredVectors

EARLIER = "the hot reload server keeps crashing with EADDRINUSE on windows when I save"
UNRELATED = "anyone up for a game of chess tonight?"


async def start(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues, path: Path | None = None
) -> RunningBot:
    embedder = issues.embedder
    source = StoredVectors(sessions, embedder.model_id)
    recent = RecentMessages(
        source, embedder.model_id, embedder.dim, path=path, bounds=Bounds(3650), width=64
    )
    recent.open()
    features = replace(issues.features(), index=IndexFeatures(recent, floor=0.5))
    stages = [*issues.stages(), IndexStage(recent)]
    bot = RunningBot(fake, sessions, stages=stages, features=features)
    return await bot.start()


def jump(channel: int, message: int) -> str:
    return f"https://discord.com/channels/{GUILD}/{channel}/{message}"


async def test_similar_points_at_the_earlier_discussion_elsewhere(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues, tmp_path: Path
) -> None:
    path = tmp_path / "bot.index"
    bot = await start(fake, sessions, issues, path)
    earlier = await fake.send_message(HELP, ALICE, EARLIER)
    await fake.send_message(GENERAL, BOB, UNRELATED)
    thread = await reload_thread(fake, bot)
    _, reply = await interact(fake, slash(thread, DAVE, "similar"))
    await fake.delete_message(HELP, int(earlier["id"]))
    await bot.settle()
    _, after_delete = await interact(fake, slash(thread, DAVE, "similar"))
    await bot.stop()

    text = reply["data"]["content"]
    heading, _, discussions = text.partition("\n\nEarlier discussions elsewhere:\n")
    assert heading.startswith("Open issues most like this thread"), text
    [line] = discussions.splitlines()  # the thread's own posts and the chess talk are not
    assert line.startswith(f"1. <#{HELP}> “the hot reload server keeps crashing"), line
    assert f"<{jump(HELP, int(earlier['id']))}>" in line and "<t:" in line
    no_pings(reply)
    assert "Earlier discussions" not in after_delete["data"]["content"]
    with saved_index(path) as saved:  # saved on the clean stop, without the deleted one
        assert saved is not None and len(saved) == 3
        assert int(earlier["id"]) not in set(saved.ids().tolist())


async def test_the_message_menu_lists_other_places_not_the_message_itself(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    bot = await start(fake, sessions, issues)
    earlier = await fake.send_message(HELP, ALICE, EARLIER)
    same_channel = await fake.send_message(GENERAL, ALICE, "reload crashed again, EADDRINUSE")
    asked = await fake.send_message(
        GENERAL, BOB, "hot reload dies with EADDRINUSE on save, windows"
    )
    await bot.settle()
    _, reply = await interact(fake, context_menu(GENERAL, DAVE, asked))
    await bot.stop()

    text = reply["data"]["content"]
    assert jump(HELP, int(earlier["id"])) in text
    assert str(asked["id"]) not in text and str(same_channel["id"]) not in text
    no_pings(reply)
