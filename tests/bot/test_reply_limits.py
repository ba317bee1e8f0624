"""Long lists over the wire: the fake Discord refuses anything over its limits, as
Discord does, and the bot's answers still arrive.

Issues with long titles in a repository with a real-sized name, and earlier
discussions elsewhere, make ``/similar`` and "Find similar issues" longer than one
message can hold: nine ordinary titles, or five full of brackets that escaping makes
longer still. Before, Discord answered 400 and the triager saw "The application did
not respond"; now the lowest-ranked lines give way, whole, and the list says how many.
Every test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import replace

from tests.bot.harness import ALICE, BOB, CAROL, FORUM, GENERAL, HELP, SECRET, RunningBot
from tests.bot.harness_issues import (
    DAVE,
    REPO,
    Issues,
    autocomplete,
    context_menu,
    interact,
    no_pings,
    option,
    slash,
)
from tests.fakes.discord_limits import CHOICE_NAME, CHOICE_VALUE, CONTENT
from tests.fakes.discord_server import FakeDiscord
from triagebot.bot.fitting import ELLIPSIS
from triagebot.config import MatchingSettings
from triagebot.index.recent import Bounds, RecentMessages
from triagebot.store.engine import SessionFactory
from triagebot.triage.issue_sync import IssueSync
from triagebot.triage.services import IndexFeatures
from triagebot.triage.stages.index import IndexStage
from triagebot.triage.stored_vectors import StoredVectors

LONG_REPO = "lumen-community-extensions/lumen-hot-reload-dev-server-for-windows"
ORDINARY = "Hot reload server crashes with EADDRINUSE on Windows after saving a file, case "
BRACKETS = "[Bug] [Windows] `x` <y> [[[[hot reload]]]] [[[[EADDRINUSE]]]] [[]] [[]] "
CHAT = "the hot reload server crashes with EADDRINUSE on windows every time I save"
BRACKET_CHAT = (
    "[[[[Bug]]]] [[[[Windows]]]] [[[[hot reload]]]] `x` <y> [[[[EADDRINUSE]]]] [[]] on save"
)
THREAD = ("hot reload crash", "Every time I save, the hot reload server crashes with EADDRINUSE")
BRACKET_THREAD = (
    "[Bug] [Windows] hot reload",
    "[Bug] [Windows] `x` <y> [[hot reload]] [[EADDRINUSE]]",
)


def titles(pattern: str, count: int) -> list[str]:
    """``count`` titles of 250 characters, each a little different."""
    return [(f"{pattern}{n} " * 10)[:250] for n in range(1, count + 1)]


async def load_long_issues(issues: Issues, sessions: SessionFactory, names: list[str]) -> None:
    """The titles as issues of LONG_REPO beside the usual ones, synced and embedded."""
    issues.github.add_repo(LONG_REPO)
    for n, title in enumerate(names, 1):
        body = "After saving a file the dev server restarts and dies: address already in use."
        issues.github.add_issue(LONG_REPO, 1000 + n, title, body)
    settings = issues.settings.model_copy(update={"repos": (REPO, LONG_REPO)})
    issues.sync = IssueSync(issues.client, sessions, issues.embedder, settings, MatchingSettings())
    await issues.load()


async def start(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues, *, shown: int = 5
) -> RunningBot:
    """The bot listing ``shown`` issues and, from its index, earlier discussions."""
    embedder = issues.embedder
    source = StoredVectors(sessions, embedder.model_id)
    recent = RecentMessages(
        source, embedder.model_id, embedder.dim, path=None, bounds=Bounds(3650), width=64
    )
    recent.open()
    features = replace(
        issues.features(), index=IndexFeatures(recent, floor=0.5), top_k=shown, repos=()
    )
    stages = [*issues.stages(), IndexStage(recent)]
    return await RunningBot(fake, sessions, stages=stages, features=features).start()


async def discussed_thread(
    fake: FakeDiscord, bot: RunningBot, chat: str, asked: tuple[str, str] = THREAD
) -> tuple[int, dict]:
    """Three earlier messages elsewhere, then a forum post and a message in it."""
    for channel, author in ((GENERAL, ALICE), (HELP, BOB), (SECRET, CAROL)):
        await fake.send_message(channel, author, f"{chat} ({channel})")
    title, body = asked
    post = await fake.create_thread(
        FORUM, fake.world.snowflakes.make(), title, ALICE, starter_content=body
    )
    thread = int(post["id"])
    message = await fake.send_message(thread, BOB, f"{chat}, again")
    await bot.settle()
    return thread, message


def assert_fitted(reply: dict, about: str) -> list[str]:
    """Accepted (``interact`` checks), within 2,000, and shortened by whole lines."""
    no_pings(reply)
    text = reply["data"]["content"]
    assert len(text) <= CONTENT
    lines = text.splitlines()
    assert lines[0].endswith(f"most like {about}:"), lines
    assert lines[1].startswith("1. #"), lines
    assert any(line.startswith(f"{ELLIPSIS} and ") for line in lines), text  # some went
    return lines


async def test_nine_ordinary_titles_arrive_within_one_message(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    await load_long_issues(issues, sessions, titles(ORDINARY, 9))
    bot = await start(fake, sessions, issues, shown=9)
    thread, message = await discussed_thread(fake, bot, CHAT)
    _, listed = await interact(fake, slash(thread, DAVE, "similar"))
    _, menu = await interact(fake, context_menu(thread, DAVE, message))
    await bot.stop()
    for reply, about in ((listed, "this thread"), (menu, "this message")):
        lines = assert_fitted(reply, about)
        numbered = [line for line in lines if line[:1].isdigit() and "<#" not in line]
        assert len(numbered) >= 7, lines  # the discussions gave way before the issues


async def test_five_bracket_heavy_titles_arrive_within_one_message(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    await load_long_issues(issues, sessions, titles(BRACKETS, 5))
    bot = await start(fake, sessions, issues)
    thread, message = await discussed_thread(fake, bot, BRACKET_CHAT, BRACKET_THREAD)
    _, listed = await interact(fake, slash(thread, DAVE, "similar"))
    _, menu = await interact(fake, context_menu(thread, DAVE, message))
    await bot.stop()
    for reply, about in ((listed, "this thread"), (menu, "this message")):
        lines = assert_fitted(reply, about)
        assert "\\[\\[hot reload\\]\\]" in lines[1]  # escaped whole, never cut mid-escape
        assert all(not line.endswith("\\") for line in lines)


async def test_autocomplete_with_long_titles_is_accepted_and_its_choice_links(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    await load_long_issues(issues, sessions, titles(BRACKETS, 15) + titles(ORDINARY, 15))
    bot = await start(fake, sessions, issues)
    thread, _ = await discussed_thread(fake, bot, CHAT)
    _, offered = await interact(fake, autocomplete(thread, DAVE, "link", ""))
    choices = offered["data"]["choices"]
    _, linked = await interact(
        fake, slash(thread, DAVE, "link", option("issue", choices[0]["value"]))
    )
    await bot.stop()
    assert len(choices) == 25
    assert all(0 < len(c["name"]) <= CHOICE_NAME for c in choices)
    assert all(len(c["value"]) <= CHOICE_VALUE for c in choices)
    assert any(c["name"].endswith("…") for c in choices)  # long titles, shortened
    assert "linked to #" in linked["data"]["content"]
