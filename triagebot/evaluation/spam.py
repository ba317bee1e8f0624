"""Spam scoring, evaluated: what would the bot flag in a labelled stream of messages?

Input is JSONL with ``text`` and ``label`` (``spam`` or ``ham``) and optionally
``id``, ``author``, ``channel``, ``timestamp`` (ISO 8601) and ``source`` or ``family``
(where the message comes from; results are then also given per source). Messages with a timestamp
are replayed in time order through one scorer, so copies across channels and accounts
are seen as waves; messages without one are scored alone.

A wave is acted on as a whole: when a later copy is flagged, the moderator's flag names
the earlier copies too. So each message is judged by its *effective* score — its own,
or a later copy's of the same wave if higher — and the output says which it was.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from triagebot.core.spam import (
    ExemplarBank,
    Label,
    SpamInput,
    SpamPolicy,
    SpamScorer,
    build_bank,
    seed_examples,
)
from triagebot.core.spam.waves import text_hash
from triagebot.core.text import embedding_text
from triagebot.embeddings.model import Embedder
from triagebot.evaluation import EvalDataError, RecordId, read_jsonl, record_id, required_text
from triagebot.evaluation.duplicates import ProgressHook, encode

LABELS: tuple[Label, ...] = ("spam", "ham")


@dataclass(frozen=True, slots=True)
class SpamRecord:
    line: int
    text: str
    label: Label
    id: RecordId | None = None
    author: str | None = None
    channel: str | None = None
    timestamp: datetime | None = None
    source: str | None = None  # the record's ``source`` or else ``family`` field


@dataclass(frozen=True, slots=True)
class SpamPrediction:
    record: SpamRecord
    score: float  # the message's own score, when it was posted
    reasons: tuple[str, ...]
    wave_key: str | None = None
    wave_score: float = 0.0  # the highest score of a later copy of the same wave

    @property
    def effective_score(self) -> float:
        return max(self.score, self.wave_score)

    def flagged(self, threshold: float) -> bool:
        return self.effective_score >= threshold


@dataclass(frozen=True, slots=True)
class SpamRun:
    predictions: list[SpamPrediction]  # in input order
    encode_seconds: float
    score_seconds: float


# -- reading ----------------------------------------------------------------------------


def read_spam_records(path: Path) -> list[SpamRecord]:
    """Labelled messages from JSONL; ``author``/``channel`` may be strings or numbers."""
    records = [_record(path, number, raw) for number, raw in read_jsonl(path)]
    if not records:
        raise EvalDataError(path, "no messages in the file")
    return records


def _record(path: Path, number: int, raw: dict[str, Any]) -> SpamRecord:
    text = required_text(path, number, raw, "text")
    label = raw.get("label")
    if label not in LABELS:
        raise EvalDataError(path, f"'label' must be 'spam' or 'ham', got {label!r}", number)
    return SpamRecord(
        line=number,
        text=text,
        label="spam" if label == "spam" else "ham",
        id=record_id(path, number, raw["id"]) if "id" in raw else None,
        author=_name(path, number, raw, "author"),
        channel=_name(path, number, raw, "channel"),
        timestamp=_timestamp(path, number, raw.get("timestamp")),
        source=_name(path, number, raw, "source" if "source" in raw else "family"),
    )


def _name(path: Path, number: int, raw: dict[str, Any], field: str) -> str | None:
    value = raw.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise EvalDataError(path, f"{field!r} must be a string or an integer", number)
    return str(value)


def _timestamp(path: Path, number: int, value: Any) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise EvalDataError(path, "'timestamp' must be an ISO 8601 string", number)
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise EvalDataError(path, f"'timestamp' is not ISO 8601: {value!r}", number) from None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def read_exemplars(path: Path) -> list[tuple[Label, str]]:
    """Extra labelled lines for the bank (as if moderators had judged them)."""
    return [(r.label, r.text) for r in read_spam_records(path)]


# -- scoring ----------------------------------------------------------------------------


def seeded_bank(embedder: Embedder, extra: Sequence[tuple[Label, str]] = ()) -> ExemplarBank:
    """The seed bank, plus ``extra`` verdicts added the way moderators' are."""
    bank = build_bank(embedder.encode, embedder.dim, seed_examples())
    if extra:
        vectors = embedder.encode([embedding_text(text) for _, text in extra])
        for vector, (label, _) in zip(vectors, extra, strict=True):
            bank.add(vector, label)
    return bank


def replay_order(records: Sequence[SpamRecord]) -> list[int]:
    """Indices in posting order: timestamped records by time (stable), then the rest."""
    timed = [i for i, r in enumerate(records) if r.timestamp is not None]
    timed.sort(key=lambda i: records[i].timestamp or datetime.min)
    return timed + [i for i, r in enumerate(records) if r.timestamp is None]


def score_records(
    records: Sequence[SpamRecord],
    embedder: Embedder,
    policy: SpamPolicy,
    *,
    bank: ExemplarBank | None = None,
    on_progress: ProgressHook | None = None,
    learned: bool = False,
) -> SpamRun:
    """Encode every text, replay in posting order through one scorer, spread wave scores;
    ``learned`` adds the shipped learned model to the rules."""
    started = time.perf_counter()
    vectors = encode(embedder, [embedding_text(r.text) for r in records], "messages", on_progress)
    encoded = time.perf_counter()
    scorer = SpamScorer(
        policy, bank if bank is not None else seeded_bank(embedder), learned=learned
    )
    own: dict[int, tuple[float, tuple[str, ...], str | None]] = {}
    later: dict[int, tuple[float, str | None]] = {}  # best later copy's score, its wave key
    for index in replay_order(records):
        verdict = scorer.score(record_input(records[index], index, vectors[index]))
        own[index] = (verdict.score, verdict.reasons, verdict.wave_key)
        for earlier in verdict.earlier_copies:
            best, _ = later.get(earlier, (0.0, None))
            later[earlier] = (max(best, verdict.score), verdict.wave_key)
    scored = time.perf_counter()
    predictions = []
    for index, record in enumerate(records):
        score, reasons, key = own[index]
        wave_score, later_key = later.get(index, (0.0, None))
        predictions.append(SpamPrediction(record, score, reasons, key or later_key, wave_score))
    return SpamRun(predictions, encoded - started, scored - encoded)


def record_input(record: SpamRecord, index: int, vector: Any) -> SpamInput:
    """Unknown authors and channels become distinct ones; the account age stays unknown."""
    author = record.author if record.author is not None else f"line {record.line}"
    channel = record.channel if record.channel is not None else f"line {record.line}"
    return SpamInput(
        text=record.text,
        author_id=text_hash("author " + author),
        channel_id=text_hash("channel " + channel),
        at=record.timestamp,
        vector=vector,
        message_id=index,
    )


# -- metrics ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SpamMetrics:
    threshold: float
    spam: int
    ham: int
    true_positives: int
    false_positives: int
    from_waves: int  # flags raised only by a later copy of the same wave

    @property
    def flagged(self) -> int:
        return self.true_positives + self.false_positives

    @property
    def precision(self) -> float | None:
        return self.true_positives / self.flagged if self.flagged else None

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.spam if self.spam else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p is not None and r is not None and p + r > 0 else None

    @property
    def false_positive_rate(self) -> float | None:
        return self.false_positives / self.ham if self.ham else None


def spam_metrics(predictions: Iterable[SpamPrediction], threshold: float) -> SpamMetrics:
    spam = ham = tp = fp = waves = 0
    for p in predictions:
        is_spam = p.record.label == "spam"
        spam += is_spam
        ham += not is_spam
        if p.flagged(threshold):
            tp += is_spam
            fp += not is_spam
            waves += p.score < threshold
    return SpamMetrics(threshold, spam, ham, tp, fp, waves)


def source_metrics(
    predictions: Sequence[SpamPrediction], threshold: float
) -> dict[str, SpamMetrics]:
    """Metrics within each source (records without one are left out), sorted by name:
    a spam-only source shows its recall, a ham-only one its false-positive rate."""
    groups: dict[str, list[SpamPrediction]] = {}
    for p in predictions:
        if p.record.source is not None:
            groups.setdefault(p.record.source, []).append(p)
    return {name: spam_metrics(groups[name], threshold) for name in sorted(groups)}


def default_thresholds() -> list[float]:
    return [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98]


def sweep(predictions: Sequence[SpamPrediction], thresholds: Iterable[float]) -> list[SpamMetrics]:
    return [spam_metrics(predictions, t) for t in sorted(set(thresholds))]


# -- writing ----------------------------------------------------------------------------


def prediction_record(prediction: SpamPrediction, threshold: float) -> dict[str, Any]:
    reasons = list(prediction.reasons)
    if prediction.wave_score > prediction.score and prediction.wave_score >= threshold:
        reasons.insert(0, f"a later copy of this wave scored {prediction.wave_score:.2f}")
    record: dict[str, Any] = {} if prediction.record.id is None else {"id": prediction.record.id}
    record.update(
        label=prediction.record.label,
        score=round(prediction.score, 4),
        flagged=prediction.flagged(threshold),
        reasons=reasons,
    )
    if prediction.wave_key is not None:
        record["wave_key"] = prediction.wave_key
    return record


def write_predictions(path: Path, predictions: Iterable[SpamPrediction], threshold: float) -> None:
    try:
        with path.open("w", encoding="utf-8") as out:
            for prediction in predictions:
                line = json.dumps(prediction_record(prediction, threshold), ensure_ascii=False)
                out.write(line + "\n")
    except OSError as exc:
        raise EvalDataError(path, exc.strerror or "cannot be written") from None
