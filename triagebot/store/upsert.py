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


def upsert(
    session: Session,
    model: type[DeclarativeBase],
    rows: Sequence[Mapping[str, Any]],
    *,
    key: Sequence[str],
    update: Mapping[str, Any] | None = None,
    where: ColumnElement[bool] | None = None,
) -> None:
    """Insert ``rows``; on a key conflict apply ``update`` (or do nothing).

    ``update`` values may reference ``excluded(table)`` columns via :func:`excluded`.
    """
    if not rows:
        return
    table = cast(Table, model.__table__)
    dialect = session.get_bind().dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    stmt = module.insert(table)
    if update:
        values = {name: (v(stmt.excluded) if callable(v) else v) for name, v in update.items()}
        stmt = stmt.on_conflict_do_update(index_elements=list(key), set_=values, where=where)
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=list(key))
    session.execute(stmt, list(rows))


def greatest(current: Any, candidate: Any) -> ColumnElement[Any]:
    """The larger of two values, portable (SQLite has no GREATEST)."""
    return case((candidate > current, candidate), else_=current)
