"""A thread-safe HNSW graph of unit vectors keyed by message id (usearch).

usearch won the measurement in ``bench/recent_neighbours.py``: at a million real-derived
vectors it reaches recall@10 ≥ 0.95 well under the 0.5 ms goal, stores float16 (half
of float32's memory, the precision the vectors are stored in anyway), removes vectors
and reuses their slots, and can serve a saved graph straight from a memory-mapped file.

A mapped ("viewed") graph is read-only, and a graph being rebuilt is not ready yet:
while either lasts, writes go to a small overlay (added vectors, removed ids) that
searches consult too, and that is replayed onto the new graph when it takes over. So
the bot is ready as soon as the file is mapped, whatever its size, and never waits
for a rebuild. One lock serialises everything: searches take a fraction of a
millisecond, and usearch must not grow its graph while another thread searches it.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from usearch.index import Index

log = logging.getLogger(__name__)

Vectors = NDArray[np.float32]
Ids = NDArray[np.uint64]
CONNECTIVITY = 16  # links per node (HNSW's M)
EXPANSION_ADD = 128  # candidates considered while inserting (efConstruction)
STORAGE = "f16"


@dataclass(frozen=True, slots=True)
class Neighbour:
    message_id: int
    score: float  # cosine similarity


def new_graph(dim: int, width: int) -> Index:
    return Index(
        ndim=dim,
        metric="ip",  # inner product of unit vectors: cosine
        dtype=STORAGE,
        connectivity=CONNECTIVITY,
        expansion_add=EXPANSION_ADD,
        expansion_search=width,
    )


def as_ids(ids: Sequence[int] | Ids) -> Ids:
    return np.asarray(ids, dtype=np.uint64).reshape(-1)


def graph_ids(graph: Index) -> Ids:
    """Every id in ``graph`` (a copy, 8 bytes each)."""
    if len(graph) == 0:
        return np.zeros(0, dtype=np.uint64)
    return np.asarray(graph.keys[0 : len(graph)], dtype=np.uint64)


@dataclass
class _Overlay:
    """Writes made while the graph is read-only, in the order that matters: the last
    word on an id wins."""

    added: dict[int, Vectors] = field(default_factory=dict)
    removed: set[int] = field(default_factory=set)

    def add(self, ids: Ids, vectors: Vectors) -> None:
        for key, vector in zip(ids.tolist(), vectors, strict=True):
            self.added[key] = vector
            self.removed.discard(key)

    def remove(self, ids: Ids) -> None:
        for key in ids.tolist():
            self.added.pop(key, None)
            self.removed.add(key)

    def hides(self, key: int) -> bool:
        """Whether the graph's vector for ``key`` is no longer current."""
        return key in self.removed or key in self.added

    def search(self, vector: Vectors, k: int) -> list[Neighbour]:
        if not self.added:
            return []
        keys = list(self.added)
        scores = np.stack([self.added[key] for key in keys]) @ vector
        top = np.argsort(-scores)[:k]
        return [Neighbour(keys[i], float(scores[i])) for i in top]


class VectorIndex:
    """Message id → unit vector, searchable by cosine; safe across threads."""

    def __init__(self, dim: int, *, width: int, graph: Index | None = None) -> None:
        self.dim = dim
        self.width = width
        self._lock = threading.Lock()
        self._graph = graph if graph is not None else new_graph(dim, width)
        self._overlay: _Overlay | None = None
        self._mapped = False  # a memory-mapped graph cannot be written to
        self._building = False
        self.tombstones = 0  # removed slots not yet reused by an add

    @classmethod
    def mapped(cls, path: Path, dim: int, *, width: int) -> VectorIndex:
        """The saved graph, memory-mapped (read-only until ``replace``)."""
        graph = Index.restore(os.fspath(path), view=True, expansion_search=width)
        if graph is None or graph.ndim != dim:
            raise ValueError(f"{path} holds no index of {dim}-dimensional vectors")
        index = cls(dim, width=width, graph=graph)
        index._overlay = _Overlay()
        index._mapped = True
        return index

    def load_graph(self, path: Path) -> Index:
        """The saved graph read fully into memory (writable)."""
        graph = Index.restore(os.fspath(path), view=False, expansion_search=self.width)
        if graph is None or graph.ndim != self.dim:
            raise ValueError(f"{path} holds no index of {self.dim}-dimensional vectors")
        return graph

    # -- writes ---------------------------------------------------------------------

    def add(self, ids: Sequence[int] | Ids, vectors: Vectors) -> None:
        """Insert or replace (an edited message) each id's vector."""
        keys = as_ids(ids)
        if not len(keys):
            return
        rows = np.asarray(vectors, dtype=np.float32).reshape(len(keys), self.dim)
        keys, first = np.unique(keys[::-1], return_index=True)  # the last of each id wins
        rows = rows[::-1][first]
        with self._lock:
            if self._overlay is not None:
                self._overlay.add(keys, rows)
            else:
                self._upsert(self._graph, keys, rows)

    def remove(self, ids: Sequence[int] | Ids) -> None:
        keys = as_ids(ids)
        if not len(keys):
            return
        with self._lock:
            if self._overlay is not None:
                self._overlay.remove(keys)
            else:
                self.tombstones += int(np.sum(self._graph.remove(keys)))

    def remove_older_than(self, oldest_id: int) -> int:
        """Drop every id below ``oldest_id`` (ids grow with time); how many went."""
        with self._lock:
            if self._overlay is not None:
                return 0  # read-only for now; the next call does it
            keys = graph_ids(self._graph)
            return self._drop(keys[keys < oldest_id])

    def keep_newest(self, count: int) -> int:
        """Drop the oldest ids beyond ``count``; how many went."""
        with self._lock:
            if self._overlay is not None or len(self._graph) <= count:
                return 0
            keys = np.sort(graph_ids(self._graph))
            return self._drop(keys[: len(keys) - count])

    def _drop(self, keys: Ids) -> int:
        if not len(keys):
            return 0
        removed = int(np.sum(self._graph.remove(keys)))
        self.tombstones += removed
        return removed

    def _upsert(self, graph: Index, keys: Ids, rows: Vectors) -> None:
        present = np.asarray(graph.contains(keys), dtype=bool)
        if present.any():
            graph.remove(keys[present])
        graph.add(keys, rows)
        self.tombstones = max(0, self.tombstones - len(keys))

    # -- reads ----------------------------------------------------------------------

    def search(self, vector: Vectors, k: int) -> list[Neighbour]:
        """The ``k`` nearest ids, most similar first."""
        query = np.asarray(vector, dtype=np.float32).reshape(self.dim)
        with self._lock:
            overlay = self._overlay
            hidden = len(overlay.removed) + len(overlay.added) if overlay else 0
            found = self._graph.search(query, k + min(hidden, k), threads=1)
            scores = 1.0 - np.asarray(found.distances, dtype=np.float64)
            near = [
                Neighbour(int(key), float(score))
                for key, score in zip(found.keys.tolist(), scores.tolist(), strict=True)
                if overlay is None or not overlay.hides(int(key))
            ]
            if overlay is not None:
                near += overlay.search(query, k)
        return sorted(near, key=lambda n: -n.score)[:k]

    def __len__(self) -> int:
        with self._lock:
            size = len(self._graph)
            if self._overlay is not None:
                size += len(self._overlay.added)
            return size

    def newest_id(self) -> int:
        """The highest id held (0 when empty)."""
        with self._lock:
            keys = graph_ids(self._graph)
            newest = int(keys.max()) if len(keys) else 0
            if self._overlay is not None and self._overlay.added:
                newest = max(newest, max(self._overlay.added))
            return newest

    def ids(self) -> Ids:
        """Every id a search can return (graph and overlay)."""
        with self._lock:
            keys = graph_ids(self._graph)
            overlay = self._overlay
            if overlay is None:
                return keys
            gone = as_ids(sorted(overlay.removed))
            kept = keys[~np.isin(keys, gone)]
            return np.union1d(kept, as_ids(sorted(overlay.added)))

    @property
    def writable(self) -> bool:
        with self._lock:
            return self._overlay is None

    # -- persistence and replacement ------------------------------------------------

    def save(self, path: Path) -> bool:
        """Write the graph atomically; False (nothing written) while it is read-only."""
        with self._lock:
            if self._overlay is not None:
                return False
            partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
            self._graph.save(os.fspath(partial))
            os.replace(partial, path)  # readers of the old file keep their mapping
        return True

    def replace(self, build: Callable[[], Index]) -> None:
        """Swap in the graph ``build()`` returns, built without holding the lock;
        writes made meanwhile are kept aside and replayed onto it."""
        with self._lock:
            if self._building:
                raise RuntimeError("the index is already being replaced")
            self._building = True
            if self._overlay is None:
                self._overlay = _Overlay()
        try:
            graph = build()
        except BaseException:
            with self._lock:
                self._building = False
                if not self._mapped:  # back to writing straight into the graph
                    self._replay(self._graph)
            raise
        with self._lock:
            self.tombstones = 0
            self._replay(graph)
            self._graph = graph
            self._mapped = False
            self._building = False

    def _replay(self, graph: Index) -> None:
        overlay, self._overlay = self._overlay, None
        if overlay is None:
            return
        if overlay.removed:
            graph.remove(as_ids(sorted(overlay.removed)))
        if overlay.added:
            keys = as_ids(list(overlay.added))
            self._upsert(graph, keys, np.stack(list(overlay.added.values())))
