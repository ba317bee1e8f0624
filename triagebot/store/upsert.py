"""``INSERT ... ON CONFLICT`` for both backends.

SQLite and PostgreSQL share the syntax but SQLAlchemy exposes it per dialect; this
picks the right construct so query code stays backend-neutral.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, case
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Session


class Upsert:
    """An ``INSERT ... ON CONFLICT`` for one table and one conflict rule, built once per
    database dialect and reused.

    Building the statement (the ``excluded`` row and its column expressions) costs
    ~0.4 ms: more than running it for the one or two messages of a live batch. Hot
    paths keep an ``Upsert`` at module level; ``upsert()`` builds one per call.
    ``update`` values may be callables taking the ``excluded`` row.
    """

    def __init__(
        self,
        model: type[DeclarativeBase],
        *,
        key: Sequence[str],
        update: Mapping[str, Any] | None = None,
        where: ColumnElement[bool] | None = None,
    ) -> None:
        self._table = cast(Table, model.__table__)
        self._key = list(key)
        self._update = dict(update or {})
        self._where = where
        self._built: dict[str, Any] = {}

    def __call__(self, session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert ``rows``; on a key conflict apply the update (or do nothing)."""
        if not rows:
            return
        dialect = session.get_bind().dialect.name
        stmt = self._built.get(dialect)
        if stmt is None:
            stmt = self._built[dialect] = self._build(dialect)
        session.execute(stmt, list(rows))

    def _build(self, dialect: str) -> Any:
        module: Any = postgresql if dialect == "postgresql" else sqlite
        stmt = module.insert(self._table)
        if not self._update:
            return stmt.on_conflict_do_nothing(index_elements=self._key)
        values = {n: (v(stmt.excluded) if callable(v) else v) for n, v in self._update.items()}
        return stmt.on_conflict_do_update(index_elements=self._key, set_=values, where=self._where)


def upsert(
    session: Session,
    model: type[DeclarativeBase],
    rows: Sequence[Mapping[str, Any]],
    *,
    key: Sequence[str],
    update: Mapping[str, Any] | None = None,
    where: ColumnElement[bool] | None = None,
) -> None:
    """Insert ``rows``; on a key conflict apply ``update`` (or do nothing)."""
    Upsert(model, key=key, update=update, where=where)(session, rows)


def greatest(current: Any, candidate: Any) -> ColumnElement[Any]:
    """The larger of two values, portable (SQLite has no GREATEST)."""
    return case((candidate > current, candidate), else_=current)
