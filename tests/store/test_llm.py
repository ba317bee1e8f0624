"""The token ledger, the daily usage it reports and the summary cache."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from triagebot.store import llm as ledger
from triagebot.store.engine import SessionFactory

DAY = date(2026, 11, 25)
MIDNIGHT = datetime(2026, 11, 25, tzinfo=UTC)


def add(sessions: SessionFactory, at: datetime, inp: int, out: int, cost: float = 0.001) -> None:
    with sessions.begin() as session:
        ledger.record_call(
            session,
            at=at,
            model="gpt-4o-mini",
            input_tokens=inp,
            output_tokens=out,
            cost=cost,
            packet_hash="a" * 64,
            outcome="ok",
        )


def test_tokens_used_count_only_that_utc_day(sessions: SessionFactory) -> None:
    add(sessions, MIDNIGHT - timedelta(seconds=1), 1_000, 100)
    add(sessions, MIDNIGHT, 200, 20)
    add(sessions, MIDNIGHT + timedelta(hours=23, minutes=59), 300, 30)
    add(sessions, MIDNIGHT + timedelta(days=1), 5_000, 500)
    with sessions() as session:
        assert ledger.tokens_used_on(session, DAY) == 550
        assert ledger.tokens_used_on(session, DAY - timedelta(days=1)) == 1_100
        assert ledger.tokens_used_on(session, DAY + timedelta(days=5)) == 0


def test_other_time_zones_are_counted_by_their_utc_day(sessions: SessionFactory) -> None:
    late_in_new_york = datetime(2026, 11, 24, 20, 0, tzinfo=timezone(timedelta(hours=-5)))
    add(sessions, late_in_new_york, 10, 1)
    with sessions() as session:
        assert ledger.tokens_used_on(session, date(2026, 11, 25)) == 11


def test_usage_by_day_sums_calls_tokens_and_cost(sessions: SessionFactory) -> None:
    add(sessions, MIDNIGHT - timedelta(days=3), 999, 99)
    add(sessions, MIDNIGHT - timedelta(hours=1), 100, 10, 0.5)
    add(sessions, MIDNIGHT + timedelta(hours=1), 200, 20, 0.25)
    add(sessions, MIDNIGHT + timedelta(hours=2), 300, 30, 0.25)
    with sessions() as session:
        rows = ledger.usage_by_day(session, DAY - timedelta(days=1))
    assert [(r.day, r.calls, r.input_tokens, r.output_tokens, r.cost) for r in rows] == [
        (DAY - timedelta(days=1), 1, 100, 10, 0.5),
        (DAY, 2, 500, 50, 0.5),
    ]


def test_cache_round_trip_per_model(sessions: SessionFactory) -> None:
    with sessions.begin() as session:
        ledger.remember(session, "h" * 64, "gpt-4o-mini", {"1": "One.", "2": "Two."}, MIDNIGHT)
    with sessions() as session:
        assert ledger.cached(session, "h" * 64, "gpt-4o-mini") == {"1": "One.", "2": "Two."}
        assert ledger.cached(session, "h" * 64, "llama3") is None
        assert ledger.cached(session, "x" * 64, "gpt-4o-mini") is None


def test_remembering_again_replaces(sessions: SessionFactory) -> None:
    for text in ("Old.", "New."):
        with sessions.begin() as session:
            ledger.remember(session, "h" * 64, "m", {"1": text}, MIDNIGHT)
    with sessions() as session:
        assert ledger.cached(session, "h" * 64, "m") == {"1": "New."}


def test_queries_do_not_commit(sessions: SessionFactory) -> None:
    with sessions() as session:
        ledger.record_call(
            session,
            at=MIDNIGHT,
            model="m",
            input_tokens=1,
            output_tokens=1,
            cost=0.0,
            packet_hash="p",
            outcome="ok",
        )
        ledger.remember(session, "h", "m", {"1": "x"}, MIDNIGHT)
        session.rollback()
    with sessions() as session:
        assert ledger.tokens_used_on(session, DAY) == 0
        assert ledger.cached(session, "h", "m") is None
