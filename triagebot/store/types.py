"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, LargeBinary
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on every backend.

    SQLite has no time zones and hands back naive values; comparing those with aware
    ones raises. Storing naive UTC and re-attaching UTC on the way out keeps one rule.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


HASH_BYTES = 16


class ContentHash(TypeDecorator[str]):
    """A 16-byte content hash: 32 hex digits in Python, 16 raw bytes on disk.

    Every message, vector, issue and spam example carries one, and the messages and
    vectors tables index it: bytes are half the size of their hex, on both backends.
    Code keeps the hex form (``core.text.content_hash``) as dictionary keys and in logs.
    """

    impl = LargeBinary(HASH_BYTES)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> bytes | None:
        return None if value is None else bytes.fromhex(value)

    def process_result_value(self, value: bytes | None, dialect: Dialect) -> str | None:
        return None if value is None else bytes(value).hex()
