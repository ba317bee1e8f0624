"""The HNSW graph wrapper: upserts, removals, bounds, saving, mapping and replacing."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np
import pytest

from triagebot.index.ann import VectorIndex

DIM = 32


def unit(rng: np.random.Generator, n: int) -> np.ndarray:
    vectors = rng.normal(size=(n, DIM)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(7)


def filled(rng: np.random.Generator, n: int = 200) -> tuple[VectorIndex, np.ndarray]:
    index = VectorIndex(DIM, width=64)
    vectors = unit(rng, n)
    index.add(list(range(1000, 1000 + n)), vectors)
    return index, vectors


def test_a_vector_finds_itself_first_with_its_cosine(rng: np.random.Generator) -> None:
    index, vectors = filled(rng)
    [first, *rest] = index.search(vectors[17], 5)
    assert first.message_id == 1017 and first.score == pytest.approx(1.0, abs=2e-3)
    assert len(rest) == 4 and all(r.score <= first.score for r in rest)
    assert rest[0].score == pytest.approx(float(np.sort(vectors @ vectors[17])[-2]), abs=5e-3)


def test_adding_an_id_again_replaces_its_vector(rng: np.random.Generator) -> None:
    index, vectors = filled(rng)
    index.add([1017], vectors[18:19])  # an edit: message 1017 now says what 1018 says
    assert len(index) == 200
    found = {n.message_id for n in index.search(vectors[18], 2)}
    assert found == {1017, 1018}
    assert 1017 not in {n.message_id for n in index.search(vectors[17], 1)}


def test_removed_ids_are_never_found_and_their_slots_are_reused(
    rng: np.random.Generator,
) -> None:
    index, vectors = filled(rng)
    index.remove([1003, 1004, 99])  # 99 was never there
    assert len(index) == 198 and index.tombstones == 2
    assert 1003 not in {n.message_id for n in index.search(vectors[3], 10)}
    index.add([5000, 5001], unit(rng, 2))
    assert index.tombstones == 0 and len(index) == 200


def test_settled_it_is_mapped_and_keeps_writes_beside_until_merged(
    rng: np.random.Generator, tmp_path: Path
) -> None:
    index, vectors = filled(rng)
    path = tmp_path / "recent.index"
    index.settle(path)
    assert index.mapped_now and index.pending == 0 and not list(tmp_path.glob("*.partial"))
    assert index.search(vectors[5], 1)[0].message_id == 1005
    new = unit(rng, 1)
    index.add([7000], new)
    index.remove([1005])
    assert index.pending == 2
    assert index.search(new[0], 1)[0].message_id == 7000  # the overlay is searched
    assert 1005 not in {n.message_id for n in index.search(vectors[5], 5)}
    with pytest.raises(RuntimeError, match="writable"):
        index.save(path)

    index.replace(lambda: index.load_graph(path))  # the merge: load, replay, save, map
    index.settle(path)
    again = VectorIndex.mapped(path, DIM, width=64)
    assert again.pending == 0 and len(again) == 200  # +7000, -1005
    assert again.search(new[0], 1)[0].message_id == 7000
    assert 1005 not in set(again.ids().tolist())


def test_a_failed_replacement_keeps_every_write(rng: np.random.Generator) -> None:
    index, vectors = filled(rng)

    def broken() -> object:
        index.add([8000], vectors[:1])  # written while the build runs
        raise OSError("disk gone")

    with pytest.raises(OSError, match="disk gone"):
        index.replace(broken)  # type: ignore[arg-type]
    assert not index.mapped_now and index.pending == 0 and len(index) == 201
    assert {n.message_id for n in index.search(vectors[0], 2)} == {1000, 8000}


def test_a_file_of_other_vectors_is_refused(rng: np.random.Generator, tmp_path: Path) -> None:
    index, _ = filled(rng)
    path = tmp_path / "recent.index"
    index.save(path)
    with pytest.raises(ValueError, match="64-dimensional"):
        VectorIndex.mapped(path, 64, width=64)
    (tmp_path / "junk.index").write_text(json.dumps({"not": "an index"}))
    with pytest.raises((ValueError, RuntimeError)):
        VectorIndex.mapped(tmp_path / "junk.index", DIM, width=64)


def test_readers_and_a_writer_at_once(rng: np.random.Generator) -> None:
    index, vectors = filled(rng)
    errors: list[BaseException] = []

    def read() -> None:
        try:
            for row in vectors[:100]:
                assert index.search(row, 3)
        except BaseException as exc:
            errors.append(exc)

    readers = [threading.Thread(target=read) for _ in range(3)]
    for thread in readers:
        thread.start()
    for start in range(0, 400, 20):  # grows the graph while they search
        index.add(list(range(20_000 + start, 20_020 + start)), unit(rng, 20))
    for thread in readers:
        thread.join()
    assert not errors and len(index) == 600
