"""What each part of issue matching buys, on real Bugzilla duplicates.

    .venv/bin/python -m bench.retrieval_fusion

Per project, every master (title + description) is an issue and every duplicate's
title a query that should find its own master: recall@1/5/10 and MRR (first hit in the
top 10) for the cosine to title + body, to the title, the closer of the two, BM25
alone, and the fused score the bot uses, with 95% bootstrap intervals over queries.
Pair AUC: each duplicate against its master versus three random masters of the same
project, dense and fused. The fusion was fitted on Eclipse (``scripts/fit_fusion.py``):
Firefox and Firefox mobile are the projects it never saw.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from bench._retrieval import Scores, bootstrap, metrics, project, ranks, scores
from triagebot.core.fusion import shipped_fusion

RESULTS = Path(__file__).resolve().parent / "results"
PROJECTS = ("eclipse", "firefox", "mobile")


def pair_auc(matrix: np.ndarray, answers: np.ndarray, seed: int = 13) -> float:
    rng = np.random.default_rng(seed)
    pos = matrix[np.arange(len(answers)), answers]
    neg = []
    for q, own in enumerate(answers):
        others = [int(i) for i in rng.choice(matrix.shape[1], 4) if i != own][:3]
        neg += [matrix[q, i] for i in others]
    negatives = np.array(neg)
    above = (pos[:, None] > negatives[None, :]).mean()
    ties = (pos[:, None] == negatives[None, :]).mean()
    return float(above + 0.5 * ties)


def methods(s: Scores) -> dict[str, np.ndarray]:
    fusion = shipped_fusion()
    return {
        "dense, title + body": s.both,
        "dense, title": s.title,
        "dense, the closer": s.dense,
        "lexical (BM25)": s.lexical,
        "fused": fusion(s.dense, s.lexical),
    }


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from triagebot.embeddings.model import SentenceEmbedder

    embedder = SentenceEmbedder("sentence-transformers/all-MiniLM-L6-v2")
    out = []
    for name in PROJECTS:
        p = project(name)
        found = methods(scores(p, embedder))
        seen = " (fusion fitted here)" if name == "eclipse" else ""
        print(f"\n{name}{seen}: {len(p.queries):,} duplicate titles, {len(p.titles):,} masters")
        print(f"{'method':<22} {'R@1':>6} {'R@5':>6} {'R@10':>6} {'MRR':>6}  95% R@5 / MRR   AUC")
        for method, matrix in found.items():
            rank = ranks(matrix, p.answers)
            m, ci = metrics(rank), bootstrap(rank)
            auc = pair_auc(matrix, p.answers)
            print(f"{method:<22} {m['R@1']:>6.3f} {m['R@5']:>6.3f} {m['R@10']:>6.3f} "
                  f"{m['MRR']:>6.3f}  {ci['R@5']} / {ci['MRR']}  {auc:.3f}")  # fmt: skip
            out.append({"project": name, "method": method, **m, "ci": ci, "auc": round(auc, 3)})
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "retrieval_fusion.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
