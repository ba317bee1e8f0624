"""Starting while Discord is out of reach: keep trying, one log line per attempt.

discord.py reconnects a running gateway by itself, but the start is not covered:
logging in (``GET /users/@me``) and asking for the gateway raise out of
``Client.start`` when the network is down, as an 89-line traceback. A bot run by
systemd or docker should instead wait for the network, so both steps are retried
here with a growing pause (2 s doubling to 2 min), each failure one line naming the
host. A rejected token or a refused intent is not a network problem and still
stops the bot at once.

Where discord.py itself retries (a shard that cannot connect, a dropped gateway) it
logs the whole traceback of each failure; ``one_line_network_errors`` shortens the
records whose exception is a network failure to their message plus the reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager

import aiohttp
import discord
import discord.http
import yarl
from discord.utils import MISSING

log = logging.getLogger(__name__)

# What "Discord could not be reached" looks like from discord.py and aiohttp.
NETWORK_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    aiohttp.ClientError,
    asyncio.TimeoutError,
    discord.GatewayNotFound,
    discord.DiscordServerError,
)
FIRST_PAUSE = 2.0
LONGEST_PAUSE = 120.0
CLOSING_GRACE = 2.0


def describe(exc: BaseException) -> str:
    """Which host, and why, in a few words: ``host:port: reason``."""
    if isinstance(exc, aiohttp.ClientConnectorError):
        return f"{exc.host}:{exc.port}: {_os_reason(exc.os_error)}"
    host = yarl.URL(discord.http.Route.BASE).host or "discord.com"
    if isinstance(exc, asyncio.TimeoutError):
        return f"{host}: no answer in time"
    if isinstance(exc, discord.DiscordServerError):
        return f"{host}: it answered {exc.status} (Discord is having trouble)"
    if isinstance(exc, discord.GatewayNotFound):
        return f"{host}: no gateway address (Discord is having trouble)"
    if isinstance(exc, OSError):
        return f"{host}: {_os_reason(exc)}"
    text = " ".join(str(exc).split())[:160]
    return f"{host}: {text or type(exc).__name__}"


def _os_reason(error: OSError) -> str:
    if isinstance(error, socket.gaierror):
        return "the name does not resolve (offline, or a mistyped DISCORD_API_BASE?)"
    if error.errno and error.errno > 0:
        return os.strerror(error.errno).lower()
    return (error.strerror or str(error) or type(error).__name__).lower()


async def start_patiently(bot: discord.Client, token: str) -> None:
    """``bot.start(token)``, waiting out an unreachable Discord until it answers or
    the bot is closed (SIGTERM, Ctrl-C)."""
    await _until_it_works(bot, "logging in", lambda: _login(bot, token))
    if not bot.is_closed():
        await _until_it_works(bot, "asking for the gateway", lambda: _connect(bot))


async def _login(bot: discord.Client, token: str) -> None:
    try:
        await bot.login(token)
    except NETWORK_ERRORS:
        # Each login opens a new HTTP session on the client's connector: close the
        # failed one (and its connector) so the next attempt starts clean.
        await bot.http.close()
        bot.http.connector = MISSING
        raise


async def _connect(bot: discord.Client) -> None:
    """``bot.connect()``, given up once the bot is closed.

    A shard that cannot reach the gateway is retried by discord.py every 5 s without
    looking whether the client was closed meanwhile, so a bot stopped while the
    gateway is out of reach would never exit. Once closed, ``connect`` gets a moment
    to finish by itself (its own errors still count), then it is cancelled."""
    connecting = asyncio.ensure_future(bot.connect())
    while not connecting.done() and not bot.is_closed():
        await asyncio.wait({connecting}, timeout=0.2)
    if not connecting.done():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(connecting, CLOSING_GRACE)
        return
    connecting.result()


async def _until_it_works(
    bot: discord.Client, what: str, attempt: Callable[[], Awaitable[None]]
) -> None:
    pause, tries = FIRST_PAUSE, 0
    while not bot.is_closed():
        tries += 1
        try:
            await attempt()
            return
        except NETWORK_ERRORS as exc:
            if bot.is_closed():
                return
            log.warning(
                "Discord unreachable (%s): %s; retrying in %.0fs (attempt %d)",
                what,
                describe(exc),
                pause,
                tries,
            )
        except Exception as exc:
            # Stopped mid-attempt, the closed session breaks whatever was under way;
            # Discord's own verdicts (a rejected token, a refused intent) still count.
            if bot.is_closed() and not isinstance(exc, discord.DiscordException):
                return
            raise
        await _sleep_unless_closed(bot, pause)
        pause = min(pause * 2, LONGEST_PAUSE)


async def _sleep_unless_closed(bot: discord.Client, seconds: float) -> None:
    """Sleep, waking early when the bot is closed so stopping it is never delayed.
    (discord.py offers no event for "closed", only ``is_closed()`` to look at.)"""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not bot.is_closed() and loop.time() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(min(0.2, deadline - loop.time()))


class _ShortNetworkErrors(logging.Filter):
    """A record carrying a network failure loses its traceback and gains the reason;
    so does any record once the bot is stopping (its closed session breaks whatever
    discord.py was still retrying, which is no news)."""

    def __init__(self, bot: discord.Client) -> None:
        super().__init__()
        self._bot = bot

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, NETWORK_ERRORS):
            reason = describe(error)
        elif error is not None and self._bot.is_closed():
            reason = f"while stopping: {type(error).__name__}: {error}"
        else:
            return True
        record.msg = f"{record.getMessage()} ({reason})"
        record.args = None
        record.exc_info = None
        record.exc_text = None
        return True


# The loggers whose retries log tracebacks: the client's and the shards' reconnects.
_RETRYING_LOGGERS = ("discord.client", "discord.shard", "discord.gateway")


@contextmanager
def one_line_network_errors(bot: discord.Client) -> Iterator[None]:
    """While ``bot`` runs, discord.py's own retries log one line each too."""
    short = _ShortNetworkErrors(bot)
    loggers = [logging.getLogger(name) for name in _RETRYING_LOGGERS]
    for logger in loggers:
        logger.addFilter(short)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(short)
