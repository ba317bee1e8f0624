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

from tests.conftest import GENERAL, chat, count_rows
from triagebot.config import PipelineSettings
from triagebot.core.messages import MessageDeleted
from triagebot.pipeline import Batch, Pipeline
from triagebot.store.engine import SessionFactory


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
