"""A batch on its way through the pipeline, and what storing it did.

Plain data shared by the orchestrator and its stages: a stage reads what the earlier
ones learned (the vectors, the matches) and adds its own, and never needs to know
who runs it or in which order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from triagebot.core.matching import Candidate
from triagebot.core.messages import ChatEvent, ChatMessage
from triagebot.core.vectors import Vectors


@dataclass
class StoreOutcome:
    """What one batch did; the ids let later stages work on exactly what changed."""

    inserted: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)
    ignored_deleted: int = 0
    reactions: int = 0

    def merge(self, other: StoreOutcome) -> None:
        self.inserted += other.inserted
        self.updated += other.updated
        self.deleted += other.deleted
        self.ignored_deleted += other.ignored_deleted
        self.reactions += other.reactions


@dataclass(frozen=True, slots=True)
class OwedHint:
    """A duplicate hint claimed in the batch's unit of work, to be posted after it.

    In a thread the hint stands alone; in a plain channel it replies to ``about``.
    """

    place: int  # the thread, else the channel
    guild_id: int
    about: int  # the message the hint answers
    in_thread: bool
    candidate: Candidate
    url: str


@dataclass
class Batch:
    """One batch on its way through the stages; each stage may add what it learned."""

    events: Sequence[ChatEvent]
    stored: StoreOutcome
    vectors: dict[str, Vectors] = field(default_factory=dict)  # by content hash
    matches: dict[int, Candidate] = field(default_factory=dict)  # message id → open issue
    # message id → recently closed issue it is most like: hinted, never counted
    closed_matches: dict[int, Candidate] = field(default_factory=dict)
    flags: dict[int, bool] = field(default_factory=dict)  # spam incident id → newly opened
    hints: list[OwedHint] = field(default_factory=list)  # claimed, in message order
    # The batch that comes next, when already known (imports, catch-up): stages may
    # start on it early (the encoder does).
    upcoming: Sequence[ChatEvent] = ()

    def merge(self, other: Batch) -> None:
        self.events = [*self.events, *other.events]
        self.stored.merge(other.stored)
        self.vectors.update(other.vectors)
        self.matches.update(other.matches)
        self.closed_matches.update(other.closed_matches)
        self.flags.update(other.flags)
        self.hints += other.hints

    def stored_messages(self) -> list[ChatMessage]:
        """The messages of this batch that are now stored with content (not deleted)."""
        live = set(self.stored.inserted) | set(self.stored.updated)
        gone = set(self.stored.deleted)
        latest = {e.id: e for e in self.events if isinstance(e, ChatMessage)}
        return [m for i, m in latest.items() if i in live and i not in gone]
