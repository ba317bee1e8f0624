"""The index of recent messages, kept in step with the database and saved to a file.

Start-up is two steps so the bot is ready at once: ``open`` maps the saved graph
(milliseconds, whatever its size) and ``prepare``, in a background thread, reads it
fully into memory, or rebuilds it from the ``embeddings`` and ``messages`` tables
when the file is missing, of another model or unreadable, then reconciles it with the
database: what was stored since the save (or by another process) is added, what was
deleted, forgotten or purged meanwhile is removed. New messages arrive through the
pipeline stage; ``maintain`` (periodic) drops what fell out of the window
(``INDEX_RECENT_DAYS``, ``INDEX_MAX_VECTORS``) and saves.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from usearch.index import Index

from triagebot.core.snowflake import snowflake_at
from triagebot.index.ann import Ids, Neighbour, VectorIndex, Vectors, new_graph
from triagebot.index.files import read_meta, write_meta
from triagebot.store.engine import SessionFactory
from triagebot.store.recent import indexable_ids, indexable_vectors, vectors_of

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (vectors done, vectors expected)
SETTLING = timedelta(minutes=1)  # younger ids may belong to a batch not committed yet
COMPACT_SHARE = 0.25  # rebuild when this share of the graph is removed, unreused slots


class Stopped(Exception):
    """The bot is closing: a rebuild in progress gives up (the next start redoes it)."""


@dataclass(frozen=True)
class Bounds:
    recent_days: int = 30
    max_vectors: int = 1_000_000

    def oldest_id(self, now: datetime | None = None) -> int:
        return snowflake_at((now or datetime.now(UTC)) - timedelta(days=self.recent_days))


class RecentMessages:
    """The recent messages' vectors: searchable, bounded, persisted at ``path``."""

    def __init__(
        self,
        sessions: SessionFactory,
        model_id: str,
        dim: int,
        *,
        path: Path | None,
        bounds: Bounds | None = None,
        width: int = 128,
    ) -> None:
        self.sessions = sessions
        self.model_id = model_id
        self.path = path
        self.bounds = bounds or Bounds()
        self.index = VectorIndex(dim, width=width)
        self._mapped = False
        self._stop = threading.Event()
        self._prepared = threading.Event()

    # -- start-up ---------------------------------------------------------------------

    def open(self) -> None:
        """Map the saved graph when it is usable (cheap); else start empty."""
        path = self.path
        meta = read_meta(path) if path is not None else None
        if path is None or meta is None or not path.exists():
            return
        if meta.model != self.model_id or meta.dim != self.index.dim:
            log.warning("index %s is of %s; rebuilding it for %s", path, meta.model, self.model_id)
            return
        try:
            self.index = VectorIndex.mapped(path, self.index.dim, width=self.index.width)
        except (RuntimeError, ValueError, OSError) as exc:
            log.warning("index %s is unreadable (%s); rebuilding it", path, exc)
            return
        self._mapped = True
        log.info("index %s mapped: %d vectors", path, len(self.index))

    def prepare(self, progress: Progress | None = None) -> None:
        """Load or rebuild, then reconcile with the database (slow: a worker thread)."""
        started = time.perf_counter()
        try:
            if self._mapped and self.path is not None:
                path = self.path
                self.index.replace(lambda: self.index.load_graph(path))
                how = "loaded"
            else:
                self.index.replace(lambda: self._build(progress))
                how = "rebuilt"
            added, removed = self.reconcile()
        except Stopped:
            log.info("index preparation stopped by shutdown")
            return
        self._prepared.set()
        log.info(
            "index %s: %d vectors (%d added, %d removed since the save) in %.1fs",
            how,
            len(self.index),
            added,
            removed,
            time.perf_counter() - started,
        )

    def _build(self, progress: Progress | None) -> Index:
        """A new graph of the newest indexable messages within the bounds."""
        graph = new_graph(self.index.dim, self.index.width)
        with self.sessions() as session:
            expected = min(
                len(indexable_ids(session, self.model_id, since_id=self.bounds.oldest_id())),
                self.bounds.max_vectors,
            )
            chunks = indexable_vectors(session, self.model_id, since_id=self.bounds.oldest_id())
            for ids, vectors in chunks:
                room = self.bounds.max_vectors - len(graph)
                if self._stop.is_set():
                    raise Stopped
                graph.add(ids[:room], vectors[:room])
                if progress is not None:
                    progress(len(graph), expected)
                if len(graph) >= self.bounds.max_vectors:
                    break
        return graph

    def reconcile(self) -> tuple[int, int]:
        """Add the indexable messages the index lacks, remove what it holds that is no
        longer indexable; returns (added, removed)."""
        held = self.index.ids()
        oldest = self.bounds.oldest_id()
        with self.sessions() as session:
            wanted = np.sort(indexable_ids(session, self.model_id, since_id=oldest))
            wanted = wanted[-self.bounds.max_vectors :]
            missing = np.setdiff1d(wanted, held, assume_unique=True)
            added = 0
            for start in range(0, len(missing), 10_000):
                if self._stop.is_set():
                    raise Stopped
                part = missing[start : start + 10_000].tolist()
                ids, vectors = vectors_of(session, self.model_id, part)
                self.index.add(ids, vectors)
                added += len(ids)
        settled = snowflake_at(datetime.now(UTC) - SETTLING)
        stale = np.setdiff1d(held, wanted, assume_unique=True)
        stale = stale[stale < settled]
        self.index.remove(stale)
        return added, len(stale)

    # -- running ----------------------------------------------------------------------

    def add(self, ids: Ids | list[int], vectors: Vectors) -> None:
        self.index.add(ids, vectors)

    def remove(self, ids: Ids | list[int]) -> None:
        self.index.remove(ids)

    def search(self, vector: Vectors, k: int) -> list[Neighbour]:
        return self.index.search(vector, k)

    def maintain(self) -> None:
        """Drop what fell out of the bounds, rebuild when many slots are dead, match
        the database again, save."""
        if not self.index.writable:
            return  # still loading or rebuilding
        dropped = self.index.remove_older_than(self.bounds.oldest_id())
        dropped += self.index.keep_newest(self.bounds.max_vectors)
        if dropped:
            log.info("index: %d vectors fell out of the window", dropped)
        if self.index.tombstones > max(10_000, COMPACT_SHARE * len(self.index)):
            log.info("index: compacting (%d removed slots)", self.index.tombstones)
            self.index.replace(lambda: self._build(None))
        added, removed = self.reconcile()  # e.g. `triagebot forget` in another process
        if added or removed:
            log.info("index: %d vectors added, %d removed to match the database", added, removed)
        self.save()

    def save(self) -> bool:
        """Write the graph and its description next to it; False when not possible now."""
        if self.path is None:
            return False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.index.save(self.path):
            return False
        index = self.index
        write_meta(self.path, self.model_id, index.dim, len(index), index.newest_id())
        return True

    def close(self) -> None:
        """Stop a preparation in progress; save what is complete."""
        self._stop.set()
        self.save()

    @property
    def prepared(self) -> bool:
        return self._prepared.is_set()
