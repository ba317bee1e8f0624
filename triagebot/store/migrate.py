"""Alembic, driven from code: the schema only ever changes through migrations.

The migrations ship inside the package so an installed bot can upgrade its own
database; ``alembic.ini`` at the repository root points at the same folder for
developers who run ``alembic`` directly.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from triagebot.errors import StoreError

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
# Any number works, as long as every triagebot process uses the same one.
MIGRATION_LOCK_KEY = 0x7472_6961_6765


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # configparser treats "%" as interpolation; URL-encoded socket paths contain it.
    url = engine.url.render_as_string(hide_password=False).replace("%", "%%")
    config.set_main_option("sqlalchemy.url", url)
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision``; a no-op when it is already there."""
    with _one_clear_line(engine, "upgrade", revision), _one_migrator_at_a_time(engine):
        command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    with _one_clear_line(engine, "downgrade", revision):
        command.downgrade(alembic_config(engine), revision)


@contextmanager
def _one_clear_line(engine: Engine, verb: str, revision: str) -> Iterator[None]:
    """Alembic's errors as a ``StoreError``: a revision it cannot find or reach (a typo,
    a target on the wrong side of the current one) names the revision and where the
    real ones are listed; a database it cannot open names the database."""
    try:
        yield
    except CommandError as exc:
        reason = str(exc).rstrip(".")
        raise StoreError(
            f"cannot {verb} to revision {revision!r}: {reason}; "
            "'triagebot db history' lists them (besides 'head', the newest, and 'base')"
        ) from None
    except OperationalError as exc:
        raise StoreError(f"cannot migrate the database at {_where(engine)}: {exc.orig}") from None


@contextmanager
def _one_migrator_at_a_time(engine: Engine) -> Iterator[None]:
    """Processes starting together on one PostgreSQL database take turns: the first
    migrates, the others then find the schema at head. Without this, two of them
    create the same tables at once and one dies. (A SQLite file has one process.)"""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def revisions() -> list[tuple[str, str]]:
    """Every revision the package ships, newest first: its id and what it does."""
    script = ScriptDirectory(str(MIGRATIONS))
    return [(rev.revision, (rev.doc or "").strip()) for rev in script.walk_revisions()]


def _where(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)
