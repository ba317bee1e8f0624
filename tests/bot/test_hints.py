"""Duplicate hints: posted once per thread in hint channels only, overruled with a
button that still works after a restart. Every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from tests.bot.harness import ALICE, BOB, FORUM, GENERAL, HELP, RunningBot
from tests.bot.harness_issues import (
    PDF,
    RELOAD,
    RELOAD_THREAD,
    Issues,
    button,
    interact,
    no_pings,
)
from tests.fakes.discord_server import FakeDiscord
from triagebot.store.engine import SessionFactory
from triagebot.store.models import HintPostRow, HintRejectionRow, IssueMatchRow, IssueRow

Json = dict[str, object]


def bot_for(fake: FakeDiscord, sessions: SessionFactory, issues: Issues, *hint: int) -> RunningBot:
    return RunningBot(
        fake, sessions, stages=issues.stages(), features=issues.features(hint_channels=hint)
    )


def issue_id(sessions: SessionFactory, number: int) -> int:
    with sessions() as session:
        return session.scalars(select(IssueRow.id).where(IssueRow.number == number)).one()


def rows(sessions: SessionFactory, model: type) -> list:  # type: ignore[type-arg]
    with sessions() as session:
        return list(session.scalars(select(model)))


async def new_thread(fake: FakeDiscord, parent: int, title: str, body: str) -> int:
    post = await fake.create_thread(
        parent, fake.world.snowflakes.make(), title, ALICE, starter_content=body
    )
    return int(post["id"])


def custom_id(message: Json) -> str:
    [row] = message["components"]  # type: ignore[misc]
    [item] = row["components"]
    return str(item["custom_id"])


async def test_a_hint_is_posted_once_per_thread_and_only_in_hint_channels(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    bot = await bot_for(fake, sessions, issues, FORUM).start()
    thread = await new_thread(fake, FORUM, *RELOAD_THREAD)
    await bot.settle()
    await fake.send_message(thread, BOB, "same here, the hot reload server crashes with EADDRINUSE")
    elsewhere = await new_thread(fake, HELP, "pdf", "my exported pdf has no pictures in it")
    await fake.send_message(
        GENERAL, BOB, "the hot reload server crashes with EADDRINUSE on Windows"
    )
    await bot.settle()
    await bot.stop()

    [hint] = fake.posted_messages
    assert int(hint["channel_id"]) == thread and "message_reference" not in hint
    assert hint["content"].startswith("This looks like #1 — Hot reload server crashes")
    reload_id = issue_id(sessions, RELOAD)
    assert custom_id(hint) == f"triagebot:notrelated:{thread}:{reload_id}"
    no_pings(hint)
    [posted] = rows(sessions, HintPostRow)
    assert (posted.place_id, posted.issue_id, posted.message_id) == (
        thread,
        reload_id,
        int(hint["message_id"]),
    )
    matched = {m.message_id: m.issue_id for m in rows(sessions, IssueMatchRow)}
    assert matched[elsewhere] == issue_id(sessions, PDF)  # recorded, not hinted
    assert len(matched) == 4


async def test_not_related_works_after_a_restart_and_is_remembered(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    first = await bot_for(fake, sessions, issues, FORUM).start()
    thread = await new_thread(fake, FORUM, *RELOAD_THREAD)
    [hint] = await fake.wait_for_posted(1)
    await first.stop()

    second = await bot_for(fake, sessions, issues, FORUM).start()
    press = button(thread, BOB, int(hint["message_id"]), custom_id(hint))
    _, reply = await interact(fake, press)
    later = await fake.send_message(thread, ALICE, "the hot reload server crashes with EADDRINUSE")
    await second.settle()
    await second.stop()

    assert reply["type"] == 7  # the hint itself is edited
    assert reply["data"]["components"] == []
    assert "~~This looks like #1" in reply["data"]["content"]
    assert reply["data"]["content"].endswith("Not related, says bob.")
    no_pings(reply)
    assert fake.history(thread)[-2]["content"] == reply["data"]["content"]
    [verdict] = rows(sessions, HintRejectionRow)
    reload_id = issue_id(sessions, RELOAD)
    assert (verdict.place_id, verdict.issue_id, verdict.user_id) == (thread, reload_id, BOB)
    assert len(fake.posted_messages) == 1  # never hinted again
    matched = {m.message_id: m.issue_id for m in rows(sessions, IssueMatchRow)}
    assert matched.get(int(later["id"])) != reload_id  # never suggested there again


async def test_in_a_plain_channel_the_hint_replies_once_per_issue(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    bot = await bot_for(fake, sessions, issues, GENERAL).start()
    asked = await fake.send_message(
        GENERAL, ALICE, "the dev server crashes on reload with EADDRINUSE"
    )
    await bot.settle()
    await fake.send_message(GENERAL, BOB, "hot reload crashes with address already in use here too")
    await fake.send_message(GENERAL, BOB, "my exported pdf has no pictures in it")
    await bot.settle()
    await bot.stop()

    first, second = fake.posted_messages
    assert int(first["message_reference"]["message_id"]) == int(asked["id"])
    assert first["content"].startswith("This looks like #1")
    assert second["content"].startswith("This looks like #3")
    for message in fake.posted_messages:
        no_pings(message)
