"""/link, /unlink, /similar and "Find similar issues", over the wire.

The real bot answers interactions from the fake Discord; the real PyGithub client
comments on the fake GitHub; the real embedder ranks the issues. Every test runs on
SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from tests.bot.harness import ALICE, FORUM, GENERAL, GUILD, RunningBot
from tests.bot.harness_issues import (
    DAVE,
    HOSTILE,
    MOLLY,
    PDF,
    RELOAD,
    RELOAD_THREAD,
    REPO,
    Issues,
    autocomplete,
    context_menu,
    eventually,
    interact,
    no_pings,
    option,
    slash,
)
from tests.fakes.discord_server import FakeDiscord
from triagebot.bot.access import may_triage
from triagebot.bot.wording import REFUSED
from triagebot.store.engine import SessionFactory
from triagebot.store.models import IssueRow, ThreadLinkRow
from triagebot.triage.day_topics import window_topics

EPHEMERAL = 64


async def start(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues, **features: Any
) -> RunningBot:
    return await RunningBot(fake, sessions, features=issues.features(**features)).start()


async def reload_thread(fake: FakeDiscord, bot: RunningBot) -> int:
    """A forum post about the hot-reload crash (issue #1), stored by the bot."""
    title, body = RELOAD_THREAD
    post = await fake.create_thread(
        FORUM, fake.world.snowflakes.make(), title, ALICE, starter_content=body
    )
    await fake.send_message(int(post["id"]), ALICE, "it started after updating to 3.2")
    await bot.settle()
    return int(post["id"])


def issue_id(sessions: SessionFactory, number: int) -> int:
    with sessions() as session:
        return session.scalars(select(IssueRow.id).where(IssueRow.number == number)).one()


def links(sessions: SessionFactory) -> list[ThreadLinkRow]:
    with sessions() as session:
        return list(session.scalars(select(ThreadLinkRow)))


def commented(sessions: SessionFactory) -> bool:
    """The one link has its comment's URL (not "pending", not none)."""
    found = links(sessions)
    return len(found) == 1 and (found[0].comment_url or "").startswith("http")


async def test_similar_lists_the_known_bug_first(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    bot = await start(fake, sessions, issues)
    thread = await reload_thread(fake, bot)
    _, reply = await interact(fake, slash(thread, DAVE, "similar"))
    await bot.stop()
    assert reply["type"] == 4 and reply["data"]["flags"] == EPHEMERAL
    lines = reply["data"]["content"].splitlines()
    assert lines[1].startswith("1. #1 — Hot reload server crashes"), lines
    assert len(lines) == 6  # a heading and the top 5
    assert "(0." in lines[1] and f"<{issues.github.base_url}" not in lines[1]
    no_pings(reply)


async def test_link_autocomplete_offers_the_most_similar_first_then_narrows(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    bot = await start(fake, sessions, issues)
    thread = await reload_thread(fake, bot)
    offered = {}
    for typed in ("", "pdf", "#4", "reload windows"):
        _, reply = await interact(fake, autocomplete(thread, DAVE, "link", typed))
        assert reply["type"] == 8
        offered[typed] = [c["value"] for c in reply["data"]["choices"]]
    await bot.stop()
    assert offered[""][0] == f"{REPO}#{RELOAD}"
    assert len(offered[""]) == 6  # every open issue, most similar first
    assert offered["pdf"] == [f"{REPO}#{PDF}"]
    assert offered["#4"] == [f"{REPO}#4"]
    assert offered["reload windows"] == [f"{REPO}#{RELOAD}"]


async def test_link_stores_replies_and_comments_on_github_once(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    bot = await start(fake, sessions, issues)
    thread = await reload_thread(fake, bot)
    _, reply = await interact(fake, slash(thread, DAVE, "link", option("issue", f"{REPO}#1")))
    await eventually(lambda: len(issues.github.comments_posted) == 1)
    _, again = await interact(fake, slash(thread, DAVE, "link", option("issue", "#1")))
    await asyncio.sleep(0.2)  # time for a second comment, were one to be posted
    await bot.stop()

    assert reply["type"] == 4 and not reply["data"].get("flags")  # public, in the thread
    assert "linked to #1 — Hot reload server crashes" in reply["data"]["content"]
    assert f"<{issues.github.base_url}/" not in reply["data"]["content"]  # html_url, not API
    no_pings(reply)
    assert again["data"]["flags"] == EPHEMERAL and "already linked" in again["data"]["content"]

    [comment] = issues.github.comments_posted
    assert comment["repo"] == REPO and comment["number"] == RELOAD
    assert f"https://discord.com/channels/{GUILD}/{thread}" in comment["body"]
    [link] = links(sessions)
    assert (link.thread_id, link.guild_id, link.linked_by) == (thread, GUILD, DAVE)
    assert link.notified_state == "open"
    assert link.comment_url is not None and link.comment_url.startswith("http")


async def test_link_without_comments_and_unlink(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    bot = await start(fake, sessions, issues, comment=False)
    thread = await reload_thread(fake, bot)
    await interact(fake, slash(thread, DAVE, "link", option("issue", f"{REPO}#1")))
    await interact(fake, slash(thread, DAVE, "link", option("issue", f"{REPO}#{PDF}")))
    _, choices = await interact(fake, autocomplete(thread, DAVE, "unlink", "pdf"))
    _, one = await interact(fake, slash(thread, DAVE, "unlink", option("issue", f"{REPO}#3")))
    assert [link.issue_id for link in links(sessions)] == [issue_id(sessions, RELOAD)]
    _, rest = await interact(fake, slash(thread, DAVE, "unlink"))
    _, none = await interact(fake, slash(thread, DAVE, "unlink"))
    await bot.stop()
    assert [c["value"] for c in choices["data"]["choices"]] == [f"{REPO}#{PDF}"]
    assert "no longer linked to #3" in one["data"]["content"]
    assert "no longer linked to #1" in rest["data"]["content"]
    assert none["data"]["flags"] == EPHEMERAL
    assert links(sessions) == []
    assert issues.github.comments_posted == []


async def test_linking_again_after_unlink_finds_the_comment_already_there(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    bot = await start(fake, sessions, issues)
    thread = await reload_thread(fake, bot)
    await interact(fake, slash(thread, DAVE, "link", option("issue", f"{REPO}#1")))
    await eventually(lambda: commented(sessions))
    await interact(fake, slash(thread, DAVE, "unlink"))
    _, again = await interact(fake, slash(thread, DAVE, "link", option("issue", f"{REPO}#1")))
    await eventually(lambda: commented(sessions))
    await bot.stop()
    assert "linked to #1" in again["data"]["content"]
    [comment] = issues.github.comments_posted
    [link] = links(sessions)
    assert link.comment_url is not None
    assert link.comment_url.endswith(f"#issuecomment-{comment['id']}")


async def test_a_comment_whose_answer_was_lost_is_not_posted_again(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    """GitHub creates the comment, the answer outlives the client's timeout."""
    bot = await start(fake, sessions, issues)
    thread = await reload_thread(fake, bot)
    lost = issues.settings.timeout_seconds + 1.0
    issues.github.fail_next(201, path_regex="/comments$", method="POST", answer_after_seconds=lost)
    await interact(fake, slash(thread, DAVE, "link", option("issue", f"{REPO}#1")))
    await eventually(lambda: commented(sessions), timeout=15)
    await bot.stop()
    [comment] = issues.github.comments_posted
    url = links(sessions)[0].comment_url
    assert url is not None and url.endswith(f"#issuecomment-{comment['id']}")
    assert len(issues.github.requests_to("/comments$", method="POST")) == 1


async def test_a_linked_thread_counts_for_its_issue_whatever_its_messages_say(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    bot = await start(fake, sessions, issues)
    thread = await reload_thread(fake, bot)
    await fake.send_message(thread, MOLLY, "thanks, following")
    await bot.settle()
    await interact(fake, slash(thread, DAVE, "link", option("issue", f"{REPO}#{PDF}")))
    await bot.stop()
    now = datetime.now(UTC)
    found = window_topics(sessions, now - timedelta(days=1), now, issues.embedder.model_id)
    [topic] = [t for t in found.topics if t.issue_id == issue_id(sessions, PDF)]
    assert {ALICE, MOLLY} <= topic.authors  # "thanks, following" counts too
    assert not any(thread in t.threads for t in found.topics if t is not topic)


async def test_find_similar_issues_on_a_message(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    bot = await start(fake, sessions, issues)
    message = await fake.send_message(GENERAL, ALICE, "my exported pdf has no pictures in it")
    _, reply = await interact(fake, context_menu(GENERAL, DAVE, message))
    await bot.stop()
    assert reply["data"]["flags"] == EPHEMERAL
    lines = reply["data"]["content"].splitlines()
    assert lines[1].startswith("1. #3 — Export to PDF drops embedded images"), lines
    no_pings(reply)


@pytest.mark.parametrize("configured", [True, False], ids=["triage-role", "no-triage-role"])
async def test_members_without_the_role_are_refused(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues, configured: bool
) -> None:
    """With a triage role only its holders may; without, only thread managers."""
    bot = await start(fake, sessions, issues, **({} if configured else {"roles": ()}))
    thread = await reload_thread(fake, bot)
    message = await fake.send_message(thread, ALICE, "the reload server crashes again")
    refused = ALICE
    allowed, other = (DAVE, MOLLY) if configured else (MOLLY, DAVE)
    asks = [
        slash(thread, refused, "link", option("issue", "#1")),
        slash(thread, refused, "unlink"),
        slash(thread, refused, "similar"),
        context_menu(thread, refused, message),
        slash(thread, other, "similar"),
    ]
    replies = [(await interact(fake, ask))[1] for ask in asks]
    _, choices = await interact(fake, autocomplete(thread, refused, "link", ""))
    _, ok = await interact(fake, slash(thread, allowed, "similar"))
    await bot.stop()
    for reply in replies:
        assert reply["type"] == 4, reply
        assert reply["data"]["flags"] == EPHEMERAL and reply["data"]["content"] == REFUSED
        no_pings(reply)
    assert choices["data"]["choices"] == []
    assert ok["data"]["content"].startswith("Open issues most like this thread")
    assert links(sessions) == []


async def test_hostile_issue_titles_cannot_ping_or_hide_links(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    bot = await start(fake, sessions, issues)
    thread = await reload_thread(fake, bot)
    _, reply = await interact(fake, slash(thread, DAVE, "link", option("issue", f"#{HOSTILE}")))
    await eventually(lambda: len(issues.github.comments_posted) == 1)
    _, listed = await interact(fake, slash(thread, DAVE, "similar"))
    await bot.stop()
    for body in (reply, listed):
        no_pings(body)
    assert "@\u200beveryone" in reply["data"]["content"]
    assert "\\[free nitro\\](https://evil.example)" in reply["data"]["content"]
    assert "@" not in issues.github.comments_posted[0]["body"]


def test_who_may_triage() -> None:
    assert may_triage([1], {1, 2}, administrator=False, manages=False)
    assert not may_triage([3], {1, 2}, administrator=False, manages=True)
    assert may_triage([3], {1, 2}, administrator=True, manages=False)
    assert may_triage([], set(), administrator=False, manages=True)
    assert not may_triage([1], set(), administrator=False, manages=False)
