"""Problem-ness, evaluated on your own lines: which read as a problem or a request?

Input: JSONL with ``text`` and ``label`` (``problem``, ``request`` or ``other``). Each
line is embedded and scored by the shipped problem-ness model, as the digest scores
messages. Reported: precision, recall and F1 per class at the model's threshold, and,
for "reports" (problem or request) against other, a table across thresholds — what
users calibrate ``DIGEST_PROBLEM_THRESHOLD`` with.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from triagebot.core.problems import LABELS, Label, ProblemModel
from triagebot.core.text import embedding_text
from triagebot.embeddings.model import Embedder
from triagebot.evaluation import EvalDataError, read_jsonl, required_text


@dataclass(frozen=True)
class LabelledLine:
    text: str
    label: Label


@dataclass(frozen=True)
class ProblemPrediction:
    line: LabelledLine
    label: Label  # predicted at the model's threshold
    score: float  # problem or request, 0–1


@dataclass(frozen=True)
class ClassMetrics:
    label: str
    support: int
    predicted: int
    precision: float | None
    recall: float | None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return None if p is None or r is None or p + r == 0 else 2 * p * r / (p + r)


def read_lines(path: Path) -> list[LabelledLine]:
    lines = []
    for number, record in read_jsonl(path):
        label = record.get("label")
        if label not in LABELS:
            raise EvalDataError(path, f"label must be one of {', '.join(LABELS)}", number)
        lines.append(LabelledLine(required_text(path, number, record, "text"), label))
    if not lines:
        raise EvalDataError(path, "no labelled lines")
    return lines


def predict(
    lines: Sequence[LabelledLine], embedder: Embedder, model: ProblemModel, chunk: int = 256
) -> list[ProblemPrediction]:
    out: list[ProblemPrediction] = []
    for start in range(0, len(lines), chunk):
        part = lines[start : start + chunk]
        texts = [line.text for line in part]
        encoded = [embedding_text(t) for t in texts]
        vectors = embedder.encode(encoded) if model.uses_vectors else None
        scores = model.scores(vectors, texts)
        labels = model.labels(vectors, texts)
        out += [
            ProblemPrediction(line, label, float(score))
            for line, label, score in zip(part, labels, scores, strict=True)
        ]
    return out


def per_class(predictions: Sequence[ProblemPrediction]) -> list[ClassMetrics]:
    rows = []
    for label in LABELS:
        support = sum(p.line.label == label for p in predictions)
        said = sum(p.label == label for p in predictions)
        right = sum(p.label == label == p.line.label for p in predictions)
        precision = right / said if said else None
        rows.append(
            ClassMetrics(label, support, said, precision, right / support if support else None)
        )
    return rows


def reports_at(predictions: Sequence[ProblemPrediction], threshold: float) -> ClassMetrics:
    """Problem or request against other, at ``threshold`` on the score."""
    truth = [p.line.label != "other" for p in predictions]
    said = [p.score >= threshold for p in predictions]
    right = sum(t and s for t, s in zip(truth, said, strict=True))
    return ClassMetrics(
        f"{threshold:.2f}",
        sum(truth),
        sum(said),
        right / sum(said) if any(said) else None,
        right / sum(truth) if any(truth) else None,
    )


def thresholds(current: float) -> list[float]:
    return sorted({round(0.3 + 0.05 * n, 2) for n in range(11)} | {round(current, 3)})


def write_predictions(path: Path, predictions: Iterable[ProblemPrediction]) -> None:
    """One line per input, in order: ``label`` (predicted) and ``score``."""
    with path.open("w", encoding="utf-8") as f:
        for p in predictions:
            f.write(json.dumps({"label": p.label, "score": round(p.score, 4)}) + "\n")
