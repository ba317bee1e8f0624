"""Fit how lexical and dense scores combine: the calibration in triagebot/core/fusion.json.

    .venv/bin/python scripts/fit_fusion.py

On the Eclipse Bugzilla duplicates only (the other projects are what the bench
reports): for each duplicate title, its own master is a positive pair and its ten
nearest other masters plus ten random ones are negatives. Two logistic regressions
are fitted, P(duplicate | dense) and P(duplicate | dense, lexical); the fused score is
the dense score that the first would need to reach the probability the second gives,

    fused = (a·dense + b·lexical + c − β) / α,

so a threshold on the fused score means the same precision as it did on the dense
cosine, and MATCH_THRESHOLD keeps its meaning. Deterministic (seed 7).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._retrieval import project, scores  # noqa: E402
from triagebot.core.fusion import FUSION_FILE  # noqa: E402

NEAREST, RANDOM = 10, 10


def pairs(dense: NDArray[np.float32], lexical: NDArray[np.float32], answers: NDArray[np.int64]):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(7)
    rows, labels = [], []
    for q, own in enumerate(answers):
        rows.append((dense[q, own], lexical[q, own]))
        labels.append(1.0)
        order = [int(i) for i in np.argsort(-(dense[q] + lexical[q])) if i != own][:NEAREST]
        order += [int(i) for i in rng.choice(dense.shape[1], RANDOM) if i != own]
        for i in order:
            rows.append((dense[q, i], lexical[q, i]))
            labels.append(0.0)
    return np.array(rows, dtype=np.float64), np.array(labels)


def logistic(x: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.float64]:
    """Weights (…, bias) by Newton's method, a little L2 for stability."""
    design = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(design.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-(design @ w)))
        grad = design.T @ (p - y) + 1e-3 * w
        hess = (design * (p * (1 - p))[:, None]).T @ design + 1e-3 * np.eye(len(w))
        w -= np.linalg.solve(hess, grad)
    return w


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from triagebot.embeddings.model import SentenceEmbedder

    embedder = SentenceEmbedder("sentence-transformers/all-MiniLM-L6-v2", backend="fp32")
    eclipse = project("eclipse")
    found = scores(eclipse, embedder)
    x, y = pairs(found.dense, found.lexical, eclipse.answers)
    alpha, beta = logistic(x[:, :1], y)
    a, b, c = logistic(x, y)
    fusion = {
        "dense": round(float(a / alpha), 4),
        "lexical": round(float(b / alpha), 4),
        "offset": round(float((c - beta) / alpha), 4),
        "fitted_on": f"eclipse: {len(eclipse.queries)} duplicate titles, {len(y)} pairs",
    }
    FUSION_FILE.write_text(json.dumps(fusion, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(fusion, indent=2))


if __name__ == "__main__":
    main()
