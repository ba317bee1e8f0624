"""Exact issue search and the decision to hint."""

from __future__ import annotations

import numpy as np
import pytest

from triagebot.core.matching import Candidate, IssueIndex, IssueRef, best_match
from triagebot.core.substance import is_substantive


def unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


ISSUES = [
    IssueRef(key=i, repo="lumen-dev/lumen", number=100 + i, title=f"issue {i}") for i in range(3)
]
VECTORS = np.stack([unit(1, 0, 0), unit(0, 1, 0), unit(1, 1, 0)])


def test_search_returns_the_closest_issues_best_first() -> None:
    index = IssueIndex(ISSUES, VECTORS)
    (result,) = index.search(unit(1, 0.1, 0)[None, :], k=2)
    assert [c.issue.number for c in result] == [100, 102]
    assert result[0].score == pytest.approx(float(unit(1, 0.1, 0) @ unit(1, 0, 0)))


def test_search_is_exact_against_a_full_sort() -> None:
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(500, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    refs = [IssueRef(i, "r", i, "") for i in range(500)]
    queries = vectors[:20] + 0.1 * rng.normal(size=(20, 32)).astype(np.float32)
    got = IssueIndex(refs, vectors).search(queries, k=10)
    for q, result in zip(queries, got, strict=True):
        expected = np.argsort(-(vectors @ q))[:10]
        assert [c.issue.key for c in result] == list(expected)


def test_an_empty_index_finds_nothing() -> None:
    index = IssueIndex([], np.zeros((0, 3), dtype=np.float32))
    assert index.search(unit(1, 0, 0)[None, :]) == [[]]


def test_best_match_respects_threshold_and_rejections() -> None:
    a, b = Candidate(ISSUES[0], 0.9), Candidate(ISSUES[1], 0.8)
    assert best_match([a, b], 0.85) == a
    assert best_match([a, b], 0.95) is None
    assert best_match([a, b], 0.75, rejected={ISSUES[0].key}) == b
    assert best_match([a, b], 0.85, rejected={ISSUES[0].key}) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thanks!", False),
        ("lol same here", False),
        ("https://example.com/some/long/path", False),
        ("ok thank you so much", False),
        ("the dev server crashes on reload after upgrading", True),
        ("images in folders with spaces are not copied", True),
        ("<@123> <@456> <:pepe:789> hi", False),
    ],
)
def test_chit_chat_is_not_substantive(text: str, expected: bool) -> None:
    assert is_substantive(text) is expected


@pytest.mark.parametrize("queries", [1, 4, 5, 127, 128, 300])
def test_scores_are_the_same_whatever_the_batch_size(queries: int) -> None:
    rng = np.random.default_rng(queries)
    vectors = rng.normal(size=(300, 16)).astype(np.float32)
    batch = rng.normal(size=(queries, 16)).astype(np.float32)
    index = IssueIndex([IssueRef(i, "r", i, "") for i in range(300)], vectors)
    assert np.allclose(index.scores(batch), batch @ vectors.T, atol=1e-5)


def test_a_floor_keeps_only_candidates_that_reach_it() -> None:
    index = IssueIndex(ISSUES, VECTORS)
    near, far = index.search(np.stack([unit(1, 0.1, 0), unit(0, 0, 1)]), k=3, floor=0.7)
    assert [c.issue.number for c in near] == [100, 102]  # issue 101 scores 0.1
    assert far == []
