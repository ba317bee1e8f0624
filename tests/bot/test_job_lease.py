"""Scheduled jobs run in one process at a time: the issue sync in the lease holder only,
the daily digest posted once however many processes race for it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta
from typing import Any

from tests.bot.harness import GUILD, RunningBot
from tests.bot.harness_issues import eventually
from tests.fakes.discord_server import FakeDiscord
from triagebot.bot.digest_task import DigestTask
from triagebot.bot.sync_task import SyncTask
from triagebot.store import leases
from triagebot.store.engine import SessionFactory
from triagebot.store.models import LeaseRow
from triagebot.triage.digests import DigestFeatures
from triagebot.triage.leases import JobLease, LeasePolicy
from triagebot.triage.notices import ThreadNotices

DIGESTS = 160
MIDNIGHT = time(0, 0)  # today's time has always passed: a start posts yesterday's


class CountingSync:
    """Stands in for ``IssueSync``: the gating is under test, not GitHub."""

    def __init__(self) -> None:
        self.calls = 0

    def sync_all(self) -> list[Any]:
        self.calls += 1
        return []


def sync_task(sessions: SessionFactory, holder: str, ttl: float = 60) -> SyncTask:
    lease = JobLease(sessions, "sync", LeasePolicy(holder, timedelta(seconds=ttl)))
    bot: Any = None  # never touched: no loop is started and nothing is told
    return SyncTask(bot, CountingSync(), ThreadNotices(sessions), minutes=10, lease=lease)  # type: ignore[arg-type]


def calls(task: SyncTask) -> int:
    counting = task.sync
    assert isinstance(counting, CountingSync)
    return counting.calls


def expiry(sessions: SessionFactory, name: str = "sync") -> datetime:
    with sessions() as session:
        row = session.get(LeaseRow, name)
        assert row is not None
        return row.expires_at


async def test_only_the_lease_holder_syncs_and_a_clean_stop_hands_it_over(
    sessions: SessionFactory,
) -> None:
    a, b = sync_task(sessions, "a"), sync_task(sessions, "b")
    for _ in range(3):
        await asyncio.gather(a._tick(), b._tick())
    assert sorted([calls(a), calls(b)]) == [0, 3]
    holder, other = (a, b) if calls(a) else (b, a)
    assert other.skipped == 3 and holder.skipped == 0

    await holder.cog_unload()
    await other._tick()
    await holder._tick()  # a stopped task never takes the job back
    assert calls(other) == 1 and holder.skipped == 1
    await other.cog_unload()


async def test_the_holder_renews_between_runs_and_notices_losing_it(
    sessions: SessionFactory,
) -> None:
    a = sync_task(sessions, "a", ttl=0.6)  # renewed every 0.2 s
    assert a.lease is not None
    await a._tick()
    first = expiry(sessions)
    await eventually(lambda: expiry(sessions) > first, timeout=10)
    assert a.lease.held

    # As if "a" had stalled past its lease and "b" had taken the job over.
    with sessions() as session, session.begin():
        leases.release(session, "sync", "a")
        assert leases.acquire(session, "sync", "b", timedelta(hours=1))
    await eventually(lambda: not a.lease.held, timeout=10)  # type: ignore[union-attr]
    await a._tick()
    assert calls(a) == 1 and a.skipped == 1
    await a.cog_unload()
    with sessions() as session:
        assert leases.holder_of(session, "sync") == "b"  # a's stop released nothing of b's


async def test_a_released_lease_stays_free_of_its_old_holder(sessions: SessionFactory) -> None:
    """A clean stop is final: a tick or renewal still under way cannot take it back."""
    lease = JobLease(sessions, "sync", LeasePolicy("a"))
    assert await lease.claim() and lease.held
    await lease.release()
    assert not await lease.claim() and not lease.held
    with sessions() as session:
        assert leases.holder_of(session, "sync") is None
    other = JobLease(sessions, "sync", LeasePolicy("b"))
    assert await other.claim()
    await other.release()


# -- the digest -------------------------------------------------------------------------


def digest_bot(world: FakeDiscord, sessions: SessionFactory, holder: str) -> RunningBot:
    digest = DigestFeatures(channel_id=DIGESTS, at=MIDNIGHT)
    return RunningBot(world, sessions, digest=digest, leases=LeasePolicy(holder))


def digest_task(bot: RunningBot) -> DigestTask:
    cog = bot.bot.get_cog("DigestTask")
    assert isinstance(cog, DigestTask)
    return cog


def digests(fake: FakeDiscord) -> list[dict[str, Any]]:
    return [m for m in fake.posted_messages if int(m["channel_id"]) == DIGESTS]


async def test_processes_racing_for_the_digest_post_it_once(
    fake: FakeDiscord, sessions: SessionFactory
) -> None:
    fake.add_channel(GUILD, DIGESTS, "maintainers")
    bots = [digest_bot(fake, sessions, "a"), digest_bot(fake, sessions, "b")]
    try:
        await racing_for_the_digest(fake, bots)
    finally:
        for bot in bots:
            await bot.stop()  # a second stop is harmless
    assert len(digests(fake)) == 3


async def racing_for_the_digest(fake: FakeDiscord, bots: list[RunningBot]) -> None:
    # Both start after today's digest time: each would post yesterday's on start.
    await asyncio.gather(*(bot.start() for bot in bots))
    tasks = [digest_task(bot) for bot in bots]
    await eventually(lambda: all(t.loop.next_iteration is not None for t in tasks), timeout=10)
    assert len(digests(fake)) == 1

    # The same day asked of both at once, and another day: each posted once.
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    again = await asyncio.gather(*(t.post_day(yesterday) for t in tasks))
    assert again == [False, False]
    earlier = yesterday - timedelta(days=1)
    posted = await asyncio.gather(*(t.post_day(earlier) for t in tasks))
    assert sorted(posted) == [False, True]
    assert len(digests(fake)) == 2
    assert sum(t.posted for t in tasks) == 2

    # The holder stops cleanly: the other process may post, and still not twice.
    holder = next(b for b, t in zip(bots, tasks, strict=True) if t.posted)
    other = next(t for t in tasks if not t.posted)
    await holder.stop()
    assert not await other.post_day(earlier)
    assert await other.post_day(earlier - timedelta(days=1))
