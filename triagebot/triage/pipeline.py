"""The one path every message takes: batch → store → stages — off the event loop.

Every intake (gateway, history catch-up, exports, the demo) hands plain ``ChatEvent``
values to a :class:`Pipeline`. The async side only queues; a single consumer drains
the queue in batches and runs each batch in a worker thread as one unit of work, so
the Discord heartbeat never waits on SQL or CPU work, and order is preserved.

Where it waits and what it holds: when the database is unavailable or locked, the
consumer retries the *same* batch with exponential backoff (up to
``retry_max_seconds`` between tries, forever) while new events wait in the queue, at
most ``queue_max`` of them; past that, ``submit`` waits, in order, rather than
dropping anything. For a history catch-up that is back-pressure: it stops reading
until there is room. Discord cannot be told to slow down, so each live gateway event
beyond ``queue_max`` waits in its own listener task: the backlog of a long outage is
held in memory, about one event object per message, until the database is back.

Which stages run, and in which order, is written once: ``triage.stages.in_flow_order``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from triagebot.config import PipelineSettings
from triagebot.core.batch import Batch, StoreOutcome
from triagebot.core.messages import ChatEvent
from triagebot.store.engine import SessionFactory
from triagebot.store.messages import store_events

log = logging.getLogger(__name__)

FIRST_BATCH = 64  # events in the first batch of ``process_all``


class Stage(Protocol):
    """A step after storage, run in the same unit of work (see ``triage.stages``)."""

    name: str

    def __call__(self, session: Session, batch: Batch) -> None: ...


@dataclass
class PipelineStats:
    events: int = 0
    batches: int = 0
    retries: int = 0
    failed: int = 0
    last_error: str | None = None
    last_batch_at: float | None = None
    last_event_at: float | None = None  # when the last event was queued
    # When events started waiting with no batch stored since (None: nothing waits).
    # Health tells a stall from a quiet server by this, not by the last batch's age.
    waiting_since: float | None = None
    totals: StoreOutcome = field(default_factory=StoreOutcome)
    # Where a batch's time goes: "store", each stage's name, "commit" → seconds in all.
    seconds: dict[str, float] = field(default_factory=dict)

    def timed(self, name: str, started: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started


class Pipeline:
    def __init__(
        self,
        sessions: SessionFactory,
        settings: PipelineSettings,
        stages: Sequence[Stage] = (),
    ) -> None:
        self._sessions = sessions
        self._settings = settings
        self._stages = list(stages)
        self._queue: asyncio.Queue[ChatEvent] | None = None
        # asyncio.Queue lets a newcomer take a freed slot before the submitters already
        # waiting for one; this fair lock keeps a full queue first come, first queued.
        self._in_order = asyncio.Lock()
        self._consumer: asyncio.Task[None] | None = None
        self.stats = PipelineStats()
        # Called on the event loop after each stored batch (e.g. to post duplicate hints).
        self.listeners: list[Callable[[Batch], Awaitable[None]]] = []

    # -- synchronous core: one batch, one transaction ---------------------------------

    def process(self, events: Sequence[ChatEvent], upcoming: Sequence[ChatEvent] = ()) -> Batch:
        """Store one batch and run every stage on it, committing once; ``upcoming`` is
        the batch that follows, when known.

        A batch the database rejects for its content (not for being unavailable) is
        split to isolate the offending event, which is logged and skipped: one bad
        event never costs the rest of its batch.
        """
        try:
            batch = self._process_once(events, upcoming)
        except OperationalError:
            raise  # unavailable or locked: the async side retries the whole batch
        except (DBAPIError, ValueError, OverflowError) as exc:
            if isinstance(exc, DBAPIError) and exc.connection_invalidated:
                raise
            return self._bisect(events, exc)
        self.stats.events += len(events)
        self.stats.batches += 1
        self.stats.last_batch_at = time.time()
        self.stats.totals.merge(batch.stored)
        return batch

    def _process_once(self, events: Sequence[ChatEvent], upcoming: Sequence[ChatEvent]) -> Batch:
        with self._sessions() as session, session.begin():
            started = time.perf_counter()
            batch = Batch(events, store_events(session, events), upcoming=upcoming)
            self.stats.timed("store", started)
            for stage in self._stages:
                started = time.perf_counter()
                stage(session, batch)
                self.stats.timed(stage.name, started)
            started = time.perf_counter()
        self.stats.timed("commit", started)
        return batch

    def _bisect(self, events: Sequence[ChatEvent], exc: Exception) -> Batch:
        if len(events) == 1:
            cause = exc.orig if isinstance(exc, DBAPIError) else exc
            self.stats.failed += 1
            self.stats.last_error = f"{type(cause).__name__}: {cause}"
            log.error("skipped an event the database rejected: %r (%s)", events[0], cause)
            return Batch(events, StoreOutcome())
        half = len(events) // 2
        batch = self.process(events[:half])
        batch.merge(self.process(events[half:]))
        return batch

    def process_all(
        self, events: Iterable[ChatEvent], progress: Callable[[int], None] | None = None
    ) -> StoreOutcome:
        """Synchronous batching, for imports and the demo; ``progress`` gets each
        batch's size once it is stored. Each batch is processed knowing the next, and
        the first is small, so the encoder starts working ahead at once."""
        total = StoreOutcome()
        size = self._settings.batch_size
        batches = _chunks(events, size, first=min(size, FIRST_BATCH))
        current = next(batches, None)
        while current is not None:
            following = next(batches, None)
            total.merge(self.process(current, following or ()).stored)
            if progress:
                progress(len(current))
            current = following
        return total

    # -- asynchronous side: queue and consumer ------------------------------------------

    def start(self) -> None:
        """Start the consumer on the running loop (idempotent)."""
        if self._consumer is None:
            self._queue = asyncio.Queue(maxsize=self._settings.queue_max)
            self._consumer = asyncio.create_task(self._consume(), name="pipeline-consumer")

    async def submit(self, event: ChatEvent) -> None:
        """Queue an event; waits only when ``queue_max`` events are already waiting."""
        if self._queue is None:
            self.start()
        assert self._queue is not None
        now = time.time()
        self.stats.last_event_at = now
        if self.stats.waiting_since is None:
            self.stats.waiting_since = now
        async with self._in_order:
            await self._queue.put(event)

    @property
    def queue_depth(self) -> int:
        return self._queue.qsize() if self._queue is not None else 0

    async def drain(self) -> None:
        """Wait until everything submitted so far is stored."""
        if self._queue is not None:
            await self._queue.join()

    async def close(self) -> None:
        """Store what is queued, then stop the consumer."""
        if self._consumer is None:
            return
        await self.drain()
        self._consumer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._consumer
        self._consumer = None

    async def _consume(self) -> None:
        assert self._queue is not None
        queue = self._queue
        while True:
            batch = [await queue.get()]
            # Whatever queued while the previous batch was processed joins this one:
            # batches grow with the load and a lone message never waits for company.
            while len(batch) < self._settings.batch_size and not queue.empty():
                batch.append(queue.get_nowait())
            deadline = time.monotonic() + self._settings.flush_ms / 1000
            while len(batch) < self._settings.batch_size:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                try:
                    batch.append(await asyncio.wait_for(queue.get(), remaining))
                except TimeoutError:
                    break
            await self._process_with_retry(batch)
            # Progress: whatever still waits has waited only since now.
            self.stats.waiting_since = time.time() if queue.qsize() else None
            for _ in batch:
                queue.task_done()

    async def _process_with_retry(self, batch: list[ChatEvent]) -> None:
        delay = 0.1
        while True:
            try:
                done = await asyncio.to_thread(self.process, batch)
                break
            except (OperationalError, DBAPIError) as exc:
                self.stats.retries += 1
                self.stats.last_error = f"{type(exc).__name__}: {exc.orig}"
                log.warning(
                    "database unavailable (%s); holding %d events, retrying in %.1fs",
                    exc.orig,
                    len(batch) + self.queue_depth,
                    delay,
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, self._settings.retry_max_seconds)
            except Exception:
                # A bug must not kill the consumer silently: log, count, move on.
                self.stats.failed += len(batch)
                log.exception("pipeline stage failed; %d events not processed", len(batch))
                return
        for listener in self.listeners:
            try:
                await listener(done)
            except Exception:
                log.exception("a batch listener failed (the batch itself is stored)")


def _chunks(events: Iterable[ChatEvent], size: int, first: int) -> Iterator[list[ChatEvent]]:
    chunk: list[ChatEvent] = []
    limit = first
    for event in events:
        chunk.append(event)
        if len(chunk) >= limit:
            yield chunk
            chunk, limit = [], size
    if chunk:
        yield chunk
