"""Running the bot for real: token checks and the errors a user can fix."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys

import discord
import discord.gateway
import discord.http
import yarl

from triagebot.bot.client import TriageBot
from triagebot.bot.patience import one_line_network_errors, start_patiently
from triagebot.config import DiscordSettings
from triagebot.errors import ConfigError
from triagebot.triage.services import Services


def point_at(api_base: str | None, gateway_url: str | None) -> None:
    """Talk to another Discord-compatible server (a proxy, a test server).

    discord.py reads both from class attributes: the REST base for every route, and
    the gateway it connects (and falls back) to. They are process-wide by nature.
    """
    if api_base:
        discord.http.Route.BASE = api_base.rstrip("/")
    if gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


async def run_bot(settings: DiscordSettings, services: Services) -> None:
    """Run until stopped, with the services ``triage.services.assemble`` built: which
    of them are there decides what the bot does beyond storing messages.

    An unreachable Discord is waited out (``bot.patience``), one log line per attempt;
    a rejected token or a refused intent stops the bot with one line."""
    token = settings.require_token()
    point_at(settings.api_base, settings.gateway_url)
    bot = TriageBot(settings=settings, services=services)
    async with bot:
        _close_on_signals(bot)
        try:
            with one_line_network_errors(bot):
                await start_patiently(bot, token)
        except discord.LoginFailure:
            raise ConfigError(
                "DISCORD_TOKEN was rejected by Discord: check or reset the bot token"
            ) from None
        except discord.PrivilegedIntentsRequired:
            raise ConfigError(
                "Discord refused the Message Content intent: enable it for this bot in the "
                "developer portal (Bot → Privileged Gateway Intents)"
            ) from None


def _close_on_signals(bot: TriageBot) -> None:
    """SIGTERM (systemd, docker stop) and SIGINT close the bot cleanly: it disconnects
    and stores everything still queued before the process exits."""
    if sys.platform == "win32":  # no loop signal handlers there; Ctrl-C still works
        return
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(RuntimeError):  # not the main thread (e.g. in tests)
            loop.add_signal_handler(sig, lambda: asyncio.ensure_future(bot.close()))
