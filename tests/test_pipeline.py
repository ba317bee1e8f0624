"""The pipeline batches events off the event loop, keeps order, and loses nothing."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from dataclasses import replace

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from tests.conftest import ALICE, GENERAL, chat, count_rows
from triagebot.config import PipelineSettings
from triagebot.core.batch import Batch
from triagebot.core.messages import ChatMessage, MessageDeleted
from triagebot.store.engine import SessionFactory
from triagebot.store.models import AuthorRow, MessageRow
from triagebot.triage.pipeline import Pipeline


class Recorder:
    """A stage that records the batches it sees and the thread it ran on."""

    name = "recorder"

    def __init__(self) -> None:
        self.batches: list[int] = []
        self.threads: set[int] = set()

    def __call__(self, session: Session, batch: Batch) -> None:
        self.batches.append(len(batch.events))
        self.threads.add(threading.get_ident())


class Flaky:
    """A stage that fails like a locked database for the first ``times`` calls."""

    name = "flaky"

    def __init__(self, times: int) -> None:
        self.left = times

    def __call__(self, session: Session, batch: Batch) -> None:
        if self.left > 0:
            self.left -= 1
            raise OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))


def settings(**kw: object) -> PipelineSettings:
    return PipelineSettings(**{"batch_size": 50, "flush_ms": 5, **kw})  # type: ignore[arg-type]


async def test_submitted_events_are_stored_in_batches_off_the_loop(
    sessions: SessionFactory, engine: Engine
) -> None:
    recorder = Recorder()
    pipeline = Pipeline(sessions, settings(), [recorder])
    for n in range(120):
        await pipeline.submit(chat(n))
    await pipeline.close()
    assert count_rows(engine, "messages") == 120
    assert sum(recorder.batches) == 120 and max(recorder.batches) <= 50
    assert threading.get_ident() not in recorder.threads


async def test_what_queued_meanwhile_is_the_next_batch_and_nothing_waits_for_company(
    sessions: SessionFactory,
) -> None:
    recorder = Recorder()
    pipeline = Pipeline(sessions, settings(flush_ms=0), [recorder])
    pipeline.start()
    await pipeline.submit(chat(0))
    await pipeline.drain()  # alone: stored at once, in a batch of its own
    for n in range(1, 31):
        await pipeline.submit(chat(n))  # queued together before the consumer runs
    await pipeline.close()
    assert recorder.batches == [1, 30]


def test_time_is_accounted_per_step(sessions: SessionFactory) -> None:
    pipeline = Pipeline(sessions, settings(), [Recorder()])
    pipeline.process_all([chat(n) for n in range(5)])
    assert set(pipeline.stats.seconds) == {"store", "recorder", "commit"}
    assert all(seconds >= 0 for seconds in pipeline.stats.seconds.values())


async def test_order_is_kept_so_a_later_delete_wins(sessions: SessionFactory) -> None:
    pipeline = Pipeline(sessions, settings(batch_size=1))
    m = chat(1, "to be deleted")
    await pipeline.submit(m)
    await pipeline.submit(MessageDeleted(m.id, GENERAL.id))
    await pipeline.close()
    assert pipeline.stats.totals.deleted == [m.id]


async def test_a_locked_database_is_retried_until_it_works(
    sessions: SessionFactory, engine: Engine
) -> None:
    pipeline = Pipeline(sessions, settings(), [Flaky(times=3)])
    for n in range(10):
        await pipeline.submit(chat(n))
    await asyncio.wait_for(pipeline.close(), timeout=10)
    assert pipeline.stats.retries == 3
    assert count_rows(engine, "messages") == 10


def test_one_bad_event_does_not_cost_its_batch(sessions: SessionFactory, engine: Engine) -> None:
    pipeline = Pipeline(sessions, settings())
    good = [chat(n) for n in range(7)]
    bad = replace(chat(99), id=1 << 63)  # no database can store this id
    outcome = pipeline.process([*good[:3], bad, *good[3:]]).stored
    assert count_rows(engine, "messages") == 7
    assert len(outcome.inserted) == 7
    assert pipeline.stats.failed == 1


async def test_submit_waits_instead_of_dropping_when_the_queue_is_full(
    sessions: SessionFactory, engine: Engine
) -> None:
    pipeline = Pipeline(sessions, settings(queue_max=100, batch_size=10))
    await asyncio.gather(*(pipeline.submit(chat(n)) for n in range(400)))
    await pipeline.close()
    assert count_rows(engine, "messages") == 400


@pytest.mark.parametrize("batch_size", [1, 7, 1000])
def test_process_all_batches_any_stream(
    sessions: SessionFactory, engine: Engine, batch_size: int
) -> None:
    pipeline = Pipeline(sessions, settings(batch_size=batch_size))
    outcome = pipeline.process_all(chat(n) for n in range(25))
    assert len(outcome.inserted) == 25 and count_rows(engine, "messages") == 25


async def test_waiting_since_marks_events_held_and_clears_once_stored(
    sessions: SessionFactory,
) -> None:
    """Health reads a stall from this: set while events wait, cleared by progress."""
    flaky = Flaky(times=3)
    pipeline = Pipeline(sessions, settings(), [flaky])
    assert pipeline.stats.waiting_since is None and pipeline.stats.last_event_at is None
    await pipeline.submit(chat(1))
    since = pipeline.stats.waiting_since
    assert since is not None and pipeline.stats.last_event_at == since
    while flaky.left:  # the batch is being retried: still waiting, since the same moment
        await asyncio.sleep(0.01)
        assert pipeline.stats.waiting_since == since
    await pipeline.drain()
    assert pipeline.stats.waiting_since is None and pipeline.stats.batches == 1
    await pipeline.close()


def test_a_lone_surrogate_does_not_cost_the_message(
    sessions: SessionFactory, engine: Engine
) -> None:
    """JSON can carry an unpaired "\\udXXX"; the text is stored with U+FFFD instead."""
    odd = chat(1, "broken \ud800 emoji", author=replace(ALICE, name="al\udfffice"))
    outcome = Pipeline(sessions, settings()).process([odd]).stored
    assert outcome.inserted == [odd.id] and count_rows(engine, "messages") == 1
    with sessions() as session:
        row = session.get(MessageRow, odd.id)
        author = session.get(AuthorRow, ALICE.id)
    assert row is not None and row.content == "broken \ufffd emoji"
    assert author is not None and author.name == "al\ufffdice"


class Order:
    """A stage that records message ids in the order they are processed."""

    name = "order"

    def __init__(self) -> None:
        self.ids: list[int] = []

    def __call__(self, session: Session, batch: Batch) -> None:
        self.ids += [e.id for e in batch.events if isinstance(e, ChatMessage)]


async def test_a_full_queue_keeps_events_in_the_order_they_were_submitted(
    sessions: SessionFactory,
) -> None:
    """Each gateway event is submitted from its own task. When the queue is full, a
    task arriving as a slot frees up must not overtake those already waiting: a later
    message stored first would move the catch-up cursor past one still waiting, and a
    stale create would overwrite its own edit. Whether a newcomer gets in first
    depends on how the loop interleaves, so several arrival patterns are tried."""
    for burst in range(1, 11):
        order = Order()
        pipeline = Pipeline(sessions, settings(queue_max=100, batch_size=10), [order])
        waiting = []
        for n in range(300):
            waiting.append(asyncio.create_task(pipeline.submit(chat(burst * 1000 + n))))
            if n % burst == 0:
                await asyncio.sleep(0)  # a few frames per turn of the loop
        await asyncio.gather(*waiting)
        await pipeline.close()
        assert len(order.ids) == 300 and order.ids == sorted(order.ids), burst
