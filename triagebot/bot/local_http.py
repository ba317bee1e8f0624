"""A small aiohttp site inside the bot's loop, for the health and webhook endpoints.

Both listen on a configured port, both must stop start-up with one line when the
port cannot be had (a bot that silently hears nothing looks healthy), and both are
started with port 0 in tests, which then need the port the system picked.
"""

from __future__ import annotations

from aiohttp import web

from triagebot.errors import ConfigError


async def listen(
    app: web.Application, host: str, port: int, setting: str, *, reuse_port: bool = False
) -> web.AppRunner:
    """``app`` served on ``host:port``; ``setting`` names the port in the error."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port, reuse_port=reuse_port).start()
    except OSError as exc:
        await runner.cleanup()
        raise ConfigError(
            f"{setting}: cannot listen on {host}:{port} ({exc.strerror or exc})"
        ) from None
    return runner


def bound_port(runner: web.AppRunner | None) -> int:
    """The port actually listened on (the chosen one when started with 0); 0 if none."""
    addresses = runner.addresses if runner is not None else []
    return int(addresses[0][1]) if addresses else 0
