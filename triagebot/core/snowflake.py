"""Discord snowflakes: 64-bit ids whose top 42 bits are milliseconds since 2015-01-01.

The time inside an id is what lets the bot know when an account was created or turn
"the last 7 days" into a history cursor without asking Discord.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

DISCORD_EPOCH = datetime(2015, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)


def snowflake_time(snowflake: int) -> datetime:
    """The UTC time encoded in a snowflake id."""
    return DISCORD_EPOCH + (snowflake >> 22) * _MS


def snowflake_at(when: datetime) -> int:
    """The smallest snowflake that could have been created at ``when``."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - DISCORD_EPOCH) // _MS, 0) << 22
