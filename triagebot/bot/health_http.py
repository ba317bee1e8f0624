"""``GET /healthz`` and ``GET /readyz`` for a process supervisor, inside the bot's loop.

aiohttp is already there (discord.py runs on it), so the endpoint costs no thread
and no dependency. The answers come from memory: a supervisor probing every few
seconds must never wait on, or add load to, a database that may be the problem.
``/healthz`` answers 200 while the bot is ok or only warning, 503 when a check
fails; ``/readyz`` answers 200 once the bot is connected and ready. The body shows
levels, reasons, counts and times, never a setting, a token or an error text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from aiohttp import web

from triagebot.bot.local_http import bound_port, listen
from triagebot.core.health import Level, Status, status_json

log = logging.getLogger(__name__)


class HealthServer:
    def __init__(self, status: Callable[[], Status], ready: Callable[[], bool]) -> None:
        self._status = status
        self._ready = ready
        self._runner: web.AppRunner | None = None

    async def start(self, host: str, port: int) -> None:
        """Listen on ``host:port`` (0: any free port); a port in use stops start-up
        with one line, since a supervisor would otherwise restart a healthy bot."""
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/readyz", self._readyz)
        runner = await listen(app, host, port, "HEALTH_HTTP_PORT")
        self._runner = runner
        log.info("health endpoint on http://%s:%d/healthz", host, self.port)

    @property
    def port(self) -> int:
        """The port actually listened on (the chosen one when started with 0)."""
        return bound_port(self._runner)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _healthz(self, _request: web.Request) -> web.Response:
        status = self._status()
        code = 503 if status.level is Level.FAIL else 200
        return web.json_response(status_json(status, errors=False), status=code)

    async def _readyz(self, _request: web.Request) -> web.Response:
        ready = self._ready()
        return web.json_response({"ready": ready}, status=200 if ready else 503)
