"""The scheduled sync inside the bot tells each linked thread about a state change
once: not again on the next sync, not again after a restart."""

from __future__ import annotations

from sqlalchemy import select

from tests.bot.harness import ALICE, FORUM, RunningBot
from tests.bot.harness_issues import (
    DAVE,
    RELOAD,
    RELOAD_THREAD,
    REPO,
    Issues,
    eventually,
    interact,
    no_pings,
    option,
    slash,
)
from tests.fakes.discord_server import FakeDiscord
from triagebot.bot.sync_task import SyncTask
from triagebot.store.engine import SessionFactory
from triagebot.store.models import ThreadLinkRow


async def start(fake: FakeDiscord, sessions: SessionFactory, issues: Issues) -> RunningBot:
    features = issues.features(scheduled=True, minutes=0.001)  # every 60 ms
    return await RunningBot(fake, sessions, features=features).start()


def task_of(bot: RunningBot) -> SyncTask:
    cog = bot.bot.get_cog("SyncTask")
    assert isinstance(cog, SyncTask)
    return cog


async def more_syncs(bot: RunningBot, count: int = 3) -> None:
    task = task_of(bot)
    target = task.runs + count
    await eventually(lambda: task.runs >= target)


def notices(fake: FakeDiscord, thread: int) -> list[str]:
    return [
        m["content"]
        for m in fake.posted_messages
        if int(m["channel_id"]) == thread and "on GitHub" in m["content"]
    ]


async def test_a_closed_issue_is_told_to_its_threads_once(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    bot = await start(fake, sessions, issues)
    title, body = RELOAD_THREAD
    post = await fake.create_thread(
        FORUM, fake.world.snowflakes.make(), title, ALICE, starter_content=body
    )
    thread = int(post["id"])
    await interact(fake, slash(thread, DAVE, "link", option("issue", f"{REPO}#{RELOAD}")))
    await more_syncs(bot)
    assert notices(fake, thread) == []  # linking tells nothing; an unchanged issue neither

    issues.github.update_issue(REPO, RELOAD, state="closed")
    await eventually(lambda: len(notices(fake, thread)) == 1)
    await more_syncs(bot)
    await bot.stop()
    restarted = await start(fake, sessions, issues)
    await more_syncs(restarted)
    assert len(notices(fake, thread)) == 1

    issues.github.update_issue(REPO, RELOAD, state="open")
    await eventually(lambda: len(notices(fake, thread)) == 2)
    await more_syncs(restarted)
    await restarted.stop()

    closed, reopened = notices(fake, thread)
    assert closed.startswith("#1 — Hot reload server crashes") and "was closed" in closed
    assert "was reopened" in reopened
    for message in fake.posted_messages:
        no_pings(message)
    with sessions() as session:
        [link] = session.scalars(select(ThreadLinkRow))
    assert link.notified_state == "open"
