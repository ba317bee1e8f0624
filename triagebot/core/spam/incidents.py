"""Spam incidents as moderators see them: the copies, the flag, the period's tally,
and which open incident a flagged message from another account belongs to.

A scam ring posts one pitch from several fresh accounts, each rewording it, over a
quarter of an hour: too different for the wave window's near-duplicate bar, too far
apart for "the same author within the window". Once a message is flagged on its own
merits, it joins an open incident it reads like (cosine of the vectors, a lower bar
than a copy's, since both are already judged spam) or shares a link or invite with,
so moderators see the ring as one flag and act on all of it at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

from triagebot.core.spam.links import extract_links

Vector = NDArray[np.float32]


@dataclass(frozen=True)
class Copy:
    message_id: int
    author_id: int
    channel_id: int
    score: float


@dataclass
class IncidentView:
    """An incident as the moderator flag shows it."""

    id: int
    status: str
    score: float
    reasons: list[str]
    first_seen: datetime
    flag_channel_id: int | None
    flag_message_id: int | None
    copies: list[Copy] = field(default_factory=list)
    text: str = ""

    @property
    def authors(self) -> list[int]:
        return sorted({c.author_id for c in self.copies})

    @property
    def channels(self) -> list[int]:
        return sorted({c.channel_id for c in self.copies})


@dataclass(frozen=True)
class SpamReport:
    """What happened in a period, and how automatic deletion would have fared."""

    raised: int
    confirmed: int
    dismissed: int
    still_open: int
    auto_would_delete: int
    auto_agreed: int
    auto_disagreed: int

    @property
    def agreement(self) -> float | None:
        """Of the incidents automatic deletion would have removed and a moderator
        judged, the share the moderator also judged spam."""
        judged = self.auto_agreed + self.auto_disagreed
        return self.auto_agreed / judged if judged else None


@dataclass(frozen=True)
class FlaggedCopy:
    """A copy of a recent open incident, as the ring check compares it."""

    incident_key: str
    vector: Vector | None
    links: frozenset[str]


@dataclass(frozen=True)
class RingMatch:
    incident_key: str
    why: str  # a reason line for the flag


def link_targets(text: str) -> frozenset[str]:
    """Where the links of ``text`` lead: host and path, without query or trailing slash
    (an invite code stays as written: Discord's codes are case-sensitive)."""
    return frozenset(
        link.host + link.path.split("?", 1)[0].split("#", 1)[0].rstrip("/")
        for link in extract_links(text)
    )


def ring_incident(
    vector: Vector | None,
    links: Iterable[str],
    copies: Sequence[FlaggedCopy],
    min_cosine: float,
) -> RingMatch | None:
    """The open incident a flagged message belongs to: one sharing a link target
    with it, else the one holding the copy it reads most like (at least ``min_cosine``)."""
    targets = frozenset(links)
    for copy in copies:
        shared = sorted(targets & copy.links)
        if shared:
            return RingMatch(
                copy.incident_key, f"links to {shared[0][:60]}, like another flagged post"
            )
    with_vectors = [c for c in copies if c.vector is not None]
    if vector is None or not with_vectors:
        return None
    matrix = np.stack([np.asarray(c.vector, dtype=np.float32).reshape(-1) for c in with_vectors])
    if matrix.shape[1] != np.asarray(vector).reshape(-1).shape[0]:
        return None  # vectors of another model
    cosines = matrix @ np.asarray(vector, dtype=np.float32).reshape(-1)
    best = int(np.argmax(cosines))
    if float(cosines[best]) < min_cosine:
        return None
    return RingMatch(
        with_vectors[best].incident_key,
        f"reads like another flagged post ({float(cosines[best]):.2f})",
    )
