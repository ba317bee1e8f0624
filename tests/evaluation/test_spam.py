"""``eval spam`` without the model: reading, replay order, wave spreading, metrics."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from triagebot.core.spam import SpamPolicy
from triagebot.evaluation import EvalDataError
from triagebot.evaluation.spam import (
    SpamPrediction,
    SpamRecord,
    read_spam_records,
    replay_order,
    score_records,
    source_metrics,
    spam_metrics,
    sweep,
    write_predictions,
)


class WordHashEmbedder:
    """Bag of hashed words: texts sharing words are near, and it needs no model."""

    model_id = "word-hash"
    dim = 64

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                digest = hashlib.blake2b(word.encode(), digest_size=2).digest()
                out[row, int.from_bytes(digest, "big") % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


WAVE = "limited seats for our exclusive preview event, reserve yours with the form in my bio"
STREAM = [
    {"id": "h1", "text": "how do I pin a dependency in poetry?", "label": "ham",
     "author": "ann", "channel": "help", "timestamp": "2026-01-05T12:00:00Z"},
    {"id": "s3", "text": WAVE, "label": "spam", "author": "x", "channel": "c",
     "timestamp": "2026-01-05T12:00:40Z"},
    {"id": "s1", "text": WAVE, "label": "spam", "author": "x", "channel": "a",
     "timestamp": "2026-01-05T12:00:10Z"},
    {"id": "s2", "text": WAVE, "label": "spam", "author": "y", "channel": "b",
     "timestamp": "2026-01-05T12:00:20"},
    {"id": 7, "text": "free nitro here https://dlscord-gift.com/x", "label": "spam"},
    {"text": "the docs are at https://docs.python.org/3/", "label": "ham"},
]  # fmt: skip


def test_records_keep_their_fields_and_naive_times_become_utc(tmp_path: Path) -> None:
    records = read_spam_records(write_jsonl(tmp_path / "s.jsonl", STREAM))
    assert [r.id for r in records] == ["h1", "s3", "s1", "s2", 7, None]
    assert records[3].timestamp == datetime(2026, 1, 5, 12, 0, 20, tzinfo=UTC)
    assert records[4].author is None and records[4].timestamp is None


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        ({"text": "x", "label": "maybe"}, "'label' must be 'spam' or 'ham'"),
        ({"label": "ham"}, "missing 'text'"),
        ({"text": "x", "label": "ham", "timestamp": "yesterday"}, "'timestamp' is not ISO 8601"),
        ({"text": "x", "label": "ham", "author": ["a"]}, "'author' must be"),
    ],
)
def test_bad_records_name_the_line(tmp_path: Path, record: dict[str, object], problem: str) -> None:
    path = write_jsonl(tmp_path / "bad.jsonl", [{"text": "ok", "label": "ham"}, record])
    with pytest.raises(EvalDataError, match=f"line 2: {problem}"):
        read_spam_records(path)


def test_replay_is_in_time_order_then_the_untimed(tmp_path: Path) -> None:
    records = read_spam_records(write_jsonl(tmp_path / "s.jsonl", STREAM))
    assert replay_order(records) == [0, 2, 3, 1, 4, 5]


def test_a_wave_is_flagged_on_every_copy_with_one_key(tmp_path: Path) -> None:
    records = read_spam_records(write_jsonl(tmp_path / "s.jsonl", STREAM))
    run = score_records(records, WordHashEmbedder(), SpamPolicy(), bank=None)
    by_id = {p.record.id: p for p in run.predictions}
    keys = {by_id[i].wave_key for i in ("s1", "s2", "s3")}
    assert len(keys) == 1 and None not in keys
    assert by_id["s1"].wave_score >= by_id["s3"].score  # the first copy, judged by the last
    assert all(by_id[i].flagged(0.5) for i in ("s1", "s2", "s3", 7))
    assert not by_id["h1"].flagged(0.5)
    assert run.encode_seconds >= 0 and run.score_seconds >= 0


def _prediction(label: str, score: float, wave_score: float = 0.0) -> SpamPrediction:
    record = SpamRecord(line=1, text="t", label="spam" if label == "spam" else "ham")
    return SpamPrediction(record, score, (), None, wave_score)


def test_metrics_count_precision_recall_and_false_positive_rate() -> None:
    predictions = [
        _prediction("spam", 0.9), _prediction("spam", 0.2, wave_score=0.8),
        _prediction("spam", 0.1), _prediction("ham", 0.6), _prediction("ham", 0.1),
        _prediction("ham", 0.0), _prediction("ham", 0.0),
    ]  # fmt: skip
    m = spam_metrics(predictions, 0.5)
    assert (m.spam, m.ham, m.true_positives, m.false_positives, m.from_waves) == (3, 4, 2, 1, 1)
    assert m.precision == pytest.approx(2 / 3) and m.recall == pytest.approx(2 / 3)
    assert m.f1 == pytest.approx(2 / 3) and m.false_positive_rate == pytest.approx(0.25)
    assert [r.threshold for r in sweep(predictions, [0.9, 0.5, 0.5])] == [0.5, 0.9]
    nothing = spam_metrics([_prediction("ham", 0.0)], 0.5)
    assert nothing.precision is None and nothing.recall is None and nothing.f1 is None


def test_predictions_are_written_one_line_each(tmp_path: Path) -> None:
    records = read_spam_records(write_jsonl(tmp_path / "s.jsonl", STREAM))
    run = score_records(records, WordHashEmbedder(), SpamPolicy())
    out = tmp_path / "p.jsonl"
    write_predictions(out, run.predictions, 0.5)
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == len(STREAM)
    first_copy = next(line for line in lines if line.get("id") == "s1")
    assert set(first_copy) >= {"label", "score", "flagged", "reasons", "wave_key"}
    assert first_copy["flagged"] and first_copy["reasons"][0].startswith("a later copy")
    assert "id" not in lines[-1]


def test_records_carry_their_source_or_family(tmp_path: Path) -> None:
    rows = [
        {"text": "a", "label": "spam", "source": "youtube", "family": "ignored"},
        {"text": "b", "label": "spam", "family": "crack"},
        {"text": "c", "label": "ham"},
    ]
    records = read_spam_records(write_jsonl(tmp_path / "s.jsonl", rows))
    assert [r.source for r in records] == ["youtube", "crack", None]


def test_metrics_per_source_leave_out_records_without_one() -> None:
    def made(label: str, score: float, source: str | None) -> SpamPrediction:
        record = SpamRecord(line=1, text="t", label="spam" if label == "spam" else "ham",
                            source=source)  # fmt: skip
        return SpamPrediction(record, score, ())

    predictions = [
        made("spam", 0.9, "money"), made("spam", 0.1, "money"), made("spam", 0.8, "ping"),
        made("ham", 0.7, "chat"), made("ham", 0.1, "chat"), made("spam", 0.9, None),
    ]  # fmt: skip
    groups = source_metrics(predictions, 0.5)
    assert list(groups) == ["chat", "money", "ping"]
    assert groups["money"].recall == pytest.approx(0.5) and groups["ping"].recall == 1.0
    assert groups["chat"].false_positive_rate == pytest.approx(0.5)
    assert groups["chat"].recall is None
