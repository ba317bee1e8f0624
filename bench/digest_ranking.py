"""How long the daily digest's pure core takes: score, tell conversations apart, gather
topics under issues, rank.

    .venv/bin/python -m bench.digest_ranking [--sizes 10000 100000] [--no-scenario]

Messages are synthetic: 384-d vectors drawn around a few hundred centres (topic sizes
follow a Zipf law, like real chat), plus a share of one-off messages that start their
own topic, spread over one day in a few dozen channels and threads; every text is
distinct, as in a real day (no per-text cache helps), and the texts are real #ubuntu
lines, so problem-ness and the report/talk mix are a real day's. Timed as the digest
runs it: problem scores, conversations, topics gathered under 1,000 issues, ranking.
Goal: ≤ 5 s for
100k messages on two cores. Then the real-data scenario of
``tests/core/test_digest_scenario.py`` prints its precision at 5.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np

from triagebot.core.matching import IssueIndex, IssueRef
from triagebot.core.problems import problem_model
from triagebot.core.ranking import rank_topics
from triagebot.core.topic_message import TopicMessage
from triagebot.core.topics import problem_topics
from triagebot.triage.day_topics import problem_scores

DAY = date(2026, 11, 20)
START = datetime(2026, 11, 20, tzinfo=UTC)
TEXT = "the sync service fails with a timeout after the update"
CHAT = Path(__file__).resolve().parents[2] / "shared" / "data" / "chat_irc_ubuntu_disentangled"


def chat_texts(n: int) -> list[str]:
    """``n`` distinct texts in the register of a real day: real #ubuntu lines in turn
    (a talk-and-problem mix as it comes), numbered; the fixed report text without the
    shared data."""
    path = CHAT / "train.jsonl"
    if not path.exists():
        return [f"{TEXT} (report {i})" for i in range(n)]
    lines = []
    with path.open(encoding="utf-8") as f:
        for raw in f:
            row = json.loads(raw)
            if not row["system"] and row["text"].strip():
                lines.append(row["text"])
    return [f"{lines[i % len(lines)]} ({i})" for i in range(n)]
GOAL_S = 5.0
RESULTS = Path(__file__).resolve().parent / "results"


def synthetic_day(
    n: int, *, centres: int = 300, one_offs: float = 0.3, seed: int = 1
) -> list[TopicMessage]:
    """``n`` messages of one day: Zipf-sized topics around ``centres`` plus one-offs."""
    rng = np.random.default_rng(seed)
    dim = 384
    middle = rng.standard_normal((centres, dim)).astype(np.float32)
    sizes = 1.0 / np.arange(1, centres + 1)
    which = rng.choice(centres, size=n, p=sizes / sizes.sum())
    noise = rng.standard_normal((n, dim)).astype(np.float32)
    vectors = middle[which] + noise * np.float32(0.9)  # cosine ~0.74 to its centre
    lonely = rng.random(n) < one_offs
    vectors[lonely] = noise[lonely]
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    seconds = np.sort(rng.uniform(0, 86_399, n))
    authors = rng.integers(0, max(50, n // 20), n)
    texts = chat_texts(n)
    channels = rng.integers(0, 12, n)
    threads = np.where(rng.random(n) < 0.4, rng.integers(0, 400, n), -1)
    return [
        TopicMessage(
            i + 1, int(authors[i]), int(channels[i]), None if threads[i] < 0 else int(threads[i]),
            START + timedelta(seconds=float(seconds[i])), texts[i], vectors[i],
            reactions=int(rng.random() < 0.05),
        )
        for i in range(n)
    ]  # fmt: skip


def synthetic_issues(count: int = 1000, seed: int = 2) -> IssueIndex:
    rng = np.random.default_rng(seed)
    vectors = rng.standard_normal((count, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    refs = [IssueRef(n, "o/r", n, f"issue {n}") for n in range(count)]
    return IssueIndex(refs, vectors)


def time_one(n: int) -> tuple[int, float, float, int]:
    """(topics, topic seconds, rank seconds, ranked items) for ``n`` messages."""
    messages = synthetic_day(n)
    issues = synthetic_issues()
    model = problem_model("all-MiniLM-L6-v2")
    started = time.perf_counter()
    problems = problem_scores(model, messages)
    topics = problem_topics(messages, problems.score, issues, requests=problems.requests)
    clustered = time.perf_counter()
    ranked = rank_topics(topics, day=DAY, issues={}, feedback=[], now=START + timedelta(days=1))
    return len(topics), clustered - started, time.perf_counter() - clustered, len(ranked)


def scenario_p_at_5() -> float:
    """The real-data scenario with the bf16 encoder (the data is read, never copied)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.core.test_digest_scenario import run_scenario
    from triagebot.embeddings.model import SentenceEmbedder

    embedder = SentenceEmbedder("sentence-transformers/all-MiniLM-L6-v2", backend="bf16")
    p_at_5, _ = run_scenario(embedder)
    return p_at_5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--no-scenario", action="store_true")
    args = parser.parse_args()
    print(f"{'messages':>9} {'topics':>7} {'topics s':>10} {'rank s':>7} {'total s':>8}  goal")
    rows = []
    for n in args.sizes:
        topics, cluster_s, rank_s, _ = time_one(n)
        total = cluster_s + rank_s
        verdict = "ok" if total <= GOAL_S * n / 100_000 or total <= GOAL_S else "SLOW"
        print(f"{n:>9,} {topics:>7,} {cluster_s:>10.2f} {rank_s:>7.2f} {total:>8.2f}  {verdict}")
        rows.append({"messages": n, "topics": topics, "seconds": round(total, 2)})
    result: dict[str, object] = {"goal_s": GOAL_S, "rows": rows}
    if not args.no_scenario:
        planted = "5 planted Bugzilla issues in 2,000 #ubuntu lines"
        result["scenario_p_at_5"] = round(scenario_p_at_5(), 2)
        print(f"scenario P@5 ({planted}): {result['scenario_p_at_5']:.2f}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "digest_ranking.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
