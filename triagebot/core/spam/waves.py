"""Waves: the same or a nearly-same text, posted in several channels or by several
accounts within a short window.

A compromised account pastes its scam into every channel it can reach; a scam ring
posts lightly reworded copies from several accounts. One message at a time, each copy
looks like one message; together they are a wave. The tracker remembers the last
``capacity`` messages in fixed numpy arrays (bounded memory, no per-message
allocation) and answers each new message in one pass over them: exact copies by text
hash, reworded copies by embedding cosine. Every copy of a wave gets the same key,
inherited from the first copy, so a moderator can act on the whole wave at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Vector = NDArray[np.float32]
_ID_MASK = (1 << 63) - 1  # numpy stores ids as int64; Discord ids fit, hashes are folded


@dataclass(frozen=True, slots=True)
class Sighting:
    """One message as the tracker sees it."""

    at: float  # seconds since the epoch
    author_id: int
    channel_id: int
    text_hash: int | None = None  # None: too short to compare by text
    vector: Vector | None = None  # None: too short, or no embedder
    message_id: int | None = None
    attachments: int = 0


@dataclass(frozen=True, slots=True)
class WaveReport:
    """What the window says about a message, counting the message itself."""

    copies: int = 1  # copies of this text in the window
    channels: int = 1  # distinct channels among the copies
    authors: int = 1  # distinct authors among the copies
    exact: bool = True  # every copy has exactly this text (else some are reworded)
    wave_key: str | None = None  # shared by every copy; None when the text is alone
    earlier_ids: tuple[int, ...] = ()  # message ids of the earlier copies
    author_channels: int = 1  # channels this author wrote in within the window, any text
    author_attachments: int = 0  # attachments this author posted within the window


def text_hash(key: str) -> int:
    """A non-zero 63-bit number for a text key (0 marks "no text" in the arrays)."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return (int.from_bytes(digest, "big") & _ID_MASK) | 1


class WaveTracker:
    """A sliding window over recent messages; O(capacity) numpy work per message."""

    def __init__(self, *, window_seconds: float, near_cosine: float, capacity: int = 4096):
        self.window_seconds = window_seconds
        self.near_cosine = near_cosine
        self.capacity = capacity
        self._times = np.full(capacity, -np.inf)
        self._authors = np.zeros(capacity, dtype=np.int64)
        self._channels = np.zeros(capacity, dtype=np.int64)
        self._texts = np.zeros(capacity, dtype=np.int64)
        self._ids = np.full(capacity, -1, dtype=np.int64)
        self._attachments = np.zeros(capacity, dtype=np.int64)
        self._waves = np.zeros(capacity, dtype=np.int64)
        self._vectors: NDArray[np.float32] | None = None  # allocated at the first vector
        self._has_vector = np.zeros(capacity, dtype=bool)
        self._next = 0

    def observe(self, sighting: Sighting) -> WaveReport:
        """Report on ``sighting`` against the window, then remember it."""
        return self.observe_many([sighting])[0]

    def observe_many(self, sightings: Sequence[Sighting]) -> list[WaveReport]:
        """``observe`` for each sighting in order.

        The cosines of a whole batch are two matrix products (the batch against the
        window as it stood, and the batch against itself) instead of one pass over the
        window per message: at 20 messages a second the window holds thousands.
        """
        reports: list[WaveReport] = []
        step = max(self.capacity // 2, 1)  # a chunk never overwrites its own slots
        for start in range(0, len(sightings), step):
            chunk = sightings[start : start + step]
            cosines = self._chunk_cosines(chunk)
            for j, sighting in enumerate(chunk):
                reports.append(self._observe(sighting, cosines.against_window(j)))
        return reports

    def _observe(self, sighting: Sighting, cosines: NDArray[np.float32] | None) -> WaveReport:
        live = np.abs(self._times - sighting.at) <= self.window_seconds
        author, channel = sighting.author_id & _ID_MASK, sighting.channel_id & _ID_MASK
        mine = live & (self._authors == author)
        author_channels = len(set(self._channels[mine].tolist()) | {channel})
        author_attachments = int(self._attachments[mine].sum()) + max(sighting.attachments, 0)
        copies = np.zeros(self.capacity, dtype=bool)
        if sighting.text_hash is not None:
            copies |= live & (self._texts == sighting.text_hash)
        if cosines is not None:
            copies |= live & (cosines >= self.near_cosine)
        if not copies.any():
            self._remember(sighting, _new_wave(sighting))
            return WaveReport(
                author_channels=author_channels, author_attachments=author_attachments
            )
        found = np.flatnonzero(copies)
        wave = int(self._waves[found[np.argmin(self._times[found])]])
        members = copies | (live & (self._waves == wave))
        self._remember(sighting, wave)
        return WaveReport(
            copies=int(members.sum()) + 1,
            channels=len(set(self._channels[members].tolist()) | {channel}),
            authors=len(set(self._authors[members].tolist()) | {author}),
            exact=sighting.text_hash is not None
            and bool((self._texts[members] == sighting.text_hash).all()),
            wave_key=f"wave-{wave:016x}",
            earlier_ids=tuple(i for i in self._ids[members].tolist() if i >= 0),
            author_channels=author_channels,
            author_attachments=author_attachments,
        )

    def _chunk_cosines(self, chunk: Sequence[Sighting]) -> _ChunkCosines:
        """Every cosine the chunk's messages will need, before any of them is stored."""
        dim = self._vectors.shape[1] if self._vectors is not None else None
        rows: list[int] = []
        for j, sighting in enumerate(chunk):
            if sighting.vector is not None:
                dim = dim or sighting.vector.shape[-1]
                if sighting.vector.shape[-1] == dim:
                    rows.append(j)
        cosines = _ChunkCosines(self.capacity, self._next, len(chunk), rows)
        if not rows:
            return cosines
        batch = np.stack([np.asarray(chunk[j].vector, dtype=np.float32).reshape(-1) for j in rows])
        cosines.within = batch @ batch.T
        if self._vectors is not None:
            earliest = min(chunk[j].at for j in rows) - self.window_seconds
            latest = max(chunk[j].at for j in rows) + self.window_seconds
            near = self._has_vector & (self._times >= earliest) & (self._times <= latest)
            cosines.slots = np.flatnonzero(near)  # only the window, not the whole ring
            if len(cosines.slots) > self.capacity // 2:  # a busy window: no gathered copy
                cosines.window = (batch @ self._vectors.T)[:, cosines.slots]
            else:
                cosines.window = batch @ self._vectors[cosines.slots].T
        return cosines

    def _remember(self, sighting: Sighting, wave: int) -> None:
        slot = self._next % self.capacity
        self._next += 1
        self._times[slot] = sighting.at
        self._authors[slot] = sighting.author_id & _ID_MASK
        self._channels[slot] = sighting.channel_id & _ID_MASK
        self._texts[slot] = sighting.text_hash or 0
        self._ids[slot] = -1 if sighting.message_id is None else sighting.message_id & _ID_MASK
        self._attachments[slot] = max(sighting.attachments, 0)
        self._waves[slot] = wave if sighting.text_hash or sighting.vector is not None else 0
        self._store_vector(slot, sighting.vector)

    def _store_vector(self, slot: int, vector: Vector | None) -> None:
        if vector is None:
            self._has_vector[slot] = False
            return
        if self._vectors is None:
            self._vectors = np.zeros((self.capacity, vector.shape[-1]), dtype=np.float32)
        if vector.shape[-1] != self._vectors.shape[1]:
            self._has_vector[slot] = False
            return
        self._vectors[slot] = vector
        self._has_vector[slot] = True


def _new_wave(sighting: Sighting) -> int:
    """A wave id derived from its first message, so keys are stable across replays."""
    seed = f"{sighting.text_hash}|{sighting.at}|{sighting.author_id}|{sighting.channel_id}"
    return text_hash(seed)


class _ChunkCosines:
    """The cosines of a chunk of sightings, laid out per slot of the ring.

    The chunk's message ``j`` is compared with the ring as it will stand when ``j`` is
    observed: the slots the messages before ``j`` in the chunk have taken hold those
    messages, the other slots hold what they held before the chunk.
    """

    def __init__(self, capacity: int, first_slot: int, size: int, rows: list[int]) -> None:
        self.capacity = capacity
        self.first_slot = first_slot
        self.row_of = np.full(size, -1, dtype=np.int64)  # chunk position -> matrix row
        self.row_of[rows] = np.arange(len(rows))
        self.within: NDArray[np.float32] = np.zeros((0, 0), dtype=np.float32)
        self.slots: NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        self.window: NDArray[np.float32] = np.zeros((len(rows), 0), dtype=np.float32)

    def against_window(self, j: int) -> NDArray[np.float32] | None:
        """Per slot, the cosine of message ``j`` with what the slot holds (-inf: no
        vector there); None when message ``j`` has no vector to compare."""
        row = int(self.row_of[j])
        if row < 0:
            return None
        cosines = np.full(self.capacity, -np.inf, dtype=np.float32)
        cosines[self.slots] = self.window[row]
        earlier = self.row_of[:j]
        taken = (self.first_slot + np.arange(j)) % self.capacity
        cosines[taken] = np.where(earlier >= 0, self.within[row, np.maximum(earlier, 0)], -np.inf)
        return cosines
