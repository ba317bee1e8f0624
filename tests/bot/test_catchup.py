"""Catch-up: a bot that was down, dropped or re-identified loses and duplicates nothing."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from tests.bot.harness import ALICE, BOB, FORUM, GENERAL, HELP, SECRET, RunningBot
from tests.fakes.discord_server import FakeDiscord
from triagebot.store.engine import SessionFactory
from triagebot.store.models import CursorRow, MessageRow


def stored_ids(sessions: SessionFactory) -> list[int]:
    with sessions() as session:
        return sorted(session.scalars(select(MessageRow.id)))


def cursor(sessions: SessionFactory, channel_id: int) -> int | None:
    with sessions() as session:
        row = session.get(CursorRow, channel_id)
        return row.last_message_id if row else None


async def test_messages_sent_while_down_are_caught_up_exactly_once(
    fake: FakeDiscord, sessions: SessionFactory
) -> None:
    first = RunningBot(fake, sessions)
    await first.start()
    before = await fake.send_message(GENERAL, ALICE, "before the outage")
    await first.settle()
    await first.stop()

    missed = [await fake.send_message(GENERAL, BOB, f"while down {n}") for n in range(250)]
    missed.append(await fake.send_message(HELP, ALICE, "a question while down"))

    second = RunningBot(fake, sessions)
    await second.start()
    after = await fake.send_message(GENERAL, ALICE, "after the restart")
    await second.settle()
    await second.stop()

    expected = sorted(int(m["id"]) for m in [before, *missed, after])
    assert stored_ids(sessions) == expected
    assert second.bot.catchup.last_fetched == len(missed)
    assert cursor(sessions, GENERAL) == int(after["id"])
    pages = [r for r in fake.requests if r.path.endswith(f"/channels/{GENERAL}/messages")]
    assert len(pages) <= 4  # 250 missed messages in pages of 100, one final empty page


async def test_a_restart_with_nothing_missed_fetches_one_empty_page_per_channel(
    fake: FakeDiscord, sessions: SessionFactory
) -> None:
    await fake.send_message(GENERAL, ALICE, "old news")
    bot = await RunningBot(fake, sessions).start()
    await bot.stop()
    again = await RunningBot(fake, sessions).start()
    await again.stop()
    assert again.bot.catchup.last_fetched == 0
    assert len(stored_ids(sessions)) == 1


async def test_threads_opened_and_archived_while_down_are_read(
    fake: FakeDiscord, sessions: SessionFactory
) -> None:
    first = await RunningBot(fake, sessions).start()
    seen = await fake.send_message(GENERAL, ALICE, "before the outage")
    await first.settle()
    await first.stop()

    missed = []
    places = ((GENERAL, False), (GENERAL, True), (FORUM, False))  # public, private, forum post
    for n, (parent, private) in enumerate(places):
        thread_id = fake.world.snowflakes.make()
        await fake.create_thread(
            parent, thread_id, f"help {n}", ALICE, starter_content="", private=private
        )
        missed.append(await fake.send_message(thread_id, BOB, f"answer in thread {n}"))
        await fake.archive_thread(thread_id)

    second = await RunningBot(fake, sessions).start()
    await second.settle()
    await second.stop()
    stored = set(stored_ids(sessions))
    assert {int(m["id"]) for m in [seen, *missed]} <= stored


async def test_a_restart_with_nothing_missed_asks_each_parent_for_one_page_of_archives(
    fake: FakeDiscord, sessions: SessionFactory
) -> None:
    for n in range(3):
        old = fake.world.snowflakes.make()
        await fake.create_thread(GENERAL, old, f"old help {n}", ALICE, starter_content="")
        await fake.send_message(old, BOB, "solved long ago")
        await fake.archive_thread(old)
    first = await RunningBot(fake, sessions).start()
    await fake.send_message(GENERAL, ALICE, "later chat")
    await first.settle()
    await first.stop()
    fake.requests.clear()
    again = await RunningBot(fake, sessions).start()
    await again.stop()
    assert again.bot.catchup.last_fetched == 0
    listings = sorted(r.path for r in fake.requests if "/threads/archived/" in r.path)
    parents = [GENERAL, HELP, FORUM, SECRET]
    public = [f"/channels/{p}/threads/archived/public" for p in parents]
    private = [f"/channels/{p}/threads/archived/private" for p in parents if p != FORUM]
    assert listings == sorted(public + private)  # one page each: the newest is old news


def stored_text(sessions: SessionFactory) -> dict[int, tuple[str, bool]]:
    """Message id → (its text, whether it is marked deleted)."""
    with sessions() as session:
        rows = session.execute(select(MessageRow.id, MessageRow.content, MessageRow.deleted_at))
        return {int(i): (text, deleted is not None) for i, text, deleted in rows}


async def test_edits_and_deletions_made_while_down_are_applied_on_catch_up(
    fake: FakeDiscord, sessions: SessionFactory
) -> None:
    first = await RunningBot(fake, sessions).start()
    kept, edited, deleted = [
        await fake.send_message(GENERAL, ALICE, text)
        for text in ("stays as it is", "the build fails on arm", "my password is hunter2")
    ]
    await first.settle()
    await first.stop()

    await fake.edit_message(GENERAL, int(edited["id"]), "the build fails on arm64 with gcc 14")
    await fake.delete_message(GENERAL, int(deleted["id"]))
    second = await RunningBot(fake, sessions).start()
    await second.settle()
    await second.stop()
    text = stored_text(sessions)
    assert text[int(kept["id"])] == ("stays as it is", False)
    assert text[int(edited["id"])] == ("the build fails on arm64 with gcc 14", False)
    assert text[int(deleted["id"])] == ("", True)
    assert second.bot.catchup.last_fetched == 0  # nothing new, only reconciled


async def test_without_a_reconcile_window_only_new_messages_are_read(
    fake: FakeDiscord, sessions: SessionFactory
) -> None:
    first = await RunningBot(fake, sessions).start()
    gone = await fake.send_message(GENERAL, ALICE, "deleted while down, never noticed")
    await first.settle()
    await first.stop()
    await fake.delete_message(GENERAL, int(gone["id"]))
    second = await RunningBot(fake, sessions, reconcile_hours=0).start()
    await second.settle()
    await second.stop()
    assert stored_text(sessions)[int(gone["id"])] == ("deleted while down, never noticed", False)


async def test_a_new_channel_is_read_back_only_backfill_days(
    fake: FakeDiscord, sessions: SessionFactory
) -> None:
    now = datetime.now(UTC)
    await fake.send_message(GENERAL, ALICE, "ancient", timestamp=now - timedelta(days=30))
    recent = await fake.send_message(GENERAL, ALICE, "recent", timestamp=now - timedelta(days=2))
    bot = await RunningBot(fake, sessions, backfill_days=7).start()
    await bot.stop()
    assert stored_ids(sessions) == [int(recent["id"])]


async def test_rate_limits_during_catch_up_are_waited_out(
    fake: FakeDiscord, sessions: SessionFactory
) -> None:
    sent = [await fake.send_message(GENERAL, ALICE, f"m{n}") for n in range(20)]
    fake.rate_limit_next("GET", rf"/channels/{GENERAL}/messages", times=2, retry_after=0.1)
    bot = await RunningBot(fake, sessions).start()
    await bot.stop()
    assert stored_ids(sessions) == sorted(int(m["id"]) for m in sent)


async def test_a_dropped_connection_resumes_without_gap_or_duplicate(
    fake: FakeDiscord, sessions: SessionFactory
) -> None:
    bot = await RunningBot(fake, sessions).start()
    sent = [await fake.send_message(GENERAL, ALICE, "before the drop")]
    await fake.drop_connections(resumable=True, abrupt=True)
    sent += [await fake.send_message(GENERAL, BOB, f"during the drop {n}") for n in range(10)]
    await fake.wait_until_connected()
    sent.append(await fake.send_message(GENERAL, ALICE, "after the resume"))
    await bot.settle()
    await bot.wait_for_catchups(2)  # RESUMED triggers a (cheap) catch-up too
    await bot.settle()
    await bot.stop()
    assert fake.resume_count >= 1
    assert stored_ids(sessions) == sorted(int(m["id"]) for m in sent)


async def test_an_invalid_session_re_identifies_and_catches_up(
    fake: FakeDiscord, sessions: SessionFactory
) -> None:
    bot = await RunningBot(fake, sessions).start()
    sent = [await fake.send_message(GENERAL, ALICE, "one")]
    await fake.drop_connections(resumable=False)
    sent += [await fake.send_message(HELP, BOB, f"lost in the gap {n}") for n in range(5)]
    await bot.wait_for_catchups(2)
    sent.append(await fake.send_message(GENERAL, ALICE, "two"))
    await bot.settle()
    await bot.stop()
    assert fake.identify_count == 2
    assert stored_ids(sessions) == sorted(int(m["id"]) for m in sent)
    assert cursor(sessions, HELP) == int(sent[-2]["id"])


async def test_live_messages_do_not_move_a_cursor_before_catch_up_ends(
    fake: FakeDiscord, sessions: SessionFactory
) -> None:
    bot = RunningBot(fake, sessions)
    await bot.start()
    bot.bot.catchup.forget_sync()  # as after a disconnect, before the next catch-up
    old = cursor(sessions, GENERAL)
    await fake.send_message(GENERAL, ALICE, "live, but the channel is not caught up")
    await bot.settle()
    assert cursor(sessions, GENERAL) == old
    await asyncio.wait_for(bot.bot.catchup.schedule(), 10)
    await bot.stop()
    assert cursor(sessions, GENERAL) == stored_ids(sessions)[-1]
