"""``triagebot run``: the bot, connected to Discord until stopped."""

from __future__ import annotations

import asyncio

import click

from triagebot.bot.runner import run_bot
from triagebot.cli.database_files import creates_database
from triagebot.triage.compose import App


@creates_database
@click.command()
@click.pass_obj
def run(app: App) -> None:
    """Connect to Discord, catch up on missed history, store and match every message,
    flag spam, sync issues and post the daily digest.

    Needs DISCORD_TOKEN. Stop with Ctrl-C or SIGTERM: queued messages are stored first.
    """
    settings = app.settings
    settings.discord.require_token()
    try:
        asyncio.run(run_bot(settings.discord, app.services()))
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
