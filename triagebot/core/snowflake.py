"""Discord snowflakes: 64-bit ids whose top 42 bits are milliseconds since 2015-01-01.

The time inside an id is what lets the bot know when an account was created or turn
"the last 7 days" into a history cursor without asking Discord.
"""

from __future__ import annotations

from datetime import UTC, datetime

DISCORD_EPOCH_MS = 1_420_070_400_000


def snowflake_time(snowflake: int) -> datetime:
    """The UTC time encoded in a snowflake id."""
    return datetime.fromtimestamp(((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000, tz=UTC)


def snowflake_at(when: datetime) -> int:
    """The smallest snowflake that could have been created at ``when``."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    ms = int(when.timestamp() * 1000) - DISCORD_EPOCH_MS
    return max(ms, 0) << 22
