"""Calibrate duplicate hints on real Bugzilla duplicates (Eclipse, Firefox, mobile).

    .venv/bin/python bench/bugzilla_duplicates.py [--data DIR] [--chat FILE] [--out-dir DIR]

1. Pair AUC (true duplicate pairs vs random pairs of the same project) of the embedding
   model and of a title-only TF-IDF baseline computed here, per subset.
2. Retrieval through the ``triagebot eval duplicates`` code path: the masters
   (``duplicate_of``: summary2 + description2) are the issues, the duplicates'
   titles (summary1) the queries; real #ubuntu chat lines join as queries that
   expect no issue. Recall@1/5/10 and MRR.
3. A threshold sweep of the hint: precision, recall, F1, and the share of chat lines
   flagged, with the lowest threshold reaching precision 0.9 and the best F1.

The data is read from ``../shared/data`` and converted at run time; only the JSONL
inputs and a JSON of the results are written, under ``--out-dir`` (git-ignored).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from triagebot.cli.app import App
from triagebot.core.substance import is_substantive
from triagebot.core.text import embedding_text
from triagebot.embeddings.model import Embedder, Vectors
from triagebot.evaluation.duplicates import (
    FlagMetrics,
    Issue,
    Prediction,
    best_f1,
    issue_text,
    lowest_threshold_with_precision,
    predict,
    read_issues,
    read_queries,
    retrieval_metrics,
    sweep,
)

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
PROJECTS = ("eclipse", "firefox", "mobile")
SUBSETS = ("textually_similar", "textually_dissimilar")
FINE_GRID = [round(0.30 + 0.01 * n, 2) for n in range(61)]  # 0.30 .. 0.90
SHOWN = {round(0.40 + 0.05 * n, 2) for n in range(10)}  # 0.40 .. 0.85 in the table
console = Console()


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
    subset: str
    label: int


# -- data --------------------------------------------------------------------------------


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


# -- scoring pairs -----------------------------------------------------------------------


class CachedEmbedder:
    """Encodes each distinct text once across the whole run."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.dim = inner.dim
        self.cache: dict[str, np.ndarray] = {}

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
    """Smoothed-idf TF-IDF (scikit-learn's defaults), L2-normalised, as sparse dicts."""
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


def auc(positive: np.ndarray, negative: np.ndarray) -> float:
    """ROC AUC as the Mann-Whitney statistic (ties count one half)."""
    scores = np.concatenate([positive, negative])
    _, inverse, counts = np.unique(scores, return_inverse=True, return_counts=True)
    upper = np.cumsum(counts)
    ranks = (upper - (counts - 1) / 2.0)[inverse]  # average 1-based rank per tie group
    n_pos, n_neg = len(positive), len(negative)
    return float((ranks[:n_pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def pair_scores(pairs: Sequence[Pair], embedder: Embedder, body_chars: int) -> dict[str, Any]:
    """Cosine of each pair under the three scorers."""
    titles = [embedding_text(b.title) for p in pairs for b in (p.first, p.second)]
    full = [
        issue_text(Issue(0, b.title, b.description), body_chars)
        for p in pairs
        for b in (p.first, p.second)
    ]
    tfidf = tfidf_vectors([b.title for p in pairs for b in (p.first, p.second)])
    out: dict[str, Any] = {}
    for name, texts in (("embedding, title", titles), ("embedding, title + description", full)):
        v = embedder.encode(texts)
        out[name] = np.einsum("ij,ij->i", v[0::2], v[1::2])
    out["TF-IDF, title (baseline)"] = np.array(
        [_sparse_dot(tfidf[p.first.title], tfidf[p.second.title]) for p in pairs]
    )
    return out


def _sparse_dot(a: dict[str, float], b: dict[str, float]) -> float:
    return sum(w * b.get(tok, 0.0) for tok, w in a.items())


def auc_table(pairs: Sequence[Pair], scores: dict[str, np.ndarray]) -> dict[str, dict[str, float]]:
    labels = np.array([p.label for p in pairs])
    groups = {s: np.array([p.subset == s for p in pairs]) for s in SUBSETS}
    groups["all"] = np.ones(len(pairs), dtype=bool)
    return {
        scorer: {
            group: auc(values[mask & (labels == 1)], values[mask & (labels == 0)])
            for group, mask in groups.items()
        }
        for scorer, values in scores.items()
    }


# -- retrieval through the eval code path ------------------------------------------------


def write_eval_files(
    positives: Sequence[Pair], chat: Sequence[str], out_dir: Path, project: str | None
) -> tuple[Path, Path, int]:
    """Issues and queries JSONL for one project (ids as in Bugzilla) or for all of them
    ("project:id"). A duplicate that is itself a master in the pool is left out: its
    own text would be its best match. Returns the paths and how many were left out."""
    chosen = [p for p in positives if project is None or p.first.project == project]

    def key(bug: Bug) -> int | str:
        return bug.id if project else f"{bug.project}:{bug.id}"

    masters = {key(p.second): p.second for p in chosen}
    queries = [
        {"id": key(p.first), "text": p.first.title, "expected": [key(p.second)]}
        for p in chosen
        if key(p.first) not in masters
    ]
    queries += [{"id": f"chat:{n}", "text": t, "expected": []} for n, t in enumerate(chat)]
    name = project or "all"
    issues_path, queries_path = out_dir / f"{name}_issues.jsonl", out_dir / f"{name}_queries.jsonl"
    with issues_path.open("w", encoding="utf-8") as f:
        for issue_id, bug in masters.items():
            record = {"id": issue_id, "title": bug.title, "body": bug.description}
            f.write(json.dumps(record) + "\n")
    with queries_path.open("w", encoding="utf-8") as f:
        f.writelines(json.dumps(q) + "\n" for q in queries)
    return issues_path, queries_path, len(chosen) + len(chat) - len(queries)


def run_eval(
    issues_path: Path, queries_path: Path, embedder: Embedder, body_chars: int
) -> list[Prediction]:
    issues, queries = read_issues(issues_path), read_queries(queries_path)
    return predict(issues, queries, embedder, body_chars=body_chars)


def chat_rate(predictions: Sequence[Prediction], threshold: float, substantive: bool) -> float:
    chat = [
        p
        for p in predictions
        if p.query.expected == () and (not substantive or is_substantive(p.query.text))
    ]
    return sum(p.flagged(threshold) is not None for p in chat) / max(len(chat), 1)


# -- printing ----------------------------------------------------------------------------


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def print_auc(table: dict[str, dict[str, float]], counts: dict[str, tuple[int, int]]) -> None:
    out = Table("scorer", *(f"{g}\n{counts[g][0]}+ / {counts[g][1]}-" for g in counts))
    out.title, out.title_justify = "pair AUC: duplicates vs random pairs", "left"
    for scorer, row in table.items():
        out.add_row(scorer, *(f"{row[g]:.3f}" for g in counts))
    console.print(out)


def print_retrieval(rows: dict[str, dict[str, Any]]) -> None:
    out = Table("issues pool", "issues", "queries", "R@1", "R@5", "R@10", "MRR")
    out.title, out.title_justify = "retrieval: duplicate title -> its master", "left"
    for name, r in rows.items():
        metrics = (_f(r[c]) for c in ("R@1", "R@5", "R@10", "MRR"))
        out.add_row(name, f"{r['issues']:,}", f"{r['queries']:,}", *metrics)
    console.print(out)


def sweep_rows(predictions: Sequence[Prediction]) -> list[dict[str, Any]]:
    rows = []
    for m in sweep(predictions, FINE_GRID):
        dup = _dup_only(m)
        rows.append(
            {
                "threshold": m.threshold,
                "flagged_duplicates": dup.flagged,
                "precision": dup.precision,
                "recall": dup.recall,
                "f1": dup.f1,
                "chat_flag_rate": m.non_duplicate_flag_rate,
                "chat_flag_rate_substantive": chat_rate(predictions, m.threshold, True),
                "precision_with_chat": m.precision,
            }
        )
    return rows


def _dup_only(m: FlagMetrics) -> FlagMetrics:
    """The same counts without the chat queries (which expect no issue)."""
    flagged = m.flagged - m.false_on_non_duplicates
    return FlagMetrics(m.threshold, m.duplicates, 0, flagged, m.correct, 0)


def print_sweep(rows: Sequence[dict[str, Any]], marked: set[float]) -> None:
    out = Table(
        "threshold", "flagged", "precision", "recall", "F1",
        "chat flagged", "chat (substantive)", "precision incl. chat",
    )  # fmt: skip
    out.title, out.title_justify = "hints by threshold (all projects' masters as issues)", "left"
    for r in rows:
        if r["threshold"] in SHOWN or r["threshold"] in marked:
            star = " *" if r["threshold"] in marked else ""
            out.add_row(
                f"{r['threshold']:.2f}{star}", f"{r['flagged_duplicates']:,}",
                _f(r["precision"]), _f(r["recall"]), _f(r["f1"]),
                f"{100 * r['chat_flag_rate']:.2f}%",
                f"{100 * r['chat_flag_rate_substantive']:.2f}%",
                _f(r["precision_with_chat"]),
            )  # fmt: skip
    console.print(out)


# -- main --------------------------------------------------------------------------------


def main() -> None:
    args = parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    app = App()
    base = app.embedder
    if base is None:
        raise SystemExit("EMBED_ENABLED is off: this benchmark needs the model")
    embedder = CachedEmbedder(base)
    body_chars = app.settings.matching.issue_body_chars
    console.print(f"model {getattr(base, 'describe', lambda: base.model_id)()}")
    results: dict[str, Any] = {"model": base.model_id, "issue_body_chars": body_chars}

    positives, negatives = load_pairs(args.data)
    pairs = [*positives, *negatives]
    aucs = auc_table(pairs, pair_scores(pairs, embedder, body_chars))
    counts = {
        g: (
            sum(p.label == 1 and g in ("all", p.subset) for p in pairs),
            sum(p.label == 0 and g in ("all", p.subset) for p in pairs),
        )
        for g in (*SUBSETS, "all")
    }
    print_auc(aucs, counts)
    results["auc"] = aucs

    chat = load_chat(args.chat, args.chat_lines)
    results["retrieval"], all_predictions = retrieval(positives, chat, embedder, body_chars, args)
    print_retrieval(results["retrieval"])

    rows = sweep_rows(all_predictions)
    results["sweep"] = rows
    results["chosen"] = choose(all_predictions, rows)
    print_sweep(rows, {c["threshold"] for c in results["chosen"].values() if c})
    for name, row in results["chosen"].items():
        console.print(f"{name}: {row['threshold'] if row else 'none'}", highlight=False)
    results["seconds"] = round(time.perf_counter() - started, 1)
    out = args.out_dir / "bugzilla_duplicates.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    console.print(f"{len(embedder.cache):,} texts encoded in {results['seconds']}s; wrote {out}")


def retrieval(
    positives: Sequence[Pair],
    chat: Sequence[str],
    embedder: Embedder,
    body_chars: int,
    args: argparse.Namespace,
) -> tuple[dict[str, dict[str, Any]], list[Prediction]]:
    rows: dict[str, dict[str, Any]] = {}
    predictions: list[Prediction] = []
    for project in (*PROJECTS, None):
        issues_path, queries_path, left_out = write_eval_files(
            positives, chat, args.out_dir, project
        )
        predictions = run_eval(issues_path, queries_path, embedder, body_chars)
        m = retrieval_metrics(predictions)
        assert m is not None
        rows[project or "all projects"] = {
            "issues": sum(1 for _ in issues_path.open()),
            "queries": m.queries,
            "left_out": left_out,
            "R@1": m.recall[1],
            "R@5": m.recall[5],
            "R@10": m.recall[10],
            "MRR": m.mrr,
            "command": f"triagebot eval duplicates --issues {issues_path} --queries {queries_path}",
        }
    return rows, predictions  # the last run: every project's masters in one pool


def choose(predictions: Sequence[Prediction], rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The candidate defaults, picked by the package's own rules on the duplicate queries."""
    dup = [_dup_only(m) for m in sweep(predictions, FINE_GRID)]
    by_threshold = {r["threshold"]: r for r in rows}
    picks = {
        f"lowest threshold with precision >= {p} (and above)": lowest_threshold_with_precision(
            dup, p
        )
        for p in (0.9, 0.95)
    }
    picks["best F1"] = best_f1(dup)
    chosen: dict[str, Any] = {k: by_threshold[m.threshold] if m else None for k, m in picks.items()}
    quiet = [r for r in rows if r["chat_flag_rate_substantive"] <= 0.01]
    chosen["lowest threshold flagging <= 1% of substantive chat"] = min(
        quiet, key=lambda r: r["threshold"], default=None
    )
    return chosen


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=SHARED / "dup_bugzilla_textdissim")
    parser.add_argument(
        "--chat", type=Path, default=SHARED / "chat_irc_ubuntu_disentangled" / "dev.jsonl"
    )
    parser.add_argument("--chat-lines", type=int, default=2000)
    parser.add_argument("--out-dir", type=Path, default=Path(__file__).resolve().parent / "results")
    return parser.parse_args()


if __name__ == "__main__":
    main()
