"""The HTTP side of the GitHub webhook: one POST route inside the bot's loop.

aiohttp is already there (discord.py runs on it), as for the health endpoint. The
server only moves bytes: it refuses a body over ``max_bytes`` before reading it
(by its ``Content-Length``, or as soon as a body sent without one grows past the
limit), and hands the headers and the raw body to ``receive``, whose status and JSON
it sends back. What a delivery means is decided there, not here.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import web

from triagebot.bot.local_http import bound_port, listen

log = logging.getLogger(__name__)

Answer = tuple[int, dict[str, Any]]
Receive = Callable[[Mapping[str, str], bytes], Awaitable[Answer]]


class WebhookServer:
    def __init__(self, path: str, max_bytes: int, receive: Receive) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self._receive = receive
        self._runner: web.AppRunner | None = None
        self.too_large = 0

    async def start(self, host: str, port: int) -> None:
        """Listen on ``host:port`` (0: any free port); a port in use stops start-up
        with one line rather than running a bot that silently hears nothing.

        The port is shared (``SO_REUSEPORT``, where the system has it) with this
        bot's other processes on the machine, which read the same settings: the
        kernel spreads the deliveries among them, and any of them may apply one."""
        # aiohttp itself stops reading a body at client_max_size (and answers 413).
        app = web.Application(client_max_size=self.max_bytes)
        app.router.add_post(self.path, self._post)
        reuse = hasattr(socket, "SO_REUSEPORT")
        runner = await listen(app, host, port, "GITHUB_WEBHOOK_PORT", reuse_port=reuse)
        self._runner = runner
        log.info("GitHub webhook endpoint on http://%s:%d%s", host, self.port, self.path)

    @property
    def port(self) -> int:
        """The port actually listened on (the chosen one when started with 0)."""
        return bound_port(self._runner)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _post(self, request: web.Request) -> web.Response:
        length = request.content_length
        if length is not None and length > self.max_bytes:
            return self._refuse_size()
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return self._refuse_size()
        status, answer = await self._receive(request.headers, body)
        return web.json_response(answer, status=status)

    def _refuse_size(self) -> web.Response:
        self.too_large += 1
        log.warning("refused a webhook delivery over %d bytes", self.max_bytes)
        # Closing: the unread rest of the body must not be taken for the next request.
        response = web.json_response({"error": "payload too large"}, status=413)
        response.force_close()
        return response
