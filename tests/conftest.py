"""Shared fixtures: a migrated database on each backend, and message factories.

Storage tests run on SQLite and on a throwaway PostgreSQL 16 started from the
``pgserver`` wheel, so the suite needs no server installed on the machine.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from triagebot.core.messages import Author, Channel, ChannelKind, ChatMessage, Guild, Source
from triagebot.core.snowflake import snowflake_at
from triagebot.embeddings.model import SentenceEmbedder
from triagebot.store import migrate
from triagebot.store.engine import SessionFactory, make_engine, session_factory

os.environ.setdefault("HF_HUB_OFFLINE", "1")

_template_ready: set[str] = set()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Any]:
    pgserver = pytest.importorskip("pgserver")
    # In memory where the machine offers it: every test clones a database, and a disk
    # pays for each clone (and for deleting them all at the end).
    shm = Path("/dev/shm")
    parent = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="triagebot-pg-", dir=parent) as data_dir:
        server = pgserver.get_server(data_dir, cleanup_mode="stop")
        try:
            yield server
        finally:
            server.cleanup()


_db_numbers = itertools.count()


def _postgres_url(server: Any, database: str) -> str:
    uri = str(server.get_uri(database))
    return uri.replace("postgresql://", "postgresql+psycopg://", 1)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, migrated database: a SQLite file, or a new PostgreSQL database
    cloned from a migrated template (fast: no migration per test)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.db'}"
        migrate.upgrade(make_engine(url))
        return url
    server = request.getfixturevalue("postgres_server")
    if "template" not in _template_ready:
        server.psql("CREATE DATABASE triage_template;")
        engine = make_engine(_postgres_url(server, "triage_template"))
        migrate.upgrade(engine)
        engine.dispose()
        _template_ready.add("template")
    name = f"t{next(_db_numbers)}_{os.getpid()}"
    server.psql(f"CREATE DATABASE {name} TEMPLATE triage_template;")
    return _postgres_url(server, name)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> SessionFactory:
    return session_factory(engine)


def count_rows(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


# -- factories ------------------------------------------------------------------------

GUILD = Guild(id=900_000_000_000_000_001, name="Lumen Community")
GENERAL = Channel(id=900_000_000_000_000_010, guild_id=GUILD.id, name="general")
HELP = Channel(id=900_000_000_000_000_011, guild_id=GUILD.id, name="help")
THREAD = Channel(
    id=900_000_000_000_000_020,
    guild_id=GUILD.id,
    name="reload crash",
    kind=ChannelKind.THREAD,
    parent_id=HELP.id,
)
ALICE = Author(id=800_000_000_000_000_001, name="alice")
BOB = Author(id=800_000_000_000_000_002, name="bob")
T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def chat(
    n: int,
    content: str = "hello",
    *,
    channel: Channel = GENERAL,
    author: Author = ALICE,
    minutes: float | None = None,
    **changes: Any,
) -> ChatMessage:
    """Message number ``n``: ids and times increase with ``n`` like real snowflakes
    (a ``created_at`` given in ``changes`` moves the id with it, as on Discord)."""
    created = changes.pop("created_at", T0 + timedelta(minutes=n if minutes is None else minutes))
    values: dict[str, Any] = {
        "id": snowflake_at(created) + n,
        "guild": GUILD,
        "channel": channel,
        "author": author,
        "content": content,
        "created_at": created,
        "source": Source.IMPORT,
    }
    values.update(changes)
    return ChatMessage(**values)


@pytest.fixture(scope="session")
def embedder() -> SentenceEmbedder:
    """The real all-MiniLM-L6-v2 (bundled copy offline); loaded once per run."""
    return SentenceEmbedder("sentence-transformers/all-MiniLM-L6-v2", backend="fp32")
