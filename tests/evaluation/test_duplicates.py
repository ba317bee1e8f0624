"""Duplicate-hint metrics on hand-made predictions whose answers are worked out by hand."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from triagebot.core.matching import Candidate, IssueRef
from triagebot.core.vectors import Vectors
from triagebot.evaluation import EvalDataError
from triagebot.evaluation.duplicate_metrics import (
    FlagMetrics,
    best_f1,
    first_hit_rank,
    flag_metrics,
    lowest_threshold_with_precision,
    retrieval_metrics,
    sweep,
)
from triagebot.evaluation.duplicates import (
    Issue,
    Prediction,
    Query,
    issue_text,
    predict,
    prediction_record,
    read_issues,
    read_queries,
    write_predictions,
)

ISSUE_IDS: list[str | int] = ["A", "B", "C", 4]


def prediction(query: Query, *ranked: tuple[str | int, float]) -> Prediction:
    keys = {issue_id: n for n, issue_id in enumerate(ISSUE_IDS)}
    candidates = tuple(
        Candidate(IssueRef(keys[i], "", keys[i], str(i)), score) for i, score in ranked
    )
    return Prediction(query, candidates, ISSUE_IDS)


# q1: expected A at rank 1 (0.9)      -> flagged A at 0.5..0.9: correct
# q2: expected C at rank 3 (0.5)      -> flagged A (0.7) at <= 0.7: wrong
# q3: expected 4, not in the top 3    -> flagged B (0.55) at <= 0.55: wrong
# q4: expected [] (not a duplicate)   -> flagged B (0.65) at <= 0.65: false flag
# q5: unlabelled                      -> never scored
PREDICTIONS = [
    prediction(Query(1, "one", ("A",)), ("A", 0.9), ("B", 0.4), ("C", 0.1)),
    prediction(Query(2, "two", ("C", "B")), ("A", 0.7), ("C", 0.5), ("B", 0.3)),
    prediction(Query("3", "three", (4,)), ("B", 0.55), ("A", 0.5), ("C", 0.2)),
    prediction(Query(4, "four", ()), ("B", 0.65), ("C", 0.3), (4, 0.2)),
    prediction(Query(5, "five"), ("C", 0.99), ("A", 0.5), ("B", 0.1)),
]


def test_first_hit_rank_counts_from_one() -> None:
    assert [first_hit_rank(p) for p in PREDICTIONS[:3]] == [1, 2, None]


def test_recall_at_k_and_mrr_by_hand() -> None:
    metrics = retrieval_metrics(PREDICTIONS, ks=(1, 2, 3))
    assert metrics is not None
    assert metrics.queries == 3  # q4 expects nothing, q5 is unlabelled
    assert metrics.recall == {1: pytest.approx(1 / 3), 2: pytest.approx(2 / 3), 3: 2 / 3}
    assert metrics.mrr == pytest.approx((1 + 1 / 2 + 0) / 3)


def test_no_queries_with_expected_issues_means_no_retrieval_metrics() -> None:
    assert retrieval_metrics(PREDICTIONS[3:]) is None


def test_flag_precision_counts_wrong_issues_and_flags_on_non_duplicates() -> None:
    m = flag_metrics(PREDICTIONS, 0.5)
    assert (m.duplicates, m.non_duplicates) == (3, 1)
    assert (m.flagged, m.correct, m.false_on_non_duplicates) == (4, 1, 1)
    assert m.precision == pytest.approx(1 / 4)
    assert m.recall == pytest.approx(1 / 3)
    assert m.f1 == pytest.approx(2 * (1 / 4) * (1 / 3) / (1 / 4 + 1 / 3))
    assert m.non_duplicate_flag_rate == 1.0


def test_a_higher_threshold_flags_fewer() -> None:
    m = flag_metrics(PREDICTIONS, 0.68)
    assert (m.flagged, m.correct, m.false_on_non_duplicates) == (2, 1, 0)
    assert m.precision == 0.5
    nothing = flag_metrics(PREDICTIONS, 0.95)
    assert nothing.flagged == 0 and nothing.precision is None and nothing.recall == 0.0


def test_sweep_and_the_chosen_thresholds() -> None:
    rows = sweep(PREDICTIONS, [0.8, 0.5, 0.6, 0.7, 0.95])
    assert [r.threshold for r in rows] == [0.5, 0.6, 0.7, 0.8, 0.95]
    assert [r.precision for r in rows] == [0.25, pytest.approx(1 / 3), 0.5, 1.0, None]
    safe = lowest_threshold_with_precision(rows, 0.9)
    assert safe is not None and safe.threshold == 0.8
    best = best_f1(rows)
    assert best is not None and best.threshold == 0.8  # F1 0.5 beats 0.4 at 0.7


def test_lowest_threshold_ignores_a_lucky_dip() -> None:
    def row(threshold: float, flagged: int, correct: int) -> FlagMetrics:
        return FlagMetrics(threshold, 10, 0, flagged, correct, 0)

    # precision 0.95 at 0.5 is luck: 0.6 falls to 0.5, so 0.7 is the safe setting
    rows = [row(0.5, 20, 19), row(0.6, 10, 5), row(0.7, 4, 4), row(0.8, 0, 0)]
    chosen = lowest_threshold_with_precision(rows, 0.9)
    assert chosen is not None and chosen.threshold == 0.7
    assert lowest_threshold_with_precision(rows[3:], 0.9) is None  # nothing flagged


def test_the_output_line_keeps_ids_as_given() -> None:
    record = prediction_record(PREDICTIONS[3], 0.6)
    assert record == {
        "id": 4,
        "candidates": [
            {"issue": "B", "score": 0.65},
            {"issue": "C", "score": 0.3},
            {"issue": 4, "score": 0.2},
        ],
        "flagged": "B",
    }
    assert prediction_record(PREDICTIONS[2], 0.6)["flagged"] is None


def test_write_predictions_one_line_per_query_in_order(tmp_path: Path) -> None:
    out = tmp_path / "predictions.jsonl"
    write_predictions(out, PREDICTIONS, 0.6)
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == [1, 2, "3", 4, 5]
    assert [line["flagged"] for line in lines] == ["A", "A", None, "B", "C"]


class _LetterEmbedder:
    """Vectors from letter counts: texts sharing words point the same way."""

    model_id = "letters"
    dim = 26

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts: Sequence[str]) -> Vectors:
        self.seen.extend(texts)
        rows = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in zip(rows, texts, strict=True):
            for ch in text.lower():
                if "a" <= ch <= "z":
                    row[ord(ch) - 97] += 1
        norms = np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
        out: Vectors = (rows / norms).astype(np.float32)
        return out


def test_predict_ranks_issues_and_embeds_title_and_body_start() -> None:
    issues = [Issue("x", "zzz", "qqqq"), Issue(7, "abc", "abc" * 10)]
    embedder = _LetterEmbedder()
    done: list[tuple[str, int]] = []
    (p,) = predict(
        issues,
        [Query("q", "abcabc")],
        embedder,
        body_chars=3,
        on_progress=lambda label, n: done.append((label, n)),
    )
    # title + body start, then each title alone (the closer one counts), then queries
    assert embedder.seen == ["zzz qqq", "abc abc", "zzz", "abc", "abcabc"]
    assert [issue_id for issue_id, _ in p.ranked()] == [7, "x"]
    assert p.flagged(0.7) == 7  # cosine 1.0, no word shared: fused 0.77
    assert done == [("issues", 4), ("queries", 1)]
    assert issue_text(issues[1], 0) == "abc"


def write_lines(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_reading_issues_and_queries(tmp_path: Path) -> None:
    issues = read_issues(
        write_lines(
            tmp_path / "i.jsonl",
            '{"id": 1, "title": "t", "body": "b"}',
            "",
            '{"id": "1", "title": "u", "body": null}',
        )
    )
    assert issues == [Issue(1, "t", "b"), Issue("1", "u", "")]
    queries = read_queries(
        write_lines(
            tmp_path / "q.jsonl",
            '{"id": 9, "text": "x", "expected": [1, "1"]}',
            '{"id": 10, "text": "y", "expected": []}',
            '{"id": 11, "text": "z"}',
        )
    )
    assert [q.expected for q in queries] == [(1, "1"), (), None]


@pytest.mark.parametrize(
    ("reader", "line", "message"),
    [
        (read_issues, '{"id": 1, "title": "t"', "line 2: not valid JSON"),
        (read_issues, '{"title": "t", "body": ""}', "line 2: missing 'id'"),
        (read_issues, '{"id": 2, "body": ""}', "line 2: missing 'title'"),
        (read_issues, '{"id": 1, "title": "t"}', "line 2: id 1 already used on line 1"),
        (read_issues, '{"id": 2.5, "title": "t"}', "line 2: an id must be a string or an integer"),
        (read_queries, '{"id": 2}', "line 2: missing 'text'"),
        (read_queries, '{"id": 2, "text": "x", "expected": 1}', "line 2: 'expected' must be"),
        (read_queries, "[1, 2]", "line 2: expected a JSON object"),
    ],
)
def test_bad_lines_name_the_file_and_line(
    tmp_path: Path, reader: object, line: str, message: str
) -> None:
    first = '{"id": 1, "title": "t", "text": "x"}'
    path = write_lines(tmp_path / "data.jsonl", first, line)
    with pytest.raises(EvalDataError) as raised:
        reader(path)  # type: ignore[operator]
    assert str(raised.value).startswith(f"{path}, line 2: ")
    assert message in str(raised.value)


def test_a_missing_or_empty_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EvalDataError, match="No such file"):
        read_issues(tmp_path / "nope.jsonl")
    with pytest.raises(EvalDataError, match="no queries"):
        read_queries(write_lines(tmp_path / "empty.jsonl", ""))
