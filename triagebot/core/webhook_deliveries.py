"""What the webhook endpoint remembers of its deliveries: recent ids and the last one.

``RecentDeliveries`` ignores a delivery that comes again (same ``X-GitHub-Delivery``).
GitHub never retries on its own; a repeat is a person's redelivery or someone
replaying a captured request (the signature covers no timestamp, so a captured
delivery stays validly signed forever). The memory is bounded, by count and by age,
and that is enough because it is not the only guard: an issue is only stored when it
is not older than the stored one (its ``updated_at``), so a replay that outlived the
memory (or a restart) can only bring back a state at least as new as the one kept,
which changes nothing. The memory saves that work and keeps a replay within the
window from counting as a sign of life. 10,000 ids of 36 characters stay well
under a megabyte.

``DeliveryPulse``: while a genuine delivery arrived recently, webhooks are taken to
work and the scheduled sync, kept as the safety net, can run less often.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

MAX_IDS = 10_000
ID_TTL = timedelta(hours=24)


class RecentDeliveries:
    def __init__(self, size: int = MAX_IDS, ttl: timedelta = ID_TTL) -> None:
        self._size = size
        self._ttl = ttl
        self._seen: OrderedDict[str, datetime] = OrderedDict()

    def __len__(self) -> int:
        return len(self._seen)

    def first_time(self, delivery: str, now: datetime) -> bool:
        """Remember ``delivery``; False when it was seen within the window. An empty
        id cannot be told apart from another and is always taken as new."""
        self._expire(now)
        if not delivery:
            return True
        if delivery in self._seen:
            return False
        self._seen[delivery] = now
        while len(self._seen) > self._size:
            self._seen.popitem(last=False)
        return True

    def forget(self, delivery: str) -> None:
        """Drop ``delivery`` (its handling failed): a redelivery of it is then applied."""
        self._seen.pop(delivery, None)

    def _expire(self, now: datetime) -> None:
        # Oldest first, so the loop stops at the first one still young enough.
        while self._seen:
            oldest, at = next(iter(self._seen.items()))
            if now - at < self._ttl:
                return
            del self._seen[oldest]


@dataclass
class DeliveryPulse:
    """``healthy_for``: how long after a genuine delivery webhooks count as working;
    ``backoff``: how many times the usual interval the sync waits meanwhile."""

    healthy_for: timedelta = timedelta(hours=1)
    backoff: float = 6.0
    last_at: datetime | None = None
    deliveries: int = 0

    def beat(self, now: datetime) -> None:
        self.last_at = now
        self.deliveries += 1

    def healthy(self, now: datetime) -> bool:
        return self.last_at is not None and now - self.last_at < self.healthy_for

    def poll_every(self, usual: timedelta, now: datetime) -> timedelta:
        """The sync's interval now: longer while deliveries arrive, the usual one once
        they stop (a missed delivery is then found by the next sync as before)."""
        return usual * self.backoff if self.healthy(now) else usual
