"""Bugzilla duplicate retrieval, read at run time: every master is an issue, every
duplicate's title a query, and each query's own master the answer.

Shared by ``bench.retrieval_fusion`` (the table) and ``scripts/fit_fusion.py`` (the
calibration that ships), so both see the same corpus and the same scores.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from triagebot.core.issues import issue_text
from triagebot.core.lexical import LexicalIndex
from triagebot.core.text import embedding_text
from triagebot.embeddings.model import Embedder

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "dup_bugzilla_textdissim"
BODY_CHARS = 600
Matrix = NDArray[np.float32]


@dataclass
class Project:
    name: str
    titles: list[str]  # the masters'
    bodies: list[str]
    queries: list[str]  # the duplicates' titles
    answers: NDArray[np.int64]  # each query's master, as a row of the masters


@dataclass
class Scores:
    """(queries, masters): each signal the matcher can use."""

    title: Matrix  # cosine to the master's title
    both: Matrix  # cosine to title + body
    lexical: Matrix  # BM25, normalised to [0, 1]

    @property
    def dense(self) -> Matrix:
        """Title alone or title + body, whichever is closer."""
        return np.maximum(self.title, self.both)


def project(name: str) -> Project:
    with (SHARED / "duplicate_pairs.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["project"] == name]
    masters: dict[str, tuple[str, str]] = {}
    duplicates: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        masters[r["duplicate_of"]] = (r["summary2"], r["description2"])
        duplicates[r["duplicate_of"]].append(r["summary1"])
    keys = sorted(masters)
    queries, answers = [], []
    for row, key in enumerate(keys):
        for title in duplicates[key]:
            queries.append(title)
            answers.append(row)
    return Project(
        name,
        [masters[k][0] for k in keys],
        [masters[k][1] for k in keys],
        queries,
        np.array(answers, dtype=np.int64),
    )


def scores(p: Project, embedder: Embedder) -> Scores:
    q = embedder.encode([embedding_text(t) for t in p.queries])
    title = embedder.encode([embedding_text(t) for t in p.titles])
    pairs = zip(p.titles, p.bodies, strict=True)
    both = embedder.encode([issue_text(t, b, BODY_CHARS) for t, b in pairs])
    index = LexicalIndex()
    for n, (t, b) in enumerate(zip(p.titles, p.bodies, strict=True)):
        index.add(n, t, b[:BODY_CHARS])
    lexical = index.scores(p.queries, list(range(len(p.titles))))
    return Scores(q @ title.T, q @ both.T, lexical)


def ranks(matrix: Matrix, answers: NDArray[np.int64]) -> NDArray[np.int64]:
    """Each query's answer's 1-based rank (ties count against it)."""
    own = matrix[np.arange(len(answers)), answers]
    return (matrix > own[:, None]).sum(axis=1) + 1


def metrics(rank: NDArray[np.int64]) -> dict[str, float]:
    return {
        "R@1": float((rank <= 1).mean()),
        "R@5": float((rank <= 5).mean()),
        "R@10": float((rank <= 10).mean()),
        "MRR": float(np.where(rank <= 10, 1.0 / rank, 0.0).mean()),
    }


def bootstrap(rank: NDArray[np.int64], seed: int = 7, draws: int = 1000) -> dict[str, str]:
    """95% intervals of each metric over resampled queries."""
    rng = np.random.default_rng(seed)
    samples = [metrics(rank[rng.integers(0, len(rank), len(rank))]) for _ in range(draws)]
    out = {}
    for key in samples[0]:
        lo, hi = np.percentile([s[key] for s in samples], [2.5, 97.5])
        out[key] = f"{lo:.2f}–{hi:.2f}"
    return out
