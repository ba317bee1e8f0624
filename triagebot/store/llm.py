"""The token ledger and the summary cache of the language model.

The ledger is what the daily budget is enforced against and what the usage report
reads; the cache makes an unchanged digest free. Functions take a session and never
commit: the summariser owns the unit of work.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triagebot.store.models import LLMCacheRow, LLMCallRow
from triagebot.store.upsert import upsert


@dataclass(frozen=True)
class DayUsage:
    """One UTC day of model calls."""

    day: date
    calls: int
    input_tokens: int
    output_tokens: int
    cost: float


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), tzinfo=UTC)
    return start, start + timedelta(days=1)


def record_call(
    session: Session,
    *,
    at: datetime,
    model: str,
    input_tokens: int,
    output_tokens: int,
    cost: float,
    packet_hash: str,
    outcome: str,
) -> None:
    """Add one call to the ledger (successful or not: a failed call may still cost)."""
    session.add(
        LLMCallRow(
            at=at,
            model=model,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            cost=cost,
            packet_hash=packet_hash,
            outcome=outcome[:200],
        )
    )


def tokens_used_on(session: Session, day: date) -> int:
    """Input plus output tokens of every call on ``day`` (UTC): what the budget counts."""
    start, end = _day_bounds(day)
    total = session.scalar(
        select(
            func.coalesce(func.sum(LLMCallRow.input_tokens + LLMCallRow.output_tokens), 0)
        ).where(LLMCallRow.at >= start, LLMCallRow.at < end)
    )
    return int(total or 0)


def cached(session: Session, packet_hash: str, model: str) -> dict[str, str] | None:
    """The summaries stored for this packet and model, or None."""
    row = session.get(LLMCacheRow, (packet_hash, model))
    if row is None:
        return None
    try:
        data = json.loads(row.summaries)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    return {str(k): str(v) for k, v in data.items()}


def remember(
    session: Session, packet_hash: str, model: str, summaries: Mapping[str, str], at: datetime
) -> None:
    """Store (or replace) the summaries of a packet."""
    upsert(
        session,
        LLMCacheRow,
        [
            {
                "packet_hash": packet_hash,
                "model": model,
                "summaries": json.dumps(dict(summaries), sort_keys=True),
                "created_at": at,
            }
        ],
        key=["packet_hash", "model"],
        update={"summaries": lambda ex: ex.summaries, "created_at": lambda ex: ex.created_at},
    )


def usage_by_day(session: Session, since: date) -> list[DayUsage]:
    """Calls, tokens and cost per UTC day from ``since`` on, oldest first.

    Grouped in Python: SQLite and PostgreSQL disagree on date functions, and a
    ledger holds a handful of rows a day.
    """
    start, _ = _day_bounds(since)
    rows = session.execute(
        select(LLMCallRow.at, LLMCallRow.input_tokens, LLMCallRow.output_tokens, LLMCallRow.cost)
        .where(LLMCallRow.at >= start)
        .order_by(LLMCallRow.at)
    ).all()
    days: dict[date, list[float]] = {}
    for at, input_tokens, output_tokens, cost in rows:
        totals = days.setdefault(at.astimezone(UTC).date(), [0, 0, 0, 0.0])
        totals[0] += 1
        totals[1] += input_tokens
        totals[2] += output_tokens
        totals[3] += cost
    return [
        DayUsage(day, int(t[0]), int(t[1]), int(t[2]), round(t[3], 6))
        for day, t in sorted(days.items())
    ]
