"""Leases on SQLite and PostgreSQL: one holder at a time, renewals, expiry, release,
and exactly one winner when holders race from threads."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from triagebot.store import leases
from triagebot.store.engine import SessionFactory
from triagebot.store.models import LeaseRow

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
TTL = timedelta(seconds=60)


def acquire(sessions: SessionFactory, holder: str, at: datetime, name: str = "sync") -> bool:
    with sessions() as session, session.begin():
        return leases.acquire(session, name, holder, TTL, now=at)


def row(sessions: SessionFactory, name: str = "sync") -> LeaseRow:
    with sessions() as session:
        found = session.get(LeaseRow, name)
        assert found is not None
        return found


def test_a_free_lease_is_taken_and_a_held_one_refused(sessions: SessionFactory) -> None:
    assert acquire(sessions, "a", T0)
    assert not acquire(sessions, "b", T0 + timedelta(seconds=59))
    held = row(sessions)
    assert (held.holder, held.acquired_at, held.expires_at) == ("a", T0, T0 + TTL)
    # Another name is another lease.
    assert acquire(sessions, "b", T0, name="digest")


def test_the_holder_renews_and_keeps_its_acquired_time(sessions: SessionFactory) -> None:
    assert acquire(sessions, "a", T0)
    assert acquire(sessions, "a", T0 + timedelta(seconds=30))
    renewed = row(sessions)
    assert renewed.acquired_at == T0
    assert renewed.expires_at == T0 + timedelta(seconds=30) + TTL
    # Renewed past the first expiry: still nobody else's.
    assert not acquire(sessions, "b", T0 + timedelta(seconds=61))


def test_an_expired_lease_passes_to_another_holder(sessions: SessionFactory) -> None:
    assert acquire(sessions, "a", T0)
    later = T0 + TTL
    assert acquire(sessions, "b", later)
    taken = row(sessions)
    assert (taken.holder, taken.acquired_at) == ("b", later)
    assert not acquire(sessions, "a", later + timedelta(seconds=1))


def test_release_frees_it_only_for_its_holder(sessions: SessionFactory) -> None:
    assert acquire(sessions, "a", T0)
    at = T0 + timedelta(seconds=10)
    with sessions() as session, session.begin():
        assert not leases.release(session, "sync", "b", now=at)
        assert leases.holder_of(session, "sync", now=at) == "a"
        assert leases.release(session, "sync", "a", now=at)
        assert leases.holder_of(session, "sync", now=at) is None
        assert not leases.release(session, "sync", "a", now=at)  # already let go
    assert acquire(sessions, "b", at)


def test_the_database_clock_is_used_when_no_time_is_given(sessions: SessionFactory) -> None:
    with sessions() as session, session.begin():
        assert leases.acquire(session, "sync", "a", TTL)
        now = leases.database_now(session)
        assert leases.holder_of(session, "sync") == "a"
    assert now.tzinfo is not None
    held = row(sessions)
    assert held.acquired_at <= now < held.expires_at
    assert abs(now - datetime.now(UTC)) < timedelta(minutes=5)  # same machine, same time


def test_racing_holders_get_exactly_one_lease(sessions: SessionFactory) -> None:
    """Eight threads, each its own connection, ask at once for the same free lease,
    round after round: one wins per round, and the row names that winner."""
    holders = [f"p{n}" for n in range(8)]
    for round_number in range(5):
        at = T0 + round_number * TTL  # the previous round's lease has just expired
        won = race(sessions, holders, at)
        assert len(won) == 1, won
        with sessions() as session:
            assert session.scalars(select(LeaseRow.holder)).all() == won


def race(sessions: SessionFactory, holders: list[str], at: datetime) -> list[str]:
    """Every holder asks at the same instant, each from its own thread; the winners."""
    start = threading.Barrier(len(holders))
    won: list[str] = []
    lock = threading.Lock()

    def contend(holder: str) -> None:
        start.wait()
        if acquire(sessions, holder, at):
            with lock:
                won.append(holder)

    threads = [threading.Thread(target=contend, args=(h,)) for h in holders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return won
