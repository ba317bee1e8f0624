"""Engines and sessions for SQLite (embedded default) and PostgreSQL (scale path)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from triagebot.errors import MissingDatabaseError

SessionFactory = sessionmaker[Session]


def make_engine(url: str, *, echo: bool = False, must_exist: bool = False) -> Engine:
    """An engine with the per-backend settings the bot relies on.

    SQLite runs in WAL mode so readers (``stats``, the digest) never block the writer,
    with a busy timeout so a second process waits for a lock instead of failing.
    ``must_exist``: refuse a SQLite file that is not there yet (``MissingDatabaseError``)
    instead of creating it; in-memory SQLite and server databases are not affected.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        file = sqlite_file(url)
        if file is not None and must_exist and not file.exists():
            raise MissingDatabaseError(file.absolute())
        if file is not None:
            file.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names, or None (another backend, in memory, or a
    ``file:`` URI whose meaning SQLite decides)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.query.get("uri"):
        return None
    if not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database).expanduser()


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def session_factory(engine: Engine) -> SessionFactory:
    return sessionmaker(engine, expire_on_commit=False)
