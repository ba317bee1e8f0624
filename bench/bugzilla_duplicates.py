"""Calibrate duplicate hints on real Bugzilla duplicates (Eclipse, Firefox, mobile).

    .venv/bin/python bench/bugzilla_duplicates.py [--data DIR] [--chat FILE] [--out-dir DIR]

1. Pair AUC (true duplicate pairs vs random pairs of the same project) of the embedding
   model and of a title-only TF-IDF baseline computed in the same run, per subset.
2. Retrieval through the ``triagebot eval duplicates`` code path: the masters
   (``duplicate_of``: summary2 + description2) are the issues, the duplicates' titles
   (summary1) the queries, and real #ubuntu chat lines join as queries that expect no
   issue. Recall@1/5/10 and MRR.
3. A threshold sweep of the hint: precision, recall and F1 on the duplicates; the
   share of chat lines flagged (every one a false hint); and the share of duplicates
   flagged once their own master is withheld (an on-topic report of a bug the tracker
   does not have: any hint is false).

The data is read from ``../shared/data`` and converted at run time; the JSONL inputs
(``bugzilla_eval/``) and a JSON of the results are written under ``--out-dir``
(default ``bench/results/``, git-ignored). Two to six minutes on two cores, with the load.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: find bench

from bench._bugzilla import (
    PROJECTS,
    CachedEmbedder,
    Pair,
    auc_table,
    load_chat,
    load_pairs,
    pair_groups,
    pair_scores,
    write_eval_files,
)
from triagebot.core.matching import best_match
from triagebot.core.substance import is_substantive
from triagebot.evaluation.duplicate_metrics import (
    FlagMetrics,
    best_f1,
    lowest_threshold_with_precision,
    retrieval_metrics,
    sweep,
)
from triagebot.evaluation.duplicates import Prediction, predict, read_issues, read_queries
from triagebot.triage.compose import App

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
FINE_GRID = [round(0.30 + 0.01 * n, 2) for n in range(61)]  # 0.30 .. 0.90
SHOWN = {round(0.40 + 0.05 * n, 2) for n in range(10)}  # 0.40 .. 0.85 in the table
console = Console(width=130)


def run_eval(
    issues_path: Path, queries_path: Path, embedder: CachedEmbedder, body_chars: int
) -> list[Prediction]:
    """What ``triagebot eval duplicates`` does, minus the printing."""
    issues, queries = read_issues(issues_path), read_queries(queries_path)
    return predict(issues, queries, embedder, body_chars=body_chars)


def retrieval(
    positives: Sequence[Pair],
    chat: Sequence[str],
    embedder: CachedEmbedder,
    body_chars: int,
    out_dir: Path,
) -> tuple[dict[str, dict[str, Any]], list[Prediction]]:
    """Per-project pools, one pool of all projects, and that pool with titles only."""
    rows: dict[str, dict[str, Any]] = {}
    runs: list[tuple[str, str | None, int]] = [(p, p, body_chars) for p in PROJECTS]
    runs += [("all projects", None, body_chars), ("all projects, titles only", None, 0)]
    pooled: list[Prediction] = []
    for name, project, chars in runs:
        issues_path, queries_path, left_out = write_eval_files(positives, chat, out_dir, project)
        predictions = run_eval(issues_path, queries_path, embedder, chars)
        m = retrieval_metrics(predictions)
        assert m is not None
        rows[name] = {
            "issues": sum(1 for _ in issues_path.open(encoding="utf-8")),
            "queries": m.queries,
            "left_out": left_out,
            "issue_body_chars": chars,
            **{f"R@{k}": m.recall[k] for k in (1, 5, 10)},
            "MRR": m.mrr,
            "command": f"triagebot eval duplicates --issues {issues_path} --queries {queries_path}",
        }
        if name == "all projects":
            pooled = predictions
    return rows, pooled


def _dup_only(m: FlagMetrics) -> FlagMetrics:
    """The same counts without the chat queries (which expect no issue)."""
    flagged = m.flagged - m.false_on_non_duplicates
    return FlagMetrics(m.threshold, m.duplicates, 0, flagged, m.correct, 0)


def _chat_rate(predictions: Sequence[Prediction], threshold: float) -> float:
    chat = [p for p in predictions if p.query.expected == () and is_substantive(p.query.text)]
    return sum(p.flagged(threshold) is not None for p in chat) / max(len(chat), 1)


def _withheld_rate(predictions: Sequence[Prediction], threshold: float) -> float:
    """The share of duplicates hinted at some issue once their own master is withheld:
    on-topic messages about a bug that is not in the tracker (yet), so any hint is false.
    ``best_match`` skips the master as a moderator's "not related" would."""
    duplicates = [p for p in predictions if p.query.expected]
    hinted = 0
    for p in duplicates:
        expected = set(p.query.expected or ())
        withheld = {c.issue.key for c in p.candidates if p.issue_ids[c.issue.key] in expected}
        hinted += best_match(p.candidates, threshold, rejected=withheld) is not None
    return hinted / max(len(duplicates), 1)


def sweep_rows(predictions: Sequence[Prediction]) -> list[dict[str, Any]]:
    rows = []
    for m in sweep(predictions, FINE_GRID):
        dup = _dup_only(m)
        rows.append(
            {
                "threshold": m.threshold,
                "flagged": dup.flagged,
                "precision": dup.precision,
                "recall": dup.recall,
                "f1": dup.f1,
                "chat_flag_rate": m.non_duplicate_flag_rate,
                "chat_flag_rate_substantive": _chat_rate(predictions, m.threshold),
                "master_withheld_flag_rate": _withheld_rate(predictions, m.threshold),
                "precision_with_chat": m.precision,
            }
        )
    return rows


def choose(predictions: Sequence[Prediction], rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Candidate defaults, picked with the package's own rules on the duplicate queries."""
    dup = [_dup_only(m) for m in sweep(predictions, FINE_GRID)]
    by_threshold = {r["threshold"]: r for r in rows}
    picks: dict[str, FlagMetrics | None] = {}
    for p in (0.8, 0.9):
        picks[f"precision >= {p} here and above"] = lowest_threshold_with_precision(dup, p)
        reached = [m for m in dup if m.precision is not None and m.precision >= p]
        picks[f"precision >= {p} first reached"] = reached[0] if reached else None
    picks["best F1"] = best_f1(dup)
    chosen = {k: by_threshold[m.threshold] if m else None for k, m in picks.items()}
    for rate in (0.01, 0.0):
        quiet = [r for r in rows if r["chat_flag_rate"] <= rate]
        chosen[f"chat lines flagged <= {rate:.0%}"] = quiet[0] if quiet else None
    for rate in (0.2, 0.1):
        quiet = [r for r in rows if r["master_withheld_flag_rate"] <= rate]
        chosen[f"new bugs (master withheld) flagged <= {rate:.0%}"] = quiet[0] if quiet else None
    return chosen


# -- printing ----------------------------------------------------------------------------


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def print_auc(table: dict[str, dict[str, float]], counts: dict[str, tuple[int, int]]) -> None:
    out = Table("scorer", *(f"{g}\n{counts[g][0]}+ / {counts[g][1]}-" for g in counts))
    out.title, out.title_justify = "pair AUC: duplicate pairs vs random pairs", "left"
    for scorer, row in table.items():
        out.add_row(scorer, *(f"{row[g]:.3f}" for g in counts))
    console.print(out)


def print_retrieval(rows: dict[str, dict[str, Any]]) -> None:
    out = Table("issues pool", "issues", "queries", "R@1", "R@5", "R@10", "MRR")
    out.title, out.title_justify = "retrieval: a duplicate's title -> its master", "left"
    for name, r in rows.items():
        metrics = (_f(r[c]) for c in ("R@1", "R@5", "R@10", "MRR"))
        out.add_row(name, f"{r['issues']:,}", f"{r['queries']:,}", *metrics)
    console.print(out)


def print_sweep(rows: Sequence[dict[str, Any]], marked: set[float], chat: tuple[int, int]) -> None:
    out = Table(
        "threshold", "flagged", "precision", "recall", "F1",
        f"chat flagged\n(of {chat[0]:,})", f"substantive chat\nflagged (of {chat[1]:,})",
        "precision\nincl. chat", "new bug flagged\n(master withheld)",
        title="hints by threshold: all projects' masters as issues", title_justify="left",
    )  # fmt: skip
    for r in rows:
        if r["threshold"] in SHOWN or r["threshold"] in marked:
            out.add_row(
                f"{r['threshold']:.2f}" + (" *" if r["threshold"] in marked else ""),
                f"{r['flagged']:,}", _f(r["precision"]), _f(r["recall"]), _f(r["f1"]),
                f"{r['chat_flag_rate']:.2%}", f"{r['chat_flag_rate_substantive']:.2%}",
                _f(r["precision_with_chat"]), f"{r['master_withheld_flag_rate']:.2%}",
            )  # fmt: skip
    console.print(out)
    console.print("(* a threshold picked below; precision and recall count the duplicates only)")


# -- main --------------------------------------------------------------------------------


def main() -> None:
    args = parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    app = App()
    if app.embedder is None:
        raise SystemExit("EMBED_ENABLED is off: this benchmark needs the model")
    embedder = CachedEmbedder(app.embedder)
    body_chars = app.settings.matching.issue_body_chars
    console.print(f"model {embedder.model_id}, issue text: title + {body_chars} body chars")
    results: dict[str, Any] = {"model": embedder.model_id, "issue_body_chars": body_chars}

    positives, negatives = load_pairs(args.data)
    pairs = [*positives, *negatives]
    groups = pair_groups(pairs)
    results["auc"] = auc_table(pairs, pair_scores(pairs, embedder, body_chars), groups)
    positive = np.array([p.label == 1 for p in pairs])
    counts = {g: (int((m & positive).sum()), int((m & ~positive).sum())) for g, m in groups.items()}
    print_auc(results["auc"], counts)

    chat = load_chat(args.chat, args.chat_lines)
    eval_dir = args.out_dir / "bugzilla_eval"  # the JSONL inputs, for `triagebot eval`
    eval_dir.mkdir(exist_ok=True)
    results["retrieval"], pooled = retrieval(positives, chat, embedder, body_chars, eval_dir)
    print_retrieval(results["retrieval"])

    results["sweep"] = sweep_rows(pooled)
    results["chosen"] = choose(pooled, results["sweep"])
    marked = {row["threshold"] for row in results["chosen"].values() if row}
    print_sweep(results["sweep"], marked, (len(chat), sum(map(is_substantive, chat))))
    for name, row in results["chosen"].items():
        console.print(f"  {name}: {row['threshold'] if row else 'none'}", highlight=False)
    results["seconds"] = round(time.perf_counter() - started, 1)
    out = args.out_dir / "bugzilla_duplicates.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    console.print(f"{len(embedder.cache):,} texts encoded; {results['seconds']}s; wrote {out}")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--data", type=Path, default=SHARED / "dup_bugzilla_textdissim")
    chat = SHARED / "chat_irc_ubuntu_disentangled" / "dev.jsonl"
    parser.add_argument("--chat", type=Path, default=chat, help="JSONL with a 'text' field")
    parser.add_argument("--chat-lines", type=int, default=2000)
    parser.add_argument("--out-dir", type=Path, default=Path(__file__).resolve().parent / "results")
    return parser.parse_args()


if __name__ == "__main__":
    main()
