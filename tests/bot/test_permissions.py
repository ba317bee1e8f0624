"""Every command, menu, autocomplete and button re-checks who is asking, server-side.

What exists is read from the running bot — its command tree (slash commands,
context menus and their autocompleted options) and the package's ``DynamicItem``
buttons, one entry per action in a button's custom id — so a command or button added
without a row in ``RULES`` fails here. Each row is tried by a member who lacks the
right; the answer must be a private refusal and nothing may change (no link, no
comment, no verdict, no deletion, no timeout, no feedback). Each row also names the
action as the README's "Who may do what" table does, and the table must list it.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
import pytest
from discord import app_commands
from sqlalchemy import inspect, select

import triagebot.bot
from tests.bot.harness import ALICE, FORUM, GENERAL, GUILD, HELP, SECRET, RunningBot
from tests.bot.harness_full import (
    DIGESTS,
    MODERATE_MEMBERS,
    MODS,
    add_desks,
    full_bot,
)
from tests.bot.harness_issues import (
    DAVE,
    RELOAD_THREAD,
    Issues,
    autocomplete,
    button,
    context_menu,
    eventually,
    interact,
    no_pings,
    option,
    slash,
)
from tests.bot.test_digest_task import seed, yesterday_noon
from tests.bot.test_moderation import SPAMMERS, WAVE
from tests.fakes.discord_server import FakeDiscord
from triagebot.bot.digest_buttons import REFUSED as DIGEST_REFUSED
from triagebot.bot.mod_wording import REFUSED as MOD_REFUSED
from triagebot.bot.wording import REFUSED as TRIAGE_REFUSED
from triagebot.store.engine import SessionFactory
from triagebot.store.models import (
    DigestFeedbackRow,
    FiledIssueRow,
    HintRejectionRow,
    ModActionRow,
    SpamIncidentRow,
    ThreadLinkRow,
)

Json = dict[str, Any]
STRANGER = 800_000_000_000_000_090  # a member with no role and no permission
TIMEKEEPER = 800_000_000_000_000_091  # may time members out, may not manage messages
TIMEKEEPERS = GUILD + 79
README = Path(__file__).resolve().parents[2] / "README.md"
REFUSALS = {TRIAGE_REFUSED, DIGEST_REFUSED, MOD_REFUSED}


@dataclass
class Scene:
    """The bot, and one of everything a member could act on."""

    bot: RunningBot
    sessions: SessionFactory
    issues: Issues
    thread: int
    message: Json  # a message in the thread, for the context menu
    hint: Json
    flag: Json
    digest: Json

    def rows(self, model: type) -> list[tuple[Any, ...]]:
        """Every row of the table, every column: what "nothing changed" compares."""
        with self.sessions() as session:
            rows = session.scalars(select(model))
            return [tuple(a.value for a in inspect(r).attrs) for r in rows]

    @property
    def fake(self) -> FakeDiscord:
        return self.bot.fake

    def deletions(self) -> int:
        return sum(1 for r in self.fake.requests if r.method == "DELETE" and "/messages/" in r.path)


def custom_id(message: Json, kind: str) -> str:
    ids = [c["custom_id"] for row in message["components"] for c in row["components"]]
    return next(i for i in ids if i.startswith(kind))


def press(kind: str, channel: Callable[[Scene], int], on: Callable[[Scene], Json]) -> Any:
    def ask(scene: Scene, user: int) -> Json:
        message = on(scene)
        return button(channel(scene), user, int(message["message_id"]), custom_id(message, kind))

    return ask


def flag_state(scene: Scene) -> object:
    return scene.rows(SpamIncidentRow), scene.rows(ModActionRow), scene.deletions()


@dataclass(frozen=True)
class Rule:
    readme: str  # how the README's table names it
    refused: int | None  # who tries without the right; None: open to anyone
    ask: Callable[[Scene, int], Json]
    unchanged: Callable[[Scene], object] = lambda scene: None


def _link_state(scene: Scene) -> object:
    return scene.rows(ThreadLinkRow), len(scene.issues.github.comments_posted)


def _filing_state(scene: Scene) -> object:
    return scene.rows(FiledIssueRow), len(scene.issues.github.issues_created)


def _file_menu(scene: Scene, user: int) -> Json:
    ask = context_menu(scene.thread, user, scene.message)
    return {**ask, "data": {**ask["data"], "name": "File issue"}}


RULES: dict[str, Rule] = {
    "/link": Rule(
        "`/link`",
        STRANGER,
        lambda s, u: slash(s.thread, u, "link", option("issue", "#3")),
        _link_state,
    ),
    "/link issue (autocomplete)": Rule(
        "`/link`", STRANGER, lambda s, u: autocomplete(s.thread, u, "link", "")
    ),
    "/unlink": Rule("`/unlink`", STRANGER, lambda s, u: slash(s.thread, u, "unlink"), _link_state),
    "/unlink issue (autocomplete)": Rule(
        "`/unlink`", STRANGER, lambda s, u: autocomplete(s.thread, u, "unlink", "")
    ),
    "/similar": Rule("`/similar`", STRANGER, lambda s, u: slash(s.thread, u, "similar")),
    "Find similar issues": Rule(
        "*Find similar issues*", STRANGER, lambda s, u: context_menu(s.thread, u, s.message)
    ),
    "/digest": Rule("`/digest`", STRANGER, lambda s, u: slash(DIGESTS, u, "digest")),
    "/file": Rule("`/file`", STRANGER, lambda s, u: slash(s.thread, u, "file"), _filing_state),
    "File issue": Rule("*File issue*", STRANGER, _file_menu, _filing_state),
    "triagebot:digest:file": Rule(
        "**File issue**",
        STRANGER,
        press("triagebot:digest:file:", lambda s: DIGESTS, lambda s: s.digest),
        _filing_state,
    ),
    "triagebot:notrelated": Rule(
        "**Not related**",
        None,
        press("triagebot:notrelated:", lambda s: HELP, lambda s: s.hint),
    ),
    "triagebot:spam:delete": Rule(
        "**Delete all copies**",
        STRANGER,
        press("triagebot:spam:delete:", lambda s: MODS, lambda s: s.flag),
        flag_state,
    ),
    "triagebot:spam:notspam": Rule(
        "**Not spam**",
        STRANGER,
        press("triagebot:spam:notspam:", lambda s: MODS, lambda s: s.flag),
        flag_state,
    ),
    "triagebot:spam:timeout": Rule(
        "**Timeout author**",
        TIMEKEEPER,  # the button deletes every copy too: Moderate Members is not enough
        press("triagebot:spam:timeout:", lambda s: MODS, lambda s: s.flag),
        lambda s: (flag_state(s), list(s.fake.member_edits)),
    ),
    **{
        f"triagebot:digest:{action}": Rule(
            f"**{label}**",
            STRANGER,
            press(f"triagebot:digest:{action}:", lambda s: DIGESTS, lambda s: s.digest),
            lambda s: s.rows(DigestFeedbackRow),
        )
        for action, label in (
            ("done", "Done"),
            ("snooze", "Snooze 7 days"),
            ("not_relevant", "Not relevant"),
        )
    },
}


# -- what the bot offers ----------------------------------------------------------------


def offered_commands(bot: discord.Client) -> set[str]:
    """Slash commands (and their autocompleted options) and context menus."""
    tree: app_commands.CommandTree[Any] = bot.tree  # type: ignore[attr-defined]
    found: set[str] = set()
    for kind in discord.AppCommandType:
        for command in tree.walk_commands(type=kind):
            if isinstance(command, app_commands.ContextMenu):
                found.add(command.name)
            elif isinstance(command, app_commands.Command):
                found.add(f"/{command.qualified_name}")
                found |= {
                    f"/{command.qualified_name} {p.name} (autocomplete)"
                    for p in command.parameters
                    if p.autocomplete
                }
    return found


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def offered_buttons() -> set[str]:
    """One entry per action of every button class in the package."""
    for module in pkgutil.walk_packages(triagebot.bot.__path__, "triagebot.bot."):
        importlib.import_module(module.name)
    found = set()
    for cls in _subclasses(discord.ui.DynamicItem):
        if not cls.__module__.startswith("triagebot."):
            continue
        pattern = cls.__discord_ui_compiled_template__.pattern  # type: ignore[attr-defined]
        prefix = pattern.split("(", 1)[0].rstrip(":")
        actions = re.search(r"\(\?P<action>([^)]*)\)", pattern)
        found |= {f"{prefix}:{a}" for a in actions.group(1).split("|")} if actions else {prefix}
    return found


def readme_table() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("### Who may do what")
    return text[start : text.index("\n## ", start)]


# -- the scene --------------------------------------------------------------------------


@pytest.fixture
async def scene(fake: FakeDiscord, sessions: SessionFactory, issues: Issues) -> Any:
    add_desks(fake)
    fake.add_member(GUILD, STRANGER, "stranger")
    fake.add_role(GUILD, TIMEKEEPERS, "timekeepers", permissions=MODERATE_MEMBERS)
    fake.add_member(GUILD, TIMEKEEPER, "timekeeper", roles=[TIMEKEEPERS])
    for n, spammer in enumerate(SPAMMERS):
        fake.add_member(GUILD, spammer, f"spammer{n}")
    seed(sessions, issues.embedder, yesterday_noon())  # yesterday's digest has an item
    bot = await full_bot(fake, sessions, issues, hint_channels=(HELP,)).start()
    try:
        yield await build_scene(bot, fake, sessions, issues)
    finally:
        await bot.stop()


async def build_scene(
    bot: RunningBot, fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> Scene:
    title, body = RELOAD_THREAD
    post = await fake.create_thread(
        FORUM, fake.world.snowflakes.make(), title, ALICE, starter_content=body
    )
    thread = int(post["id"])
    message = await fake.send_message(thread, ALICE, "it started after updating to 3.2")
    await fake.send_message(HELP, ALICE, "the hot reload server crashes with EADDRINUSE")
    for n, text in enumerate(WAVE):
        await fake.send_message([GENERAL, SECRET][n % 2], SPAMMERS[n % 3], text)
    await bot.settle()
    await interact(fake, slash(thread, DAVE, "link", option("issue", "#1")))  # to unlink
    await eventually(lambda: len(issues.github.comments_posted) == 1)

    def posted(channel: int) -> list[Json]:
        return [m for m in fake.posted_messages if int(m["channel_id"]) == channel]

    await eventually(lambda: bool(posted(MODS) and posted(DIGESTS) and posted(HELP)), 10)
    hint = next(m for m in posted(HELP) if m.get("components"))
    digest = next(m for m in posted(DIGESTS) if m.get("components"))
    return Scene(bot, sessions, issues, thread, message, hint, posted(MODS)[0], digest)


def refusal(reply: Json) -> bool:
    """A private no (autocomplete: no choices), in words that can ping no one."""
    if reply["type"] == 8:
        return reply["data"]["choices"] == []
    if reply["type"] != 4:
        return False
    no_pings(reply)
    data = reply["data"]
    return bool(data["flags"] & 64) and data["content"] in REFUSALS


# -- the test -----------------------------------------------------------------------------


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_every_command_and_button_refuses_members_without_the_right(
    scene: Scene,
) -> None:
    offered = offered_commands(scene.bot.bot) | offered_buttons()
    assert offered == set(RULES), "every command and button needs a row in RULES"
    table = readme_table()
    assert [r.readme for r in RULES.values() if r.readme not in table] == []

    for name, rule in RULES.items():
        if rule.refused is None:
            continue
        before = rule.unchanged(scene)
        _, reply = await interact(scene.fake, rule.ask(scene, rule.refused))
        assert refusal(reply), (name, reply)
        assert rule.unchanged(scene) == before, name

    for name, rule in RULES.items():  # open to anyone: a plain member is answered
        if rule.refused is None:
            _, reply = await interact(scene.fake, rule.ask(scene, STRANGER))
            assert reply["type"] == 7, (name, reply)
    assert len(scene.rows(HintRejectionRow)) == 1
