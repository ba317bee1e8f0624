"""Duplicate hints, scored: recall@k and MRR of the ranking, and the hint decision's
precision and recall at each threshold (see ``evaluation.duplicates`` for what each
means and how the predictions are made).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from triagebot.evaluation.duplicates import RECALL_AT, Prediction


@dataclass(frozen=True, slots=True)
class RetrievalMetrics:
    queries: int  # queries with at least one expected issue
    recall: dict[int, float]  # k -> recall@k
    mrr: float


def first_hit_rank(prediction: Prediction) -> int | None:
    """The 1-based rank of the first expected issue among the candidates."""
    expected = set(prediction.query.expected or ())
    for rank, (issue_id, _score) in enumerate(prediction.ranked(), start=1):
        if issue_id in expected:
            return rank
    return None


def retrieval_metrics(
    predictions: Iterable[Prediction], ks: Sequence[int] = RECALL_AT
) -> RetrievalMetrics | None:
    """Recall@k and MRR over the queries with expected issues; None if there are none."""
    ranks = [first_hit_rank(p) for p in predictions if p.query.is_duplicate]
    if not ranks:
        return None
    recall = {k: sum(r is not None and r <= k for r in ranks) / len(ranks) for k in ks}
    mrr = sum(1.0 / r for r in ranks if r is not None) / len(ranks)
    return RetrievalMetrics(len(ranks), recall, mrr)


@dataclass(frozen=True, slots=True)
class FlagMetrics:
    """The hint decision at one threshold, over the labelled queries."""

    threshold: float
    duplicates: int  # labelled queries with expected issues
    non_duplicates: int  # labelled queries whose ``expected`` is empty
    flagged: int  # labelled queries flagged
    correct: int  # flags naming an expected issue
    false_on_non_duplicates: int  # flags raised on queries expecting none

    @property
    def precision(self) -> float | None:
        return self.correct / self.flagged if self.flagged else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.duplicates if self.duplicates else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p is not None and r is not None and p + r > 0 else None

    @property
    def non_duplicate_flag_rate(self) -> float | None:
        if not self.non_duplicates:
            return None
        return self.false_on_non_duplicates / self.non_duplicates


def flag_metrics(predictions: Sequence[Prediction], threshold: float) -> FlagMetrics:
    duplicates = non_duplicates = flagged = correct = false_on_non = 0
    for prediction in predictions:
        expected = prediction.query.expected
        if expected is None:
            continue
        duplicates += bool(expected)
        non_duplicates += not expected
        hint = prediction.flagged(threshold)
        if hint is None:
            continue
        flagged += 1
        correct += hint in expected
        false_on_non += not expected
    return FlagMetrics(threshold, duplicates, non_duplicates, flagged, correct, false_on_non)


def default_thresholds() -> list[float]:
    """0.40, 0.45, ... 0.80."""
    return [round(0.40 + 0.05 * n, 2) for n in range(9)]


def sweep(predictions: Sequence[Prediction], thresholds: Iterable[float]) -> list[FlagMetrics]:
    return [flag_metrics(predictions, t) for t in sorted(set(thresholds))]


def lowest_threshold_with_precision(
    rows: Iterable[FlagMetrics], min_precision: float
) -> FlagMetrics | None:
    """The most permissive threshold from which precision stays at ``min_precision``.

    Every higher threshold in ``rows`` must reach it too (or flag nothing), so a lucky
    dip in the middle of the sweep is not taken for a safe setting.
    """
    chosen: FlagMetrics | None = None
    for row in sorted(rows, key=lambda r: r.threshold, reverse=True):
        if row.precision is not None and row.precision < min_precision:
            break
        if row.precision is not None:
            chosen = row
    return chosen


def best_f1(rows: Iterable[FlagMetrics]) -> FlagMetrics | None:
    scored = [r for r in rows if r.f1 is not None]
    return max(scored, key=lambda r: (r.f1 or 0.0, r.threshold), default=None)


# -- writing ----------------------------------------------------------------------------
