"""Held-out families: does the learned model catch a kind of scam it never saw?

    .venv/bin/python bench/spam_families.py [--data DIR] [--out-dir DIR] [--seeds 0 1 2]

For each written family (leave-one-family-out) and each public source
(leave-one-source-out: YouTube, Telegram), the model is trained on everything else
(bench/spam_family_data.py) and scored on the held-out group, as single context-free
messages (no author, channel or time). Ham is #ubuntu chat never trained on
(spam_eval's test half plus the dev file) and the test half of the written hard ham.
Reported at the default threshold, for the rules alone (with the seed exemplar bank),
the model alone (the prior plus its evidence) and both — and, for the model, also at
a newcomer's lower bar (threshold − newcomer margin): recall on the group,
precision against the held-out ham, the false-positive rate on the chat; the model
rows give the mean and the range over the seeds. Nothing here is tuned: the weights
and threshold are the shipped ones. Results go to --out-dir/spam_families.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from rich.console import Console
from rich.table import Table

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import spam_eval_data, spam_family_data
from bench.spam_eval import DiskCachedEmbedder
from bench.spam_family_data import FAMILIES, SOURCES, Example
from triagebot.core.spam import SpamInput, SpamPolicy, SpamScorer
from triagebot.core.spam.evidence import PRIOR
from triagebot.core.spam.model import (
    FEATURES,
    HALF_SUSPECT,
    MODEL_MAX,
    MODEL_MIN,
    SpamModel,
    shipped_model,
)
from triagebot.core.spam.training import choose_l2, example_rows, fit_logistic
from triagebot.core.text import embedding_text
from triagebot.evaluation.spam import seeded_bank
from triagebot.triage.compose import App

Vectors = NDArray[np.float32]
console = Console(width=170)
SCORERS = ("rules", "model", "both", "model (newcomer)", "both (newcomer)")
# A newcomer's bar: the default threshold less the newcomer margin, as log-odds.
_NEWCOMER = SpamPolicy().threshold - SpamPolicy().newcomer_margin
NEWCOMER_BAR = float(np.log(_NEWCOMER / (1 - _NEWCOMER)))
SEEN = " (test half, source seen)"


@dataclass
class Pools:
    texts: list[str]
    spam: NDArray[np.bool_]
    group: NDArray[np.str_]
    split: NDArray[np.str_]  # "train" or "heldout"
    rows: Vectors  # the model's input
    rules_logit: NDArray[np.float64]


def load(data: Path, embedder: DiskCachedEmbedder) -> Pools:
    chat_train, chat_held = spam_family_data.chat_pools(data)
    parts: list[tuple[str, list[Example]]] = [
        ("train", chat_train), ("heldout", chat_held),
        ("train", spam_family_data.written_ham("tune")),
        ("heldout", spam_family_data.written_ham("test")),
        ("train", spam_family_data.public_spam(data, "tune")),
        ("heldout", spam_family_data.public_spam(data, "test")),
        ("train", spam_family_data.written_scams()),
    ]  # fmt: skip
    examples = [(split, e) for split, part in parts for e in part]
    texts = [e.text for _, e in examples]
    vectors = embedder.encode([embedding_text(t) for t in texts])
    embedder.save()
    return Pools(
        texts=texts,
        spam=np.array([e.spam for _, e in examples]),
        group=np.array([e.group for _, e in examples]),
        split=np.array([s for s, _ in examples]),
        rows=example_rows(texts, vectors),
        rules_logit=rules_logits(texts, vectors, embedder),
    )


def rules_logits(texts: list[str], vectors: Vectors, embedder: DiskCachedEmbedder) -> Any:
    """The shipped rules and seed bank on each message alone, as log-odds."""
    scorer = SpamScorer(SpamPolicy(), seeded_bank(embedder), learned=False)
    inputs = [
        SpamInput(t, i, i, vector=v) for i, (t, v) in enumerate(zip(texts, vectors, strict=True))
    ]
    scores = np.array([v.score for v in scorer.score_many(inputs)], dtype=np.float64)
    with np.errstate(divide="ignore"):
        return np.log(scores) - np.log1p(-scores)


def held_out_run(pools: Pools, group: str, seed: int) -> NDArray[np.float64]:
    """The model's weight on every message, trained without ``group`` (and without
    any held-out message) on a seeded 90% of the training chat; a "seen" group is
    trained on whole, as the shipped model is."""
    rng = np.random.default_rng(seed)
    train = (pools.split == "train") & (pools.group != group)
    chat = train & (pools.group == "chat")
    train &= ~chat | (rng.random(pools.spam.size) < 0.9)
    rows, labels = pools.rows[train], pools.spam[train]
    weights, bias = fit_logistic(rows, labels, seed, l2=choose_l2(rows, labels, seed))
    return np.clip(pools.rows @ weights + bias, MODEL_MIN, MODEL_MAX).astype(np.float64)


def target_mask(pools: Pools, group: str) -> NDArray[np.bool_]:
    """The held-out group's spam: a written family whole, a public source both halves;
    for a seen source, its test half only."""
    source, seen = group.removesuffix(SEEN), group.endswith(SEEN)
    spam = pools.spam & (pools.group == source)
    return spam & (pools.split == "heldout") if seen else spam


def ham_mask(pools: Pools) -> NDArray[np.bool_]:
    return (pools.split == "heldout") & ~pools.spam & np.isin(pools.group, ["chat", "hard ham"])


def metrics(flag: NDArray[np.bool_], spam: NDArray[np.bool_], pools: Pools) -> dict[str, float]:
    ham = ham_mask(pools)
    chat = ham & (pools.group == "chat")
    tp, fp = int((flag & spam).sum()), int((flag & ham).sum())
    chat_fp = int((flag & chat).sum())
    return {
        "recall": tp / max(int(spam.sum()), 1),
        "precision": tp / (tp + fp) if tp + fp else float("nan"),
        "precision_chat": tp / (tp + chat_fp) if tp + chat_fp else float("nan"),
        "chat_fpr": int((flag & chat).sum()) / max(int(chat.sum()), 1),
        "hard_ham_fp": int((flag & ham & (pools.group == "hard ham")).sum()),
    }


def evaluate(pools: Pools, seeds: list[int]) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for group in (*FAMILIES, *SOURCES, *(s + SEEN for s in SOURCES)):
        spam = target_mask(pools, group)
        rules = metrics(pools.rules_logit >= 0, spam, pools)
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in SCORERS[1:]}
        for seed in seeds:
            weight = held_out_run(pools, group, seed)
            # As the scorer counts it: beside a long-standing member's message the model
            # tips only what the rules half-suspect; beside a newcomer's, anything.
            half = (weight <= 0) | (pools.rules_logit - PRIOR >= HALF_SUSPECT)
            tipping = np.where(half, weight, 0.0)
            for name, bar, counted in (("", 0.0, tipping), (" (newcomer)", NEWCOMER_BAR, weight)):
                runs["model" + name].append(metrics(PRIOR + weight >= bar, spam, pools))
                runs["both" + name].append(metrics(pools.rules_logit + counted >= bar, spam, pools))
        results[group] = {"spam": int(spam.sum()), "rules": rules, **runs}
    return results


def throughput(pools: Pools, model: SpamModel | None, n: int = 6000) -> float:
    """Messages/s of the full scorer on precomputed vectors (the encoder timed apart)."""
    held = np.flatnonzero(ham_mask(pools))[:n]
    dim = pools.rows.shape[1] - len(FEATURES)
    inputs = [SpamInput(pools.texts[i], int(i), int(i), vector=pools.rows[i, :dim]) for i in held]
    scorer = SpamScorer(SpamPolicy(), None, model=model, learned=model is not None)
    started = time.perf_counter()
    for item in inputs:
        scorer.score(item)
    return len(inputs) / (time.perf_counter() - started)


def _cell(runs: list[dict[str, float]], key: str, pct: bool = False) -> str:
    values = [r[key] for r in runs]
    fmt = (lambda v: f"{v:.2%}") if pct else (lambda v: f"{v:.3f}")
    low, high = min(values), max(values)
    mean = fmt(float(np.mean(values)))
    return mean if low == high else f"{mean} ({fmt(low)}–{fmt(high)})"


def print_table(results: dict[str, Any], seeds: list[int]) -> None:
    table = Table("held out", "spam", "scorer", "recall", "precision", "precision (chat only)",
                  "chat FPR", "hard-ham FP",
                  title=f"held-out families and sources, threshold 0.5, seeds {seeds}",
                  title_justify="left")  # fmt: skip
    for group, found in results.items():
        for name in SCORERS:
            runs = found[name] if isinstance(found[name], list) else [found[name]]
            table.add_row(group, str(found["spam"]), name, _cell(runs, "recall"),
                          _cell(runs, "precision"), _cell(runs, "precision_chat"),
                          _cell(runs, "chat_fpr", pct=True),
                          _cell(runs, "hard_ham_fp"))  # fmt: skip
    console.print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--data", type=Path, default=spam_eval_data.SHARED)
    parser.add_argument("--out-dir", type=Path, default=Path(__file__).resolve().parent / "results")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    app = App()
    if app.embedder is None:
        raise SystemExit("EMBED_ENABLED is off: this benchmark needs the model")
    pools = load(args.data, DiskCachedEmbedder(app.embedder, args.out_dir / "spam_vectors.npz"))
    held = ham_mask(pools)
    chat = int((held & (pools.group == "chat")).sum())
    console.print(f"{int(held.sum()):,} held-out ham ({chat:,} chat lines)")
    results = evaluate(pools, args.seeds)
    print_table(results, args.seeds)
    speed = {
        "rules_only": throughput(pools, None),
        "with_model": throughput(pools, shipped_model()),
    }
    console.print(f"scoring without the encoder: rules {speed['rules_only']:,.0f}/s, "
                  f"with the model {speed['with_model']:,.0f}/s")  # fmt: skip
    out = args.out_dir / "spam_families.json"
    out.write_text(json.dumps({"results": results, "throughput": speed}, indent=2) + "\n")
    console.print(f"wrote {out}")


if __name__ == "__main__":
    main()
