"""`triagebot check` against the fake Discord and the fake GitHub: one line a check.

Every check is tried both ways: a set-up that is right passes with a ✓ line, and each
thing a new user gets wrong (a token, the intent, a channel the bot cannot see or
post in, missing moderator permissions, a mistyped role, server, repository, a bad
GitHub token, an exhausted rate limit, a missing or malformed setting) is a ✗ line
that names the setting, with exit status 1 and no traceback.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.bot.harness import discord_globals_restored
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.discord_state import DEFAULT_EVERYONE_PERMISSIONS, INTENT_GUILD_MEMBERS
from tests.fakes.github_server import FakeGitHub, running_fake_github
from tests.fakes.threaded import serving_in_thread
from triagebot.cli.check import check
from triagebot.triage.check_permissions import (
    EMBED_LINKS,
    INVITE_PERMISSIONS,
    SEND_MESSAGES,
    VIEW_CHANNEL,
)
from triagebot.triage.compose import App

GUILD = 300_000_000_000 << 22
DIGESTS, MODS, HELP, HIDDEN, MUTED = 201, 202, 203, 204, 205
TRIAGERS = 401
REPO = "lumen-dev/lumen"


def deny(permissions: int, target: int = GUILD) -> dict[str, Any]:
    return {"id": str(target), "type": 0, "allow": "0", "deny": str(permissions)}


def build(fake: FakeDiscord) -> None:
    fake.add_guild(GUILD, "Lumen Community")
    fake.add_channel(GUILD, DIGESTS, "digests")
    fake.add_channel(GUILD, MODS, "mods")
    fake.add_channel(GUILD, HELP, "help")
    fake.add_channel(GUILD, HIDDEN, "staff", permission_overwrites=[deny(VIEW_CHANNEL)])
    fake.add_channel(GUILD, MUTED, "announcements", permission_overwrites=[deny(SEND_MESSAGES)])
    fake.add_role(GUILD, TRIAGERS, "triagers")


@contextmanager
def discord(**options: Any) -> Iterator[FakeDiscord]:
    fake = FakeDiscord(**options)
    build(fake)
    with discord_globals_restored(), serving_in_thread(fake, "fake-discord") as running:
        yield running


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    with running_fake_github() as fake:
        fake.add_repo(REPO)
        yield fake


Run = Callable[..., Result]


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, github: FakeGitHub) -> Run:
    """``run(fake, NAME=value, ...)``: the check with a right set-up, changed by the
    keywords (None: unset)."""
    prefixes = ("DISCORD_", "DIGEST_", "SPAM_", "MATCH_", "GITHUB_")
    for name in [n for n in os.environ if n.startswith(prefixes)]:
        monkeypatch.delenv(name)

    def invoke(fake: FakeDiscord, **changes: str | None) -> Result:
        values: dict[str, str | None] = {
            "DISCORD_TOKEN": fake.token,
            "DISCORD_API_BASE": fake.api_base,
            "DIGEST_CHANNEL_ID": str(DIGESTS),
            "SPAM_MOD_CHANNEL_ID": str(MODS),
            "GITHUB_TOKEN": github.token,
            "GITHUB_API_URL": github.base_url,
            "GITHUB_REPOS": REPO,
            **changes,
        }
        for name, value in values.items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        return CliRunner().invoke(check, [], obj=App())

    return invoke


def line(result: Result, name: str) -> str:
    """The one output line about ``name`` (a setting, or a check's title)."""
    found = [text for text in result.output.splitlines() if text[2:].startswith(name)]
    assert len(found) == 1, result.output
    return found[0]


def test_a_right_set_up_passes_every_line_and_exits_zero(run: Run) -> None:
    with discord() as fake:
        result = run(fake, DISCORD_TRIAGE_ROLE_IDS=str(TRIAGERS), MATCH_HINT_CHANNEL_IDS=str(HELP))
    assert result.exit_code == 0, result.output
    assert all(text.startswith("✓ ") for text in result.output.splitlines()), result.output
    assert line(result, "DISCORD_TOKEN") == "✓ DISCORD_TOKEN: logs in as triagebot (id 1000)"
    assert line(result, "Message Content intent") == "✓ Message Content intent: enabled"
    assert "#digests in Lumen Community: has View Channels, Send Messages" in result.output
    assert "Embed Links" in line(result, "SPAM_MOD_CHANNEL_ID")
    assert "Send Messages in Threads" in line(result, "MATCH_HINT_CHANNEL_IDS")
    assert line(result, "moderator buttons").endswith("Manage Messages, Moderate Members")
    assert line(result, "DISCORD_TRIAGE_ROLE_IDS").endswith("@triagers in Lumen Community")
    assert line(result, "servers") == "✓ servers: the bot is in 1 server(s)"
    assert line(result, "GITHUB_TOKEN") == "✓ GITHUB_TOKEN: valid, authenticated as triagebot-test"
    assert line(result, f"GITHUB_REPOS {REPO}").endswith("readable (public), issues on")
    assert "requests left this hour" in line(result, "GitHub rate limit")
    assert "Invite link" not in result.output


def test_a_wrong_discord_token_fails_and_stops_the_discord_checks(run: Run) -> None:
    with discord() as fake:
        result = run(fake, DISCORD_TOKEN="wrong.token.value", DIGEST_CHANNEL_ID=None)
    assert result.exit_code == 1, result.output
    assert line(result, "DISCORD_TOKEN").startswith("✗ DISCORD_TOKEN: login failed")
    assert "401" in line(result, "DISCORD_TOKEN")
    assert line(result, "DIGEST_CHANNEL_ID").startswith("✗ DIGEST_CHANNEL_ID: not set")
    assert "Message Content" not in result.output
    assert "wrong.token.value" not in result.output


def test_a_missing_setting_is_a_line_naming_it_not_a_traceback(run: Run) -> None:
    with discord() as fake:
        result = run(fake, DISCORD_TOKEN=None, SPAM_MOD_CHANNEL_ID=None, GITHUB_REPOS=None)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert line(result, "DISCORD_TOKEN").startswith("✗ DISCORD_TOKEN: not set")
    assert line(result, "SPAM_MOD_CHANNEL_ID").startswith("✗ SPAM_MOD_CHANNEL_ID: not set")
    assert line(result, "GITHUB_REPOS").startswith("✗ GITHUB_REPOS: not set")


def test_a_malformed_setting_is_one_line_naming_it(run: Run) -> None:
    with discord() as fake:
        result = run(fake, DIGEST_CHANNEL_ID="#digests")
    assert result.exit_code == 1, result.output
    assert result.output.startswith("✗ settings: DIGEST_CHANNEL_ID: ")
    assert len(result.output.splitlines()) == 1


def test_the_message_content_intent_left_off_fails(run: Run) -> None:
    with discord(enabled_intents=INTENT_GUILD_MEMBERS) as fake:
        result = run(fake)
    assert result.exit_code == 1, result.output
    assert "Privileged Gateway Intents" in line(result, "Message Content intent")
    assert line(result, "Message Content intent").startswith("✗")


def test_a_channel_the_bot_cannot_see_or_post_in_fails_with_an_invite_link(run: Run) -> None:
    with discord() as fake:
        result = run(fake, DIGEST_CHANNEL_ID=str(MUTED), SPAM_MOD_CHANNEL_ID=str(HIDDEN))
    assert result.exit_code == 1, result.output
    digest = line(result, "DIGEST_CHANNEL_ID")
    assert digest == (
        f"✗ DIGEST_CHANNEL_ID {MUTED}: #announcements in Lumen Community: "
        "the bot lacks Send Messages"
    )
    mods = line(result, "SPAM_MOD_CHANNEL_ID")
    assert mods.startswith("✗") and "lacks View Channels, Send Messages, Embed Links" in mods
    invite = (
        "https://discord.com/oauth2/authorize?client_id=1000"
        f"&scope=bot%20applications.commands&permissions={INVITE_PERMISSIONS}"
    )
    assert invite in result.output


def test_an_unknown_channel_fails_with_discords_reason(run: Run) -> None:
    with discord() as fake:
        result = run(fake, MATCH_HINT_CHANNEL_IDS="999")
    assert result.exit_code == 1, result.output
    assert line(result, "MATCH_HINT_CHANNEL_IDS") == (
        "✗ MATCH_HINT_CHANNEL_IDS 999: cannot see the channel: Unknown Channel (404)"
    )


def test_a_role_overwrite_that_takes_embeds_away_is_seen(run: Run) -> None:
    with discord() as fake:
        bot_role = next(r.id for r in fake.world.guilds[GUILD].roles.values() if r.managed)
        fake.world.channels[MODS].permission_overwrites.append(deny(EMBED_LINKS, bot_role))
        result = run(fake)
    assert result.exit_code == 1, result.output
    assert line(result, "SPAM_MOD_CHANNEL_ID").endswith("the bot lacks Embed Links")


def test_moderator_buttons_need_manage_messages_and_moderate_members(run: Run) -> None:
    with discord(bot_permissions=DEFAULT_EVERYONE_PERMISSIONS) as fake:
        result = run(fake)
    assert result.exit_code == 1, result.output
    assert line(result, "moderator buttons") == (
        "✗ moderator buttons: Lumen Community: the bot lacks Manage Messages, "
        "Moderate Members server-wide"
    )


def test_a_role_or_server_that_does_not_exist_fails(run: Run) -> None:
    with discord() as fake:
        result = run(fake, DIGEST_ROLE_IDS="12345", DISCORD_GUILD_IDS=f"{GUILD},777")
    assert result.exit_code == 1, result.output
    assert line(result, "DIGEST_ROLE_IDS 12345") == (
        "✗ DIGEST_ROLE_IDS 12345: no such role in Lumen Community"
    )
    assert line(result, f"DISCORD_GUILD_IDS {GUILD}").startswith("✓")
    assert line(result, "DISCORD_GUILD_IDS 777").startswith(
        "✗ DISCORD_GUILD_IDS 777: the bot is not"
    )


def test_a_bad_github_token_fails(run: Run) -> None:
    with discord() as fake:
        result = run(fake, GITHUB_TOKEN="ghp_wrong")
    assert result.exit_code == 1, result.output
    assert line(result, "GITHUB_TOKEN") == (
        "✗ GITHUB_TOKEN: rejected by GitHub: Bad credentials (401)"
    )
    assert "ghp_wrong" not in result.output


def test_a_repository_that_is_not_there_fails(run: Run) -> None:
    with discord() as fake:
        result = run(fake, GITHUB_REPOS=f"{REPO},lumen-dev/typo")
    assert result.exit_code == 1, result.output
    assert line(result, f"GITHUB_REPOS {REPO}").startswith("✓")
    assert line(result, "GITHUB_REPOS lumen-dev/typo") == (
        "✗ GITHUB_REPOS lumen-dev/typo: not found, or the token cannot see it (404)"
    )


def test_a_rate_limit_nearly_spent_fails(run: Run, github: FakeGitHub) -> None:
    github.set_rate_limit(5, limit=5000)
    with discord() as fake:
        result = run(fake)
    assert result.exit_code == 1, result.output
    rate = line(result, "GitHub rate limit")
    assert rate.startswith("✗ GitHub rate limit: 3 of 5000 requests left")
