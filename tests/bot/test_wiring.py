"""The whole bot as ``triagebot run`` wires it: every cog loads, every command is
registered, and every button the bot has ever posted still answers.

Built by the real composition root (``App`` reading settings from the environment)
against the fake Discord and GitHub, with every feature switched on, so a service
that is built wrong, a cog that fails to load or a button left unregistered fails
here rather than at the first real start.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import discord
import pytest

from tests.bot.harness import ALICE, GUILD, HELP, RunningBot
from tests.bot.harness_full import DIGESTS, MODS, add_desks
from tests.bot.harness_issues import REPO, button, interact
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.github_server import FakeGitHub
from triagebot.bot.client import PERSISTENT_BUTTONS
from triagebot.bot.digest_buttons import DigestButton
from triagebot.bot.file_issue import FileIssueButton
from triagebot.bot.hints import NotRelatedButton
from triagebot.bot.moderation import SpamActionButton
from triagebot.triage.compose import App

COGS = {
    *("Intake", "TriageCommands", "SyncTask", "DigestTask", "HealthTask", "IndexTask"),
    "FlagUpkeep",
    "FilingCommands",
    "GitHubWebhooks",
}
COMMANDS = {"link", "unlink", "similar", "digest", "Find similar issues", "file", "File issue"}
# One of each button the bot posts, as messages from before a restart hold them.
BUTTONS = [
    NotRelatedButton(HELP, 1),
    SpamActionButton("notspam", 999),
    DigestButton("done", "t:1"),
    FileIssueButton("t:1"),
]


@pytest.fixture
def app(
    fake: FakeDiscord, github: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[App]:
    add_desks(fake)
    settings = {
        "DISCORD_TOKEN": fake.token,
        "DISCORD_API_BASE": fake.api_base,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
        "GITHUB_TOKEN": github.token,
        "GITHUB_REPOS": REPO,
        "GITHUB_API_URL": github.base_url,
        "MATCH_HINT_CHANNEL_IDS": str(HELP),
        "SPAM_MOD_CHANNEL_ID": str(MODS),
        "DIGEST_CHANNEL_ID": str(DIGESTS),
        "HEALTH_HTTP_PORT": "0",
        "GITHUB_WEBHOOK_SECRET": "wiring-secret",
        "GITHUB_WEBHOOK_PORT": "0",
    }
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    built = App(creates_database=True)  # as `triagebot run` does
    yield built
    built.close()


async def test_the_composed_bot_loads_every_cog_command_and_button(
    fake: FakeDiscord, app: App
) -> None:
    runner = RunningBot(fake, app.sessions, services=app.services())
    await runner.start()
    try:
        assert set(runner.bot.cogs) == COGS
        assert {c["name"] for c in fake.commands()} == COMMANDS
        assert {type(b) for b in BUTTONS} == set(PERSISTENT_BUTTONS)
        for item in BUTTONS:
            view = discord.ui.View(timeout=None)
            view.add_item(item)
            posted = await runner.bot.get_partial_messageable(HELP).send("a button", view=view)
            press = button(HELP, ALICE, posted.id, item.custom_id)
            _, answer = await interact(fake, press)
            assert answer["type"] in (4, 7), (item.custom_id, answer)  # a reply, or an edit
    finally:
        await runner.stop()
    assert GUILD in {g.id for g in runner.bot.guilds}
