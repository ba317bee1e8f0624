"""A thread-safe HNSW graph of unit vectors keyed by message id (usearch).

usearch won the measurement in ``bench/recent_neighbours.py``: it stores float16 (half
of float32's memory, the precision the vectors are stored in anyway), removes vectors
and reuses their slots, and — alone of the candidates — serves a saved graph straight
from a memory-mapped file.

The graph normally *is* the saved file, mapped: start-up costs milliseconds at any
size, and memory holds only the pages searches touch (reclaimable page cache), not a
copy of the index. A mapped graph is read-only, so writes go to a small overlay (new
vectors, removed ids) that searches consult too; ``merge`` folds it in — load the
file, replay, save, map again — when it has grown. A graph built from scratch (no
file yet) collects writes in an overlay the same way until it takes over. One lock
serialises everything: searches take a fraction of a millisecond, and usearch must
not grow a graph while another thread searches it.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from usearch.index import Index

from triagebot.index.overlay import Ids, Neighbour, Overlay, Vectors

log = logging.getLogger(__name__)

__all__ = ["Ids", "Neighbour", "VectorIndex", "Vectors", "new_graph"]

# Links per node (HNSW's M). At a million real-embedding messages, 16 links topped out
# at recall@10 0.941 (width 96, p50 0.19 ms); 32 reach 0.955 at width 96 (p50 0.23 ms)
# and 0.961 at 128 (0.30 ms), for ~15% more memory (bench/recent_neighbours.py).
CONNECTIVITY = 32
EXPANSION_ADD = 128  # candidates considered while inserting (efConstruction)
STORAGE = "f16"


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


class VectorIndex:
    """Message id → unit vector, searchable by cosine; safe across threads."""

    def __init__(self, dim: int, *, width: int, graph: Index | None = None) -> None:
        self.dim = dim
        self.width = width
        self._lock = threading.Lock()
        self._graph = graph if graph is not None else new_graph(dim, width)
        self._overlay: Overlay | None = None  # set while the graph cannot take writes
        self._mapped = False
        self._building = False
        self.tombstones = 0  # removed slots not yet reused by an add

    @classmethod
    def mapped(cls, path: Path, dim: int, *, width: int) -> VectorIndex:
        """The saved graph, memory-mapped (writes wait in the overlay)."""
        index = cls(dim, width=width, graph=_view(path, dim, width))
        index._overlay, index._mapped = Overlay(dim), True
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
            self._remove(keys)

    def _remove(self, keys: Ids) -> int:
        if self._overlay is not None:
            held = np.asarray(self._graph.contains(keys), dtype=bool)
            self._overlay.remove(keys)
            return int(held.sum())
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
            extra = min(len(overlay), k) if overlay is not None else 0  # room for hidden ones
            found = self._graph.search(query, k + extra, threads=1)
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
        return len(self.ids())

    def newest_id(self) -> int:
        """The highest id held (0 when empty)."""
        ids = self.ids()
        return int(ids.max()) if len(ids) else 0

    def ids(self) -> Ids:
        """Every id a search can return (graph and overlay)."""
        with self._lock:
            return self._ids()

    def _ids(self) -> Ids:
        keys = graph_ids(self._graph)
        overlay = self._overlay
        if overlay is None:
            return keys
        kept = keys[~np.isin(keys, as_ids(sorted(overlay.removed)))]
        return np.union1d(kept, overlay.added()[0])

    @property
    def pending(self) -> int:
        """Writes waiting beside the graph (0: the graph holds everything)."""
        with self._lock:
            return len(self._overlay) if self._overlay is not None else 0

    @property
    def mapped_now(self) -> bool:
        with self._lock:
            return self._mapped

    # -- replacing, saving, mapping --------------------------------------------------

    def replace(self, build: Callable[[], Index]) -> None:
        """Swap in the graph ``build()`` returns, built without holding the lock;
        writes made meanwhile are kept aside and replayed onto it."""
        with self._lock:
            if self._building:
                raise RuntimeError("the index is already being replaced")
            self._building = True
            if self._overlay is None:
                self._overlay = Overlay(self.dim)
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
            self._graph, self._mapped, self._building = graph, False, False

    def settle(self, path: Path) -> None:
        """Save the (writable) graph to ``path`` and map the file in its place."""
        with self._lock:
            if self._overlay is not None:
                raise RuntimeError("only a writable graph can be saved")
            self._save(path)
            self._graph = _view(path, self.dim, self.width)
            self._overlay, self._mapped = Overlay(self.dim), True

    def save(self, path: Path) -> None:
        """Write the (writable) graph to ``path``, keeping it in memory."""
        with self._lock:
            if self._overlay is not None:
                raise RuntimeError("only a writable graph can be saved")
            self._save(path)

    def _save(self, path: Path) -> None:
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        self._graph.save(os.fspath(partial))
        os.replace(partial, path)  # a mapping of the old file keeps the old file

    def _replay(self, graph: Index) -> None:
        overlay, self._overlay = self._overlay, None
        if overlay is None:
            return
        if overlay.removed:
            self.tombstones += int(np.sum(graph.remove(as_ids(sorted(overlay.removed)))))
        ids, rows = overlay.added()
        if len(ids):
            self._upsert(graph, ids, rows)


def _view(path: Path, dim: int, width: int) -> Index:
    graph = Index.restore(os.fspath(path), view=True, expansion_search=width)
    if graph is None or graph.ndim != dim:
        raise ValueError(f"{path} holds no index of {dim}-dimensional vectors")
    return graph
