"""Opening a database: a SQLite file that should exist is never created by mistake,
and a revision Alembic cannot find is one line that says where the real ones are."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine

from triagebot.errors import MissingDatabaseError, StoreError
from triagebot.store import migrate
from triagebot.store.engine import make_engine, sqlite_file


def test_a_missing_sqlite_file_is_refused_when_it_must_exist(tmp_path: Path) -> None:
    typo = tmp_path / "no-such-folder" / "bto.db"
    with pytest.raises(MissingDatabaseError) as refused:
        make_engine(f"sqlite:///{typo}", must_exist=True)
    assert str(typo) in str(refused.value) and "db upgrade" in str(refused.value)
    assert not typo.parent.exists()  # not even the folder was made


def test_a_missing_sqlite_file_is_created_by_default(tmp_path: Path) -> None:
    target = tmp_path / "new" / "bot.db"
    make_engine(f"sqlite:///{target}").connect().close()
    assert target.exists()


def test_an_existing_file_opens_when_it_must_exist(tmp_path: Path) -> None:
    target = tmp_path / "bot.db"
    target.touch()
    make_engine(f"sqlite:///{target}", must_exist=True).connect().close()


@pytest.mark.parametrize(
    "url",
    [
        "sqlite://",
        "sqlite:///:memory:",
        "postgresql+psycopg://bot@db.example/bot",
    ],
)
def test_memory_and_server_databases_are_not_files(url: str) -> None:
    assert sqlite_file(url) is None
    make_engine(url, must_exist=True).dispose()  # builds, connects to nothing


def test_a_file_uri_is_left_to_sqlite() -> None:
    assert sqlite_file("sqlite:///file:shared?mode=memory&cache=shared&uri=true") is None


def test_a_relative_path_is_named_in_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(MissingDatabaseError, match=str(tmp_path / "typo.db")):
        make_engine("sqlite:///typo.db", must_exist=True)


@pytest.fixture
def fresh(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    migrate.upgrade(engine)
    return engine


@pytest.mark.parametrize("step", [migrate.upgrade, migrate.downgrade])
def test_an_unknown_revision_is_one_line_pointing_at_the_list(
    fresh: Engine, step: Callable[[Engine, str], None]
) -> None:
    with pytest.raises(StoreError) as failed:
        step(fresh, "nonsense")
    message = str(failed.value)
    assert "'nonsense'" in message and "triagebot db history" in message
    assert "\n" not in message


def test_a_step_past_the_first_revision_is_one_line_too(fresh: Engine) -> None:
    with pytest.raises(StoreError, match=r"'-99'.*didn't produce"):
        migrate.downgrade(fresh, "-99")


def test_the_revisions_are_listed_newest_first_with_what_they_do() -> None:
    listed = migrate.revisions()
    assert listed[0][0] == migrate.head_revision()
    assert listed[-1][0] == "0001" and all(doc for _, doc in listed)
