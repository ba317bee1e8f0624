"""The candidate ANN libraries behind one small interface, for ``recent_neighbours``.

Every candidate builds an HNSW graph over unit vectors with inner product (= cosine),
with the product's graph settings (``triagebot.index.ann``: links per node, candidates
while inserting), so the comparison is of implementations, not of settings. Search width is the knob
each library calls differently (``expansion_search``, ``efSearch``, ``ef``).
"""

from __future__ import annotations

import importlib.util
import os
import time
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from triagebot.index.ann import CONNECTIVITY, EXPANSION_ADD

Vectors = NDArray[np.float32]
Keys = NDArray[np.uint64]
M = CONNECTIVITY  # the product's settings, for every library
EF_CONSTRUCTION = EXPANSION_ADD
THREADS = os.cpu_count() or 1


class Candidate(Protocol):
    name: str
    default_width: int  # the library's own default search width

    def build(self, keys: Keys, vectors: Vectors) -> None: ...
    def set_width(self, width: int) -> None: ...
    def search(self, query: Vectors, k: int) -> NDArray[np.int64]: ...
    def memory_bytes(self) -> int | None:
        """What the library says it holds in memory; None: it does not say."""
        ...

    def save(self, path: Path) -> None: ...
    def load(self, path: Path, *, mapped: bool) -> bool:
        """Replace the index by the file's; False when ``mapped`` is not supported."""
        ...

    def release(self) -> None: ...


class USearch:
    default_width = 64

    def __init__(self, dtype: str = "f16") -> None:
        self.dtype = dtype
        self.name = f"usearch {dtype}"
        self.index: Any = None

    def build(self, keys: Keys, vectors: Vectors) -> None:
        from usearch.index import Index

        self.index = Index(
            ndim=vectors.shape[1],
            metric="ip",
            dtype=self.dtype,
            connectivity=M,
            expansion_add=EF_CONSTRUCTION,
        )
        self.index.add(keys, vectors, threads=THREADS)

    def set_width(self, width: int) -> None:
        self.index.expansion_search = width

    def search(self, query: Vectors, k: int) -> NDArray[np.int64]:
        return np.asarray(self.index.search(query, k, threads=1).keys, dtype=np.int64)

    def memory_bytes(self) -> int | None:
        return int(self.index.memory_usage)

    def save(self, path: Path) -> None:
        self.index.save(str(path))

    def load(self, path: Path, *, mapped: bool) -> bool:
        from usearch.index import Index

        width = self.index.expansion_search if self.index is not None else self.default_width
        self.release()
        self.index = Index.restore(str(path), view=mapped)
        self.index.expansion_search = width
        return True

    def release(self) -> None:
        self.index = None


class Faiss:
    default_width = 16

    def __init__(self, fp16: bool = False) -> None:
        self.fp16 = fp16
        self.name = "faiss HNSW " + ("fp16" if fp16 else "flat f32")
        self.index: Any = None

    def build(self, keys: Keys, vectors: Vectors) -> None:
        import faiss

        faiss.omp_set_num_threads(THREADS)
        dim = vectors.shape[1]
        if self.fp16:
            self.index = faiss.IndexHNSWSQ(
                dim, faiss.ScalarQuantizer.QT_fp16, M, faiss.METRIC_INNER_PRODUCT
            )
        else:
            self.index = faiss.IndexHNSWFlat(dim, M, faiss.METRIC_INNER_PRODUCT)
        self.index.hnsw.efConstruction = EF_CONSTRUCTION
        self.index.add(vectors)  # keys are positions: the bench's keys are 0..n-1
        faiss.omp_set_num_threads(1)  # one query at a time, as the bot asks

    def set_width(self, width: int) -> None:
        self.index.hnsw.efSearch = width

    def search(self, query: Vectors, k: int) -> NDArray[np.int64]:
        _, ids = self.index.search(query.reshape(1, -1), k)
        return np.asarray(ids[0], dtype=np.int64)

    def memory_bytes(self) -> int | None:
        return None  # its file is a dump of its arrays: the file size says it

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self.index, str(path))

    def load(self, path: Path, *, mapped: bool) -> bool:
        import faiss

        width = self.index.hnsw.efSearch if self.index is not None else self.default_width
        try:
            flags = faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY if mapped else 0
            loaded = faiss.read_index(str(path), flags)
        except RuntimeError:
            return False
        self.release()
        self.index = loaded
        self.index.hnsw.efSearch = width
        return True

    def release(self) -> None:
        self.index = None


class Hnswlib:
    name = "hnswlib (chroma-hnswlib)"
    default_width = 10

    def __init__(self) -> None:
        self.index: Any = None
        self.dim = 0

    def build(self, keys: Keys, vectors: Vectors) -> None:
        import hnswlib

        self.dim = vectors.shape[1]
        self.index = hnswlib.Index(space="ip", dim=self.dim)
        self.index.init_index(max_elements=len(vectors), ef_construction=EF_CONSTRUCTION, M=M)
        self.index.add_items(vectors, keys.astype(np.int64), num_threads=THREADS)

    def set_width(self, width: int) -> None:
        self.index.set_ef(width)

    def search(self, query: Vectors, k: int) -> NDArray[np.int64]:
        ids, _ = self.index.knn_query(query.reshape(1, -1), k=k, num_threads=1)
        return np.asarray(ids[0], dtype=np.int64)

    def memory_bytes(self) -> int | None:
        return None  # its file is a dump of its arrays: the file size says it

    def save(self, path: Path) -> None:
        self.index.save_index(str(path))

    def load(self, path: Path, *, mapped: bool) -> bool:
        if mapped:
            return False
        import hnswlib

        width = self.index.ef if self.index is not None else self.default_width
        self.release()
        self.index = hnswlib.Index(space="ip", dim=self.dim)
        self.index.load_index(str(path))
        self.index.set_ef(width)
        return True

    def release(self) -> None:
        self.index = None


def candidates(names: list[str]) -> list[Candidate]:
    """The named candidates whose library is installed (``pip install .[bench]``)."""
    known: dict[str, tuple[str, Candidate]] = {
        "usearch": ("usearch", USearch("f16")),
        "usearch-bf16": ("usearch", USearch("bf16")),
        "usearch-i8": ("usearch", USearch("i8")),
        "faiss": ("faiss", Faiss()),
        "faiss-fp16": ("faiss", Faiss(fp16=True)),
        "hnswlib": ("hnswlib", Hnswlib()),
    }
    found = []
    for name in names:
        module, candidate = known[name]
        if importlib.util.find_spec(module) is None:
            print(f"skipping {name}: {module} is not installed (pip install .[bench])")
        else:
            found.append(candidate)
    return found


def timed(action: Any) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started
