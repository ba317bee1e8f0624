"""GitHub webhooks inside the running bot: issue changes stored as they happen.

Each delivery is judged first (``core.webhook_delivery``: signature, JSON, repeat),
then applied in a worker thread (``triage.webhook_events``: SQL and embedding, the
sync's own storing), and answered; the linked threads of an issue that closed or
reopened are told right after, by the sync's own sender, in a task of their own, so
GitHub's 10-second answer deadline never waits on Discord. A delivery that failed to
apply is forgotten, so GitHub's "Redeliver" applies it later.

Each genuine delivery beats ``pulse``, which keeps the scheduled sync backed off
while webhooks work. Several processes on one database may each run the endpoint:
storing is idempotent and a notice is claimed before it is sent, so whichever
process GitHub reaches, a change is stored and told once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from discord.ext import commands

from triagebot.bot.thread_notices import NoticeSender
from triagebot.bot.webhook_http import Answer, WebhookServer
from triagebot.core.health import WebhookState
from triagebot.core.webhook_deliveries import RecentDeliveries
from triagebot.core.webhook_delivery import DELIVERY, Delivery, Refusal, read_delivery
from triagebot.triage.notices import ThreadNotices
from triagebot.triage.webhook_events import MalformedDelivery, WebhookIssues

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    return datetime.now(UTC)


class GitHubWebhooks(commands.Cog):
    def __init__(
        self,
        bot: commands.AutoShardedBot,
        webhooks: WebhookIssues,
        notices: ThreadNotices,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.bot = bot
        self.webhooks = webhooks
        self.features = features = webhooks.features
        self.sender = NoticeSender(bot, notices)
        self.clock = clock
        self.seen = RecentDeliveries()
        self.server = WebhookServer(features.path, features.max_bytes, self.receive)
        self.refused = 0
        self.accepted = 0
        self.last_accepted_at: datetime | None = None
        self.last_refusal: str | None = None
        self._telling: set[asyncio.Task[int]] = set()

    @property
    def state(self) -> WebhookState:
        """What the heartbeat says of the endpoint (``triagebot status``)."""
        return WebhookState(self.accepted, self.refused, self.last_accepted_at, self.last_refusal)

    async def cog_load(self) -> None:
        await self.server.start(self.features.host, self.features.port)

    async def cog_unload(self) -> None:
        await self.server.stop()
        for task in list(self._telling):
            task.cancel()

    async def receive(self, headers: Mapping[str, str], body: bytes) -> Answer:
        """The answer to one request; applying and telling happen on the way."""
        verdict = read_delivery(self.features.secret, headers, body, self.seen, self.clock())
        if isinstance(verdict, Refusal):
            if verdict.status >= 300 and headers.get(DELIVERY):
                # What GitHub itself sent and could not deliver: a wrong secret, a proxy
                # that rewrote the body. A repeat (200) is GitHub's retry, not a fault,
                # and a request without a delivery id is not GitHub's (a scanner).
                self.refused += 1
                self.last_refusal = verdict.reason
            log.info("webhook delivery refused (%d): %s", verdict.status, verdict.reason)
            return verdict.status, {"ignored" if verdict.status < 300 else "error": verdict.reason}
        self.accepted += 1
        self.last_accepted_at = self.clock()
        self.webhooks.pulse.beat(self.last_accepted_at)
        if verdict.event == "ping":
            log.info("GitHub webhook ping received")
            return 200, {"ok": "pong"}
        return await self._apply(verdict)

    async def _apply(self, delivery: Delivery) -> Answer:
        try:
            applied = await asyncio.to_thread(self.webhooks.apply, delivery.event, delivery.payload)
        except MalformedDelivery as exc:
            log.info("webhook delivery %s refused: %s", delivery.id, exc)
            return 400, {"error": str(exc)}
        except Exception:
            self.seen.forget(delivery.id)
            log.exception("webhook delivery %s could not be stored", delivery.id)
            return 500, {"error": "not stored; redeliver later"}
        if applied.stored:
            log.info(
                "webhook %s stored an issue (%d state changes)",
                delivery.event,
                len(applied.changes),
            )
        if applied.changes:
            self._tell_soon()
        return 200, applied.as_json()

    def _tell_soon(self) -> None:
        task = asyncio.create_task(self._tell(), name="webhook:notices")
        self._telling.add(task)
        task.add_done_callback(self._telling.discard)

    async def _tell(self) -> int:
        try:
            return await self.sender.tell_pending()
        except Exception:  # the next sync tells what this could not
            log.exception("telling linked threads after a webhook delivery failed")
            return 0
