"""Hints a process claimed and died before finishing: the next process owes them.

The claim is stored with the batch that earned the hint, so "killed after the
commit" is played here by a first run whose poster never hears of its batches (or
posts and never records it). A second run, once connected, posts what is owed once,
records a hint already posted instead of posting it again, and drops a claim whose
message is gone. Every test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from tests.bot.harness import ALICE, BOB, GENERAL, RunningBot
from tests.bot.harness_issues import PDF, RELOAD, Issues, eventually
from tests.fakes.discord_server import FakeDiscord
from triagebot.store.engine import SessionFactory
from triagebot.store.models import HintPostRow

REPORT = "the dev server crashes on reload with EADDRINUSE"


def bot_for(fake: FakeDiscord, sessions: SessionFactory, issues: Issues) -> RunningBot:
    return RunningBot(
        fake, sessions, stages=issues.stages(), features=issues.features(hint_channels=(GENERAL,))
    )


def claims(sessions: SessionFactory) -> list[tuple[int, int | None]]:
    """(place, hint message id) of every claim."""
    with sessions() as session:
        return [(r.place_id, r.message_id) for r in session.scalars(select(HintPostRow))]


def hints_posted(fake: FakeDiscord) -> list[dict[str, object]]:
    return [m for m in fake.posted_messages if str(m["content"]).startswith("This looks like")]


async def first_run(
    fake: FakeDiscord,
    sessions: SessionFactory,
    issues: Issues,
    *,
    dies: Callable[[RunningBot], None],
    deleted: bool = False,
) -> dict[str, object]:
    """A run that stores a report and its claim, then ``dies`` before finishing it
    (having stored the report's deletion too, when ``deleted``)."""
    async with bot_for(fake, sessions, issues) as bot:
        dies(bot)
        asked = await fake.send_message(GENERAL, ALICE, REPORT)
        await bot.settle()
        if deleted:
            await fake.delete_message(GENERAL, int(str(asked["id"])))
            await bot.settle()
    return asked


def before_posting(bot: RunningBot) -> None:
    bot.pipeline.listeners.remove(bot.bot.hint_poster.on_batch)


def before_recording(bot: RunningBot) -> None:
    poster = bot.bot.hint_poster
    finish = poster.hints.finish
    # The post goes out; recording it is lost (a dropped claim would still be dropped).
    poster.hints.finish = lambda place, issue, sent: None if sent else finish(place, issue, sent)  # type: ignore[method-assign]


async def test_a_hint_claimed_before_a_crash_is_posted_by_the_next_run(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    asked = await first_run(fake, sessions, issues, dies=before_posting)
    assert hints_posted(fake) == [] and claims(sessions) == [(GENERAL, None)]

    async with bot_for(fake, sessions, issues) as second:
        await eventually(lambda: claims(sessions) != [(GENERAL, None)], timeout=10)
        await fake.send_message(GENERAL, BOB, "hot reload crashes with address already in use too")
        await second.settle()

    [hint] = hints_posted(fake)  # once: the later report finds the place's hint taken
    assert str(hint["content"]).startswith(f"This looks like #{RELOAD}")
    assert int(hint["message_reference"]["message_id"]) == int(asked["id"])  # type: ignore[index]
    assert claims(sessions) == [(GENERAL, int(hint["message_id"]))]


async def test_a_hint_posted_but_not_recorded_is_recorded_not_posted_again(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    await first_run(fake, sessions, issues, dies=before_recording)
    [hint] = hints_posted(fake)
    assert claims(sessions) == [(GENERAL, None)]

    async with bot_for(fake, sessions, issues) as second:
        recorded = [(GENERAL, int(str(hint["message_id"])))]
        await eventually(lambda: claims(sessions) == recorded, timeout=10)
        await fake.send_message(GENERAL, BOB, "my exported pdf has no pictures in it")  # works on
        await second.settle()

    again, pdf = hints_posted(fake)
    assert again is hint and str(pdf["content"]).startswith(f"This looks like #{PDF}")


async def test_a_claim_whose_message_is_gone_is_dropped_without_a_post(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    await first_run(fake, sessions, issues, dies=before_posting, deleted=True)
    assert claims(sessions) == [(GENERAL, None)]

    async with bot_for(fake, sessions, issues):
        await eventually(lambda: claims(sessions) == [], timeout=10)
    assert hints_posted(fake) == []
