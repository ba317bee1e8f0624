"""When a message was sent, as a condition on its id.

Discord ids are snowflakes: their top 42 bits are the millisecond the message was
sent, so ``created_at >= t`` and ``id >= snowflake_at(t)`` select the same messages,
and the second is a range over the primary key. Every time filter on messages goes
through here; the table keeps no index on ``created_at``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement

from triagebot.core.snowflake import snowflake_at
from triagebot.store.models import MessageRow


def sent_since(when: datetime) -> ColumnElement[bool]:
    """Messages sent at ``when`` or later."""
    return MessageRow.id >= snowflake_at(when)


def sent_before(when: datetime) -> ColumnElement[bool]:
    """Messages sent before ``when``."""
    return MessageRow.id < snowflake_at(when)
