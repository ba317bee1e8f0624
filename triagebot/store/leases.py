"""Leases: a named job held by one process at a time among those sharing a database.

A lease is one row: its holder and when it expires. Taking one is a single
``INSERT ... ON CONFLICT DO UPDATE ... WHERE`` (free, expired, or already ours)
``RETURNING``: the database decides between racing processes, so exactly one of
them gets a row back. On PostgreSQL the loser's statement waits on the winner's row
lock and then sees its committed row; on SQLite writers are serialised by the file
lock. No read-then-write window exists on either.

Times come from one clock per database: PostgreSQL's own (processes on different
hosts may disagree about the time; the server they share is the referee), or this
host's UTC clock for SQLite, which only processes on this host can open anyway.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, case, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from triagebot.store.models import LeaseRow


def database_now(session: Session) -> datetime:
    """Now, in UTC, by the database's clock where there is one to share."""
    if session.get_bind().dialect.name == "postgresql":
        # clock_timestamp(), not now(): the latter is frozen at the transaction's start.
        value = session.scalar(select(func.clock_timestamp()))
        if isinstance(value, datetime):
            return value.astimezone(UTC)
    return datetime.now(UTC)


def acquire(
    session: Session,
    name: str,
    holder: str,
    ttl: timedelta,
    *,
    now: datetime | None = None,
) -> bool:
    """Take ``name`` for ``holder`` until now + ``ttl``, if it is free, expired or
    already ``holder``'s (then this renews it). True when ``holder`` holds it now.

    ``acquired_at`` keeps the time the current holder first took it, across renewals.
    The caller commits.
    """
    at = now or database_now(session)
    table = cast(Table, LeaseRow.__table__)
    module: Any = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = module.insert(table).values(
        name=name, holder=holder, expires_at=at + ttl, acquired_at=at
    )
    current, offered = table.c, stmt.excluded
    stmt = stmt.on_conflict_do_update(
        index_elements=["name"],
        set_={
            "holder": offered.holder,
            "expires_at": offered.expires_at,
            "acquired_at": case(
                (current.holder == offered.holder, current.acquired_at),
                else_=offered.acquired_at,
            ),
        },
        where=or_(current.expires_at <= at, current.holder == offered.holder),
    ).returning(current.holder)
    return session.execute(stmt).first() is not None


def release(session: Session, name: str, holder: str, *, now: datetime | None = None) -> bool:
    """Let ``name`` go at once if ``holder`` holds it; False when it was not theirs.

    The row stays, expired, so the last holder remains visible. The caller commits.
    """
    at = now or database_now(session)
    result = session.execute(
        update(LeaseRow)
        .where(LeaseRow.name == name, LeaseRow.holder == holder, LeaseRow.expires_at > at)
        .values(expires_at=at)
    )
    return bool(getattr(result, "rowcount", 0))


def holder_of(session: Session, name: str, *, now: datetime | None = None) -> str | None:
    """Who holds ``name`` right now (None: nobody, or the lease has expired)."""
    at = now or database_now(session)
    row = session.get(LeaseRow, name)
    if row is None or row.expires_at <= at:
        return None
    return row.holder
