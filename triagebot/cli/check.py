"""``triagebot check``: one line per set-up item, asked of Discord and GitHub.

Run it after filling in ``.env`` and before ``triagebot run``: it logs in with the
token (without connecting the gateway), looks for the Message Content intent, checks
that the bot can see and write in every configured channel and that configured roles
exist, and that GitHub lets the token read each repository. Exit 0 when every line
passes, 1 otherwise; a setting that is missing or malformed is a line, not a crash.
"""

from __future__ import annotations

import asyncio
import sys

import click

from triagebot.bot.probe import RestProbe
from triagebot.bot.runner import point_at
from triagebot.config import Settings
from triagebot.errors import ConfigError
from triagebot.tracker.access import GitHubAccess
from triagebot.triage.check_facts import CheckLine
from triagebot.triage.checks import CheckReport, discord_report, github_lines
from triagebot.triage.compose import App


@click.command()
@click.pass_obj
def check(app: App) -> None:
    """Check the set-up: the Discord token, the Message Content intent, that the bot
    can see and post in DIGEST_CHANNEL_ID, SPAM_MOD_CHANNEL_ID and the other
    configured channels, that configured roles exist, and GitHub access to each of
    GITHUB_REPOS with the rate limit left.

    \b
    Exit status:
      0  every check passed
      1  at least one failed (its line says why and which setting to fix)
    """
    try:
        settings = app.settings
    except ConfigError as exc:
        report = CheckReport([CheckLine(False, "settings", str(exc))])
    else:
        report = asyncio.run(_discord(settings))
        report.lines += github_lines(settings, GitHubAccess(settings.github))
    for line in report.lines:
        mark = "✓" if line.ok else "✗"
        click.echo(f"{mark} {line.name}: {line.detail}")
    if report.invite:
        click.echo(f"\nInvite link with every permission the bot uses:\n  {report.invite}")
    sys.exit(0 if report.ok else 1)


async def _discord(settings: Settings) -> CheckReport:
    point_at(settings.discord.api_base, None)
    return await discord_report(settings, RestProbe())
