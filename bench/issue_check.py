"""Issue-check latency: exact cosine top-5 of one chat message against 1k/10k/100k issues.

    .venv/bin/python bench/issue_check.py [--queries 500] [--quick]

Every stored message is checked against the open issues (``IssueIndex``, brute force),
so this is the per-message cost the matcher adds. Queries are real #ubuntu chat lines
and issues are real Bugzilla titles, both encoded here with all-MiniLM-L6-v2 (bf16).
There are only ~4k distinct titles: larger pools repeat those vectors with small
gaussian noise (renormalised), which the table says. ``--quick`` skips 100k.
Prints a table and writes bench/results/issue_check.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: find bench

from bench._bugzilla import load_pairs
from bench.ubuntu_export import read_lines
from triagebot.core.fusion import shipped_fusion
from triagebot.core.lexical import LexicalIndex
from triagebot.core.matching import IssueIndex, IssueRef
from triagebot.core.text import embedding_text
from triagebot.embeddings.model import SentenceEmbedder

Vectors = NDArray[np.float32]
RESULTS = Path(__file__).resolve().parent / "results"
BUGZILLA = Path(__file__).resolve().parents[2] / "shared" / "data" / "dup_bugzilla_textdissim"
MODEL = "sentence-transformers/all-MiniLM-L6-v2"
K = 5
BATCH = 256
NOISE_SIGMA = 0.01  # per dimension; cosine of a filler to its source vector ≈ 0.98
GOAL_MS_AT_10K = 0.5
GOAL = f"exact, ≤ {GOAL_MS_AT_10K} ms/msg at 10k"


def bugzilla_titles() -> list[str]:
    """The distinct titles of every bug in the duplicate and negative pairs."""
    positives, negatives = load_pairs(BUGZILLA)
    bugs = [b for p in (*positives, *negatives) for b in (p.first, p.second)]
    return list(dict.fromkeys(embedding_text(b.title) for b in bugs if b.title.strip()))


def encode(embedder: SentenceEmbedder, texts: list[str]) -> Vectors:
    return np.asarray(embedder.encode(texts), dtype=np.float32)


def issue_pool(real: Vectors, size: int, rng: np.random.Generator) -> tuple[Vectors, int]:
    """``size`` unit vectors: the real ones first, then noisy copies; returns (pool, real used).

    Noisy copies keep the pool's geometry close to real issues (clusters, not uniform
    noise), which matters little for brute-force cost but keeps the top-k realistic.
    """
    used = min(size, len(real))
    fill = size - used
    if fill == 0:
        return real[:used].copy(), used
    sources = real[rng.integers(0, len(real), fill)]
    noisy = sources + rng.normal(0.0, NOISE_SIGMA, sources.shape).astype(np.float32)
    noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
    return np.concatenate([real, noisy]).astype(np.float32), used


def make_index(vectors: Vectors, titles: list[str] | None = None) -> IssueIndex:
    """Dense only; with ``titles``, as the bot matches: title vectors (here the same),
    BM25 postings of the titles and the shipped fusion."""
    refs = [IssueRef(key=n, repo="bench/issues", number=n, title="") for n in range(len(vectors))]
    if titles is None:
        return IssueIndex(refs, vectors)
    lexical = LexicalIndex()
    for n in range(len(vectors)):
        lexical.add(n, titles[n % len(titles)], "")
    return IssueIndex(refs, vectors, titles=vectors, lexical=lexical, fusion=shipped_fusion())


def single_latencies_ms(
    index: IssueIndex, queries: Vectors, texts: list[str] | None = None
) -> NDArray[np.float64]:
    """One search per message, as the stream sees it (the search call only)."""

    def one(n: int) -> None:
        index.search(queries[n][None, :], k=K, texts=None if texts is None else [texts[n]])

    for n in range(min(20, len(queries))):  # warm up caches and BLAS threads
        one(n)
    out = np.empty(len(queries), dtype=np.float64)
    for n in range(len(queries)):
        started = time.perf_counter()
        one(n)
        out[n] = (time.perf_counter() - started) * 1000
    return out


def batch_ms_per_message(
    index: IssueIndex, queries: Vectors, texts: list[str] | None = None, rounds: int = 3
) -> float:
    """Median over rounds of (time to search ``BATCH`` messages at once) / ``BATCH``."""
    reps = -(-BATCH // len(queries))
    batch = np.tile(queries, (reps, 1))[:BATCH]
    words = None if texts is None else (texts * reps)[:BATCH]
    index.search(batch, k=K, texts=words)  # warm up
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        index.search(batch, k=K, texts=words)
        times.append((time.perf_counter() - started) * 1000 / BATCH)
    return float(np.median(times))


def is_exact(index: IssueIndex, vectors: Vectors, queries: Vectors) -> bool:
    """The index's top-k scores equal a full sort's (ties may swap ids, not scores)."""
    got = index.search(queries, k=K)
    full = np.sort(queries @ vectors.T, axis=1)[:, ::-1][:, :K]
    scores = np.array([[c.score for c in row] for row in got])
    return bool(np.allclose(scores, full, atol=1e-6))


def measure(
    real: Vectors,
    queries: Vectors,
    size: int,
    rng: np.random.Generator,
    titles: list[str],
    texts: list[str],
) -> dict[str, Any]:
    vectors, used = issue_pool(real, size, rng)
    index = make_index(vectors)
    single = single_latencies_ms(index, queries)
    fused_index = make_index(vectors, titles)
    fused = single_latencies_ms(fused_index, queries, texts)
    return {
        "fused_p50_ms": round(float(np.percentile(fused, 50)), 3),
        "fused_p99_ms": round(float(np.percentile(fused, 99)), 3),
        "fused_batch256_ms_per_msg": round(batch_ms_per_message(fused_index, queries, texts), 4),
        "issues": size,
        "real_titles": used,
        "noisy_copies": size - used,
        "exact": is_exact(index, vectors, queries[:64]),
        "single_p50_ms": round(float(np.percentile(single, 50)), 3),
        "single_p99_ms": round(float(np.percentile(single, 99)), 3),
        "batch256_ms_per_msg": round(batch_ms_per_message(index, queries), 4),
    }


def print_table(rows: list[dict[str, Any]], queries: int) -> None:
    print(f"issue check: top-{K} exact cosine, {queries} real chat lines as queries; goal: {GOAL}")
    print(
        f"{'issues':>8} {'real':>6} {'noisy copies':>13} {'exact':>6} "
        f"{'p50 ms':>8} {'p99 ms':>8} {'batch 256 ms/msg':>17}"
    )
    for r in rows:
        print(
            f"{r['issues']:>8} {r['real_titles']:>6} {r['noisy_copies']:>13} {r['exact']!s:>6} "
            f"{r['single_p50_ms']:>8} {r['single_p99_ms']:>8} {r['batch256_ms_per_msg']:>17}"
        )
    print("the same with BM25 fused (as the bot matches; lexical postings of the titles):")
    for r in rows:
        print(
            f"{r['issues']:>8} {'':>6} {'':>13} {'':>6} {r['fused_p50_ms']:>8} "
            f"{r['fused_p99_ms']:>8} {r['fused_batch256_ms_per_msg']:>17}"
        )
    print(f"noisy copies: a real title vector + N(0, {NOISE_SIGMA}) per dimension, renormalised")


def goal_met(rows: list[dict[str, Any]]) -> bool | None:
    at_10k = [r for r in rows if r["issues"] == 10_000]
    if not at_10k:
        return None
    return bool(at_10k[0]["exact"] and at_10k[0]["single_p50_ms"] <= GOAL_MS_AT_10K)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--quick", action="store_true", help="skip pools above 10k")
    args = parser.parse_args(argv)
    sizes = [s for s in args.sizes if not (args.quick and s > 10_000)]
    embedder = SentenceEmbedder(MODEL, backend="bf16")
    texts = [embedding_text(line["text"]) for line in read_lines("dev.jsonl", args.queries)]
    queries = encode(embedder, texts)
    titles = bugzilla_titles()
    real = encode(embedder, titles)
    rng = np.random.default_rng(13)
    rows = [measure(real, queries, size, rng, titles, texts) for size in sizes]
    print_table(rows, len(queries))
    met = goal_met(rows)
    print(f"goal ({GOAL}): {'met' if met else 'not met' if met is False else 'not measured'}")
    RESULTS.mkdir(exist_ok=True)
    result = {"goal": GOAL, "goal_met": met, "noise_sigma": NOISE_SIGMA, "rows": rows}
    (RESULTS / "issue_check.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
