"""How well the shipped problem-ness model tells reports from talk, on lines it never saw.

    .venv/bin/python -m bench.problem_eval

Every number is on the held-out part of each source (``bench/_problem_data.py``):
chat-style lines (informal app reviews, hand-labelled #ubuntu lines, written lines)
and tracker titles (Firefox Bugzilla titles; the model saw Eclipse ones), reported
separately. "reports" means problem or request, against other. The spread is the
95% bootstrap interval over the lines (1,000 resamples, seed 7).
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from bench._problem_data import Line, every_line
from triagebot.core.problems import problem_model
from triagebot.core.text import embedding_text

RESULTS = Path(__file__).resolve().parent / "results"
ENCODER = "sentence-transformers/all-MiniLM-L6-v2"


def precision_recall(said: NDArray[np.bool_], truth: NDArray[np.bool_]) -> tuple[float, float]:
    tp = float((said & truth).sum())
    return tp / max(1.0, float(said.sum())), tp / max(1.0, float(truth.sum()))


def interval(said: NDArray[np.bool_], truth: NDArray[np.bool_]) -> tuple[str, str]:
    rng = np.random.default_rng(7)
    draws = [rng.integers(0, len(said), len(said)) for _ in range(1000)]
    pairs = np.array([precision_recall(said[d], truth[d]) for d in draws])
    lo, hi = np.percentile(pairs, [2.5, 97.5], axis=0)
    return f"{lo[0]:.2f}–{hi[0]:.2f}", f"{lo[1]:.2f}–{hi[1]:.2f}"


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from triagebot.embeddings.model import SentenceEmbedder

    embedder = SentenceEmbedder(ENCODER)
    model = problem_model(embedder.model_id)
    held: dict[str, list[Line]] = defaultdict(list)
    for line in every_line():
        if line.held_out:
            held[line.source].append(line)
    print(f"problem-ness model, threshold {model.threshold:.2f}, held-out lines only")
    print(f"{'source':<9} {'lines':>6} {'reports':>8} {'precision':>10} {'recall':>7}  95% P / R")
    rows = []
    for source in ("reviews", "ubuntu", "written", "tracker"):
        lines = held.get(source, [])
        if not lines:
            continue
        texts = [x.text for x in lines]
        scores = model.scores(embedder.encode([embedding_text(t) for t in texts]), texts)
        said = scores >= model.threshold
        truth = np.array([x.label != "other" for x in lines])
        p, r = precision_recall(said, truth)
        p_range, r_range = interval(said, truth)
        print(
            f"{source:<9} {len(lines):>6} {int(truth.sum()):>8} {p:>10.2f} {r:>7.2f}"
            f"  {p_range} / {r_range}"
        )
        rows.append(
            {"source": source, "lines": len(lines), "precision": round(p, 3),
             "recall": round(r, 3), "precision_95": p_range, "recall_95": r_range}
        )  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    out = {"threshold": model.threshold, "rows": rows}
    (RESULTS / "problem_eval.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
