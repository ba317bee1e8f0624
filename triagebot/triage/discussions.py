"""Earlier discussions: past messages elsewhere that say what this thread says.

``/similar`` and "Find similar issues" list, under the open issues, up to three
earlier messages from *other* threads or channels of the same server whose cosine
to the thread (or message) reaches ``INDEX_DISCUSSION_FLOOR``: one per place, the
best of each, so three links lead to three different conversations. The index only
proposes; each candidate is re-read from the database, so a message deleted,
forgotten, purged or flagged as spam since it was indexed is never shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from triagebot.core.discussions import PastMessage
from triagebot.core.vectors import Vectors
from triagebot.index.recent import RecentMessages
from triagebot.store.engine import SessionFactory
from triagebot.store.recent import past_messages

SHOWN = 3
_ASKED = 40  # neighbours asked of the index: room for same-place and filtered ones


@dataclass(frozen=True)
class Discussion:
    message: PastMessage
    score: float


class EarlierDiscussions:
    def __init__(
        self, recent: RecentMessages, sessions: SessionFactory, *, floor: float = 0.6
    ) -> None:
        self.recent = recent
        self.sessions = sessions
        self.floor = floor

    def near(
        self,
        vector: Vectors,
        *,
        guild_id: int,
        place_ids: frozenset[int],
        exclude_ids: frozenset[int] = frozenset(),
        shown: int = SHOWN,
    ) -> list[Discussion]:
        """The best earlier message of each other place, best first, at most ``shown``.

        ``place_ids``: where the question is asked (a thread, or a channel): messages
        posted there are not "elsewhere" (a channel's threads are). ``exclude_ids``:
        e.g. the message itself.
        """
        near = [
            n
            for n in self.recent.search(vector, _ASKED)
            if n.score >= self.floor and n.message_id not in exclude_ids
        ]
        if not near:
            return []
        with self.sessions() as session:
            found = past_messages(session, [n.message_id for n in near])
        best: dict[int, Discussion] = {}
        for n in near:
            message = found.get(n.message_id)
            if message is None or message.guild_id != guild_id:
                continue
            if message.place not in place_ids and message.place not in best:
                best[message.place] = Discussion(message, n.score)
        return sorted(best.values(), key=lambda d: -d.score)[:shown]
