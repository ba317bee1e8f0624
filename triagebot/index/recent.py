"""The index of recent messages, kept in step with the database and saved to a file.

The saved graph is memory-mapped and searched in place (see ``ann``); new messages
and removals wait beside it in a small overlay, folded into the file by ``merge``
once a few thousand have gathered (or on a clean stop). The file is a checkpoint and
the database the log: ``reconcile`` (at start and at every maintenance round) adds
what was stored since the file was written — or while the bot was down, or by
another process — and removes what was deleted, forgotten, purged or fell out of the
window (``INDEX_RECENT_DAYS``, ``INDEX_MAX_VECTORS``). Without a usable file (first
start, another model, a damaged file) the graph is rebuilt from the ``embeddings``
and ``messages`` tables in a worker thread, then saved and mapped.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

import numpy as np
from usearch.index import Index

from triagebot.core.snowflake import snowflake_at
from triagebot.index.ann import Ids, Neighbour, VectorIndex, Vectors, new_graph
from triagebot.index.files import read_meta, write_meta

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (vectors done, vectors expected)
SETTLING = timedelta(minutes=1)  # younger ids may belong to a batch not committed yet
MERGE_AT = 5_000  # pending changes that make maintenance fold the overlay into the file
COMPACT_SHARE = 0.25  # rebuild rather than keep a graph with this share of dead slots


class VectorSource(Protocol):
    """The stored messages the index should hold: a person's, with text, not spam."""

    def indexable_ids(self, *, since_id: int) -> Ids:
        """Every indexable message id from ``since_id`` on."""
        ...

    def indexable_vectors(self, *, since_id: int) -> Iterator[tuple[Ids, Vectors]]:
        """The same messages with their vectors, newest first, in chunks."""
        ...

    def vectors_of(self, ids: list[int]) -> tuple[Ids, Vectors]:
        """The vectors of those of ``ids`` that are stored (and indexable)."""
        ...


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
        source: VectorSource,
        model_id: str,
        dim: int,
        *,
        path: Path | None,
        bounds: Bounds | None = None,
        width: int = 128,
    ) -> None:
        self.source = source
        self.model_id = model_id
        self.path = path
        self.bounds = bounds or Bounds()
        self.index = VectorIndex(dim, width=width)
        self._stop = threading.Event()
        self._prepared = threading.Event()
        # One rebuild, reconciliation or merge at a time (the periodic round and a stop
        # can overlap); searches and the pipeline's writes never wait for it.
        self._maintenance = threading.Lock()

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
        log.info("index %s mapped: %d vectors", path, len(self.index))

    def prepare(self, progress: Progress | None = None) -> None:
        """Reconcile the mapped file with the database, or rebuild it first when there
        is none (slow at scale: run it in a worker thread)."""
        started = time.perf_counter()
        try:
            with self._maintenance:
                how = self._prepare(progress)
        except Stopped:
            log.info("index preparation stopped by shutdown")
            return
        self._prepared.set()
        log.info(
            "index ready (%s): %d vectors in %.1fs",
            how,
            len(self.index),
            time.perf_counter() - started,
        )

    def _prepare(self, progress: Progress | None) -> str:
        how = "mapped" if self.index.mapped_now else "rebuilt"
        if how == "rebuilt":
            self.index.replace(lambda: self._build(progress))
        added, removed = self.reconcile()
        log.info("index: %d added, %d removed to match the database", added, removed)
        self._checkpoint()
        return how

    def _build(self, progress: Progress | None) -> Index:
        """A new graph of the newest indexable messages within the bounds."""
        graph = new_graph(self.index.dim, self.index.width)
        since = self.bounds.oldest_id()
        expected = min(len(self.source.indexable_ids(since_id=since)), self.bounds.max_vectors)
        for ids, vectors in self.source.indexable_vectors(since_id=since):
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
        wanted = np.sort(self.source.indexable_ids(since_id=oldest))
        wanted = wanted[-self.bounds.max_vectors :]
        missing = np.setdiff1d(wanted, held, assume_unique=True)
        path = self.path
        if len(missing) >= MERGE_AT and path is not None and self.index.mapped_now:
            # Many at once (an import): straight into the loaded graph, not the overlay.
            self.index.replace(lambda: self.index.load_graph(path))
        added = 0
        for start in range(0, len(missing), 10_000):
            if self._stop.is_set():
                raise Stopped
            ids, vectors = self.source.vectors_of(missing[start : start + 10_000].tolist())
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
        """Match the database again (which also drops what fell out of the window),
        and fold the overlay into the file once enough has gathered. Skipped while a
        preparation runs; a failed preparation is retried instead; given up quietly
        when the bot is closing."""
        if self._maintenance.locked():
            return
        if not self._prepared.is_set():
            self.prepare()
            return
        with self._maintenance:
            try:
                added, removed = self.reconcile()  # e.g. `triagebot forget` elsewhere
            except Stopped:
                return  # closing: the next start reconciles
            if added or removed:
                log.info("index: %d added, %d removed to match the database", added, removed)
            self._checkpoint()

    def _checkpoint(self) -> None:
        """Save a graph held in memory (and map it); fold a grown overlay into the file."""
        if self.path is None:
            return
        if not self.index.mapped_now:
            self._settle(self.path)
        elif self.index.pending >= MERGE_AT:
            self._merge()

    def _merge(self) -> None:
        """Fold the pending changes into the saved file: load it, replay, save, map it
        again (rebuilt from the database instead when many of its slots are dead)."""
        path = self.path
        if path is None or not self.index.mapped_now:
            return  # in memory only: writes go straight into the graph
        started = time.perf_counter()
        self.index.replace(lambda: self.index.load_graph(path))
        dead = self.index.tombstones
        if not self._stop.is_set() and dead > max(10_000, COMPACT_SHARE * len(self.index)):
            log.info("index: compacting (%d dead slots)", dead)
            self.index.replace(lambda: self._build(None))
        self._settle(path)
        log.info("index saved: %d vectors in %.1fs", len(self.index), time.perf_counter() - started)

    def _settle(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.index.settle(path)
        index = self.index
        write_meta(path, self.model_id, index.dim, len(index), index.newest_id())

    def close(self) -> None:
        """Stop a preparation in progress; fold what is pending into the file."""
        self._stop.set()
        with self._maintenance:
            if self._prepared.is_set() and self.index.pending:
                self._merge()
