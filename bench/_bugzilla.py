"""The Bugzilla duplicate pairs, read at run time, and the pair scorers of the benchmark.

Nothing here is copied from the data: the CSVs under ``../shared/data`` are parsed and
converted to the ``triagebot eval duplicates`` JSONL inputs on every run.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from triagebot.core.text import embedding_text
from triagebot.core.vectors import Vectors
from triagebot.embeddings.model import Embedder
from triagebot.evaluation.duplicates import Issue, issue_text

PROJECTS = ("eclipse", "firefox", "mobile")
SUBSETS = ("textually_similar", "textually_dissimilar")
Scores = NDArray[np.float64]


@dataclass(frozen=True)
class Bug:
    project: str
    id: int
    title: str
    description: str


@dataclass(frozen=True)
class Pair:
    first: Bug
    second: Bug
    subset: str  # of the positive pair (a negative inherits its first bug's subset)
    label: int


def load_pairs(data: Path) -> tuple[list[Pair], list[Pair]]:
    """Positive pairs, and the random negatives with their bugs' descriptions looked up."""
    with (data / "duplicate_pairs.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    bugs: dict[tuple[str, int], Bug] = {}
    positives = []
    for row in rows:
        one = Bug(row["project"], int(row["bug_id"]), row["summary1"], row["description1"])
        two = Bug(row["project"], int(row["duplicate_of"]), row["summary2"], row["description2"])
        bugs[(one.project, one.id)] = one
        bugs[(two.project, two.id)] = two
        positives.append(Pair(one, two, row["subset"], 1))
    subset_of = {(p.first.project, p.first.id): p.subset for p in positives}
    with (data / "random_negative_pairs_seed13.csv").open(encoding="utf-8") as f:
        negatives = [
            Pair(
                bugs[(row["project"], int(row["bug_id"]))],
                bugs[(row["project"], int(row["other_id"]))],
                subset_of[(row["project"], int(row["bug_id"]))],
                0,
            )
            for row in csv.DictReader(f)
        ]
    return positives, negatives


def load_chat(path: Path, limit: int) -> list[str]:
    """The first ``limit`` non-system, non-empty chat lines, in log order."""
    lines: list[str] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if not record["system"] and record["text"].strip():
                lines.append(record["text"])
            if len(lines) == limit:
                break
    return lines


class CachedEmbedder:
    """Encodes each distinct text once across the whole run."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.dim = inner.dim
        self.cache: dict[str, NDArray[np.float32]] = {}

    def encode(self, texts: Sequence[str]) -> Vectors:
        todo = list(dict.fromkeys(t for t in texts if t not in self.cache))
        for start in range(0, len(todo), 256):
            chunk = todo[start : start + 256]
            self.cache.update(zip(chunk, self.inner.encode(chunk), strict=True))
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self.cache[t] for t in texts]).astype(np.float32)


_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern


def tfidf_vectors(texts: Sequence[str]) -> dict[str, dict[str, float]]:
    """scikit-learn's default TF-IDF (raw counts, smoothed idf, L2), as sparse dicts."""
    docs = {t: Counter(_TOKEN.findall(t.lower())) for t in set(texts)}
    df = Counter(token for counts in docs.values() for token in counts)
    n = len(docs)
    idf = {token: math.log((1 + n) / (1 + d)) + 1 for token, d in df.items()}
    vectors = {}
    for text, counts in docs.items():
        weights = {tok: c * idf[tok] for tok, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors[text] = {tok: w / norm for tok, w in weights.items()}
    return vectors


def _sparse_dot(a: dict[str, float], b: dict[str, float]) -> float:
    return sum(w * b.get(tok, 0.0) for tok, w in a.items())


def auc(positive: Scores, negative: Scores) -> float:
    """ROC AUC as the Mann-Whitney statistic (ties count one half)."""
    scores = np.concatenate([positive, negative])
    _, inverse, counts = np.unique(scores, return_inverse=True, return_counts=True)
    ranks = (np.cumsum(counts) - (counts - 1) / 2.0)[inverse]  # mean 1-based rank of ties
    n_pos, n_neg = len(positive), len(negative)
    return float((ranks[:n_pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def pair_scores(pairs: Sequence[Pair], embedder: Embedder, body_chars: int) -> dict[str, Scores]:
    """The cosine of each pair under each scorer."""
    bugs = [b for p in pairs for b in (p.first, p.second)]
    titles = [embedding_text(b.title) for b in bugs]
    full = [issue_text(Issue(0, b.title, b.description), body_chars) for b in bugs]
    out: dict[str, Scores] = {}
    for name, texts in (("embedding, title", titles), ("embedding, title + description", full)):
        v = embedder.encode(texts).astype(np.float64)
        out[name] = np.einsum("ij,ij->i", v[0::2], v[1::2])
    tfidf = tfidf_vectors([b.title for b in bugs])
    out["TF-IDF, title (baseline)"] = np.array(
        [_sparse_dot(tfidf[p.first.title], tfidf[p.second.title]) for p in pairs]
    )
    return out


def pair_groups(pairs: Sequence[Pair]) -> dict[str, NDArray[np.bool_]]:
    """Masks of the pairs per subset, per project, and all."""
    groups = {s: np.array([p.subset == s for p in pairs]) for s in SUBSETS}
    groups |= {g: np.array([p.first.project == g for p in pairs]) for g in PROJECTS}
    groups["all"] = np.ones(len(pairs), dtype=bool)
    return groups


def auc_table(
    pairs: Sequence[Pair], scores: dict[str, Scores], groups: dict[str, NDArray[np.bool_]]
) -> dict[str, dict[str, float]]:
    positive = np.array([p.label == 1 for p in pairs])
    table: dict[str, dict[str, float]] = {}
    for scorer, values in scores.items():
        table[scorer] = {
            g: auc(values[m & positive], values[m & ~positive]) for g, m in groups.items()
        }
    return table


def write_eval_files(
    positives: Sequence[Pair], chat: Sequence[str], out_dir: Path, project: str | None
) -> tuple[Path, Path, int]:
    """Issues and queries JSONL for one project (Bugzilla ids) or all ("project:id").

    The masters are the issues; each duplicate's title is a query expecting its master,
    and each chat line a query expecting none. A duplicate that is itself a master in
    the pool is left out (its own text would be its best match); returns how many.
    """
    chosen = [p for p in positives if project is None or p.first.project == project]

    def key(bug: Bug) -> int | str:
        return bug.id if project else f"{bug.project}:{bug.id}"

    masters = {key(p.second): p.second for p in chosen}
    queries: list[dict[str, object]] = [
        {"id": key(p.first), "text": p.first.title, "expected": [key(p.second)]}
        for p in chosen
        if key(p.first) not in masters
    ]
    left_out = len(chosen) - len(queries)
    queries += [{"id": f"chat:{n}", "text": t, "expected": []} for n, t in enumerate(chat)]
    name = project or "all"
    issues_path, queries_path = out_dir / f"{name}_issues.jsonl", out_dir / f"{name}_queries.jsonl"
    with issues_path.open("w", encoding="utf-8") as f:
        for issue_id, bug in masters.items():
            record = {"id": issue_id, "title": bug.title, "body": bug.description}
            f.write(json.dumps(record) + "\n")
    with queries_path.open("w", encoding="utf-8") as f:
        f.writelines(json.dumps(q) + "\n" for q in queries)
    return issues_path, queries_path, left_out
