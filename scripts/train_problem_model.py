"""Train the problem-ness model that ships in ``triagebot/core/problem_model.json``.

    .venv/bin/python scripts/train_problem_model.py [--seed 7]

Reads the labelled lines of ``bench/_problem_data.py`` (training parts only), embeds
them with all-MiniLM-L6-v2 (fp32), and fits a multinomial logistic regression over
[embedding, register cues] and a second one over the cues alone (used when another
encoder is configured). Sources are weighted so no single one decides: each chat
source counts as much as the others, and tracker titles (all problems, in the
tracker's register) count a quarter as much, so the model cannot learn "tracker
register = problem". The threshold is chosen on a validation tenth of the training
lines (chat sources only), never on the held-out parts ``bench.problem_eval`` reports.
Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._problem_data import CHAT_SOURCES, Line, every_line  # noqa: E402
from triagebot.core.problems import LABELS, MODEL_FILE, ProblemModel, cue_matrix  # noqa: E402
from triagebot.core.text import embedding_text  # noqa: E402

ENCODER = "sentence-transformers/all-MiniLM-L6-v2"
TRACKER_WEIGHT = 0.25
L2 = 1e-3
STEPS = 600


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from triagebot.embeddings.model import SentenceEmbedder

    lines = [line for line in every_line() if not line.held_out]
    print("training lines:", dict(Counter((x.source, x.label) for x in lines)))
    embedder = SentenceEmbedder(ENCODER, backend="fp32")
    vectors = embedder.encode([embedding_text(x.text) for x in lines])
    cues = cue_matrix([x.text for x in lines])
    y = np.array([LABELS.index(x.label) for x in lines])  # type: ignore[arg-type]
    weights = source_weights(lines)
    validation = np.array([_is_validation(x.text) for x in lines])
    chat = np.array([x.source in CHAT_SOURCES for x in lines])
    shipped = {}
    for name, inputs in (("with_vectors", np.hstack([vectors, cues])), ("cues_only", cues)):
        rng = np.random.default_rng(args.seed)
        w, b = fit(inputs[~validation], y[~validation], weights[~validation], rng)
        model = ProblemModel(embedder.model_id, w, b, 0.5, uses_vectors=name == "with_vectors")
        score = _scores(model, inputs)
        model = ProblemModel(
            model.encoder,
            w,
            b,
            best_threshold(score[validation & chat], y[validation & chat]),
            model.uses_vectors,
        )
        print(f"{name}: threshold {model.threshold:.2f}")
        shipped[name] = model.as_json()
    shipped["trained_on"] = {f"{s}/{lab}": n for (s, lab), n in sorted(_counts(lines).items())}
    shipped["seed"] = args.seed
    MODEL_FILE.write_text(json.dumps(shipped, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_FILE} ({MODEL_FILE.stat().st_size:,} bytes)")


def source_weights(lines: list[Line]) -> NDArray[np.float64]:
    """Each (source, class) cell weighs the same within a source; sources weigh the
    same as each other, tracker titles a quarter of one."""
    cells = Counter((x.source, x.label) for x in lines)
    per_source = Counter(x.source for x in lines)
    classes = {s: sum(1 for (src, _) in cells if src == s) for s in per_source}
    out = np.empty(len(lines))
    for i, x in enumerate(lines):
        share = TRACKER_WEIGHT if x.source == "tracker" else 1.0
        out[i] = share / (classes[x.source] * cells[(x.source, x.label)])
    return out * len(lines) / out.sum()


def fit(
    x: NDArray[np.float32], y: NDArray[np.int64], w: NDArray[np.float64], rng: np.random.Generator
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """Weighted multinomial logistic regression, L2, full-batch Adam."""
    classes = len(LABELS)
    weights = rng.normal(0, 0.01, (classes, x.shape[1]))
    bias = np.zeros(classes)
    onehot = np.eye(classes)[y]
    m = [np.zeros_like(weights), np.zeros_like(bias)]
    v = [np.zeros_like(weights), np.zeros_like(bias)]
    for step in range(1, STEPS + 1):
        logits = x @ weights.T + bias
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        err = (p - onehot) * w[:, None] / len(y)
        grads = [err.T @ x + L2 * weights, err.sum(axis=0)]
        for k, (param, grad) in enumerate(zip((weights, bias), grads, strict=True)):
            m[k] = 0.9 * m[k] + 0.1 * grad
            v[k] = 0.999 * v[k] + 0.001 * grad**2
            param -= 0.05 * (m[k] / (1 - 0.9**step)) / (np.sqrt(v[k] / (1 - 0.999**step)) + 1e-8)
    return weights.astype(np.float32), bias.astype(np.float32)


def best_threshold(score: NDArray[np.float32], y: NDArray[np.int64]) -> float:
    """The threshold on problem-or-request with the best F1 on validation lines."""
    truth = y != LABELS.index("other")
    best, chosen = -1.0, 0.5
    for t in np.arange(0.30, 0.81, 0.025):
        said = score >= t
        tp = float((said & truth).sum())
        f1 = 2 * tp / max(1.0, float(said.sum() + truth.sum()))
        if f1 > best:
            best, chosen = f1, float(round(t, 3))
    return chosen


def _scores(model: ProblemModel, inputs: NDArray[np.float32]) -> NDArray[np.float32]:
    logits = inputs @ model.weights.T + model.bias
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    p /= p.sum(axis=1, keepdims=True)
    return (p[:, 0] + p[:, 1]).astype(np.float32)


def _is_validation(text: str) -> bool:
    return int(hashlib.sha256(b"validation:" + text.encode()).hexdigest()[:8], 16) % 10 == 0


def _counts(lines: list[Line]) -> Counter[tuple[str, str]]:
    return Counter((x.source, x.label) for x in lines)


if __name__ == "__main__":
    main()
