"""Recently closed issues over the wire: a report of a bug fixed last week is answered
with the closed issue and the release that fixed it, and counts for no open issue.
Every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tests.bot.harness import ALICE, BOB, FORUM, RunningBot
from tests.bot.harness_issues import DAVE, RELOAD, RELOAD_THREAD, REPO, Issues, interact, slash
from tests.fakes.discord_server import FakeDiscord
from triagebot.store.engine import SessionFactory
from triagebot.store.models import IssueMatchRow


def bot_for(fake: FakeDiscord, sessions: SessionFactory, issues: Issues) -> RunningBot:
    return RunningBot(
        fake, sessions, stages=issues.stages(), features=issues.features(hint_channels=(FORUM,))
    )


async def reload_thread(fake: FakeDiscord, bot: RunningBot) -> int:
    post = await fake.create_thread(
        FORUM, fake.world.snowflakes.make(), *RELOAD_THREAD[:1], ALICE,
        starter_content=RELOAD_THREAD[1],
    )  # fmt: skip
    await bot.settle()
    return int(post["id"])


async def hint_and_similar(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> tuple[list[dict[str, Any]], str]:
    """A forum post about the reload crash: what the bot posted, and /similar's answer."""
    await issues.load()
    bot = await bot_for(fake, sessions, issues).start()
    thread = await reload_thread(fake, bot)
    _, similar = await interact(fake, slash(thread, DAVE, "similar"))
    await bot.stop()
    return fake.posted_messages, str(similar["data"]["content"])


def matched(sessions: SessionFactory) -> list[int]:
    with sessions() as session:
        return list(session.scalars(select(IssueMatchRow.message_id)))


async def test_a_report_of_a_fixed_bug_is_told_which_release_fixed_it(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    issues.github.update_issue(REPO, RELOAD, state="closed", milestone="v0.9.3")
    [hint], similar = await hint_and_similar(fake, sessions, issues)
    first = hint["content"].splitlines()[0]
    assert first.startswith("This looks like #1 — Hot reload server crashes"), first
    assert first.endswith(", closed today as fixed in v0.9.3)"), first
    assert matched(sessions) == []  # a closed issue is no open demand
    lines = similar.splitlines()
    assert lines[0].startswith("Issues most like"), lines
    assert lines[1].startswith("1. #1 — Hot reload server") and "closed today" in lines[1]
    assert all("closed" not in line for line in lines[2:]), lines


async def test_an_issue_closed_as_a_duplicate_is_never_named(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    issues.github.update_issue(REPO, RELOAD, state="closed", state_reason="duplicate")
    posted, similar = await hint_and_similar(fake, sessions, issues)
    assert posted == []
    assert "#1 —" not in similar


async def test_a_closed_issue_without_a_release_is_named_as_fixed_and_reopening_counts_again(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    issues.github.update_issue(REPO, RELOAD, state="closed")
    await issues.load()
    bot = await bot_for(fake, sessions, issues).start()
    thread = await reload_thread(fake, bot)
    [hint] = fake.posted_messages
    assert "(0." in hint["content"] and ", closed today as fixed)" in hint["content"]
    assert matched(sessions) == []

    issues.github.update_issue(REPO, RELOAD, state="open")
    await issues.load()
    await fake.send_message(
        thread, BOB, "the hot reload server still crashes with EADDRINUSE on Windows for me"
    )
    await bot.settle()
    await bot.stop()
    assert len(matched(sessions)) == 1  # open again: a report counts
