"""Where a catch-up starts reading each channel and thread: its stored cursor.

A cursor moves only with history read contiguously to the end (see ``bot.catchup``),
so starting after it never skips a gap. Threads no longer listed as active but
stored recently are included, so a thread that went quiet while the bot was down is
read too. ``where_to_start`` is synchronous: call it from a worker thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from triagebot.store.cursors import cursors, live_ids_between, recent_threads
from triagebot.store.engine import SessionFactory


class ReadCursors:
    def __init__(self, sessions: SessionFactory) -> None:
        self.sessions = sessions

    def where_to_start(self, ids: Sequence[int], guild_id: int, floor: int) -> dict[int, int]:
        """Channel or thread id → the newest message id read there (``ids`` and the
        guild's threads stored since ``floor``)."""
        with self.sessions() as session:
            found = recent_threads(session, guild_id, floor)
            found.update(cursors(session, ids))
            return found

    def stored_between(self, place_id: int, low: int, high: int) -> dict[int, datetime | None]:
        """Live messages stored in ``place_id`` with ``low < id <= high`` → last edit."""
        with self.sessions() as session:
            return live_ids_between(session, place_id, low, high)
