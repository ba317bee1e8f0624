"""Does the clustering find the conversations people actually had? Real #ubuntu chat.

    .venv/bin/python -m bench.clustering_eval [--files 40]

Each log sample of ``chat_irc_ubuntu_disentangled`` was annotated by people with who
replied to whom; a gold conversation is a connected set of those links. Both ways of
grouping are run on the annotated lines of each file (system lines dropped) and
scored against the gold conversations with V-measure and the adjusted Rand index:

- ``topics``: the digest's former grouping (nearest centroid over substantive lines,
  every other line on its own);
- ``conversations``: ``core.conversations`` (thread, reply, address, author, likeness).

IRC has no reply references; "nick: ..." addressing a recent speaker is read as the
mention Discord would carry. The parameters were chosen on the first ``--files``
files of ``train.jsonl``; the table reports ``dev.jsonl`` (10 files, never used for
choosing), with the mean and the spread (min–max) over files.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from bench._centroid_topics import cluster_topics
from triagebot.core.conversations import conversations
from triagebot.core.text import embedding_text
from triagebot.core.topic_message import TopicMessage

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "chat_irc_ubuntu_disentangled"
RESULTS = Path(__file__).resolve().parent / "results"
_NICK = re.compile(r"^\s*([\w\[\]\\`^{}|-]+)\s*[:,]")
BASE = datetime(2026, 11, 20, tzinfo=UTC)


def read_files(name: str) -> dict[str, list[dict[str, object]]]:
    files: dict[str, list[dict[str, object]]] = defaultdict(list)
    with (SHARED / name).open(encoding="utf-8") as f:
        for raw in f:
            row = json.loads(raw)
            if not row["system"] and row["user"]:
                files[row["file"]].append(row)
    return files


def as_messages(rows: Sequence[dict[str, object]], vectors: np.ndarray) -> list[TopicMessage]:
    """IRC lines as the digest sees messages: one channel, nicks as authors."""
    ids = {str(r["user"]).lower(): n + 1 for n, r in enumerate(rows)}
    out, day, last = [], 0, -1
    for r, vector in zip(rows, vectors, strict=True):
        hh, mm = (int(x) for x in str(r["time"]).split(":"))
        minute = hh * 60 + mm
        if minute < last:  # the log passed midnight
            day += 1
        last = minute
        found = _NICK.match(str(r["text"]))
        named = ids.get(found.group(1).lower()) if found else None
        out.append(
            TopicMessage(
                id=int(r["idx"]) + 1,
                author_id=ids[str(r["user"]).lower()],
                channel_id=1,
                thread_id=None,
                created_at=BASE + timedelta(days=day, minutes=minute, seconds=int(r["idx"]) % 60),
                text=str(r["text"]),
                vector=vector,
                addressed=(named,) if named else (),
            )
        )
    return out


def v_measure(truth: Sequence[str], found: Sequence[int]) -> float:
    n = len(truth)
    joint = Counter(zip(truth, found, strict=True))
    t, f = Counter(truth), Counter(found)

    def entropy(counts: Counter[object]) -> float:
        return -sum(c / n * math.log(c / n) for c in counts.values())

    h_t, h_f = entropy(t), entropy(f)  # type: ignore[arg-type]
    h_t_f = -sum(c / n * math.log(c / f[k]) for (_, k), c in joint.items())
    h_f_t = -sum(c / n * math.log(c / t[g]) for (g, _), c in joint.items())
    homogeneity = 1.0 if h_t == 0 else 1 - h_t_f / h_t
    completeness = 1.0 if h_f == 0 else 1 - h_f_t / h_f
    total = homogeneity + completeness
    return 0.0 if total == 0 else 2 * homogeneity * completeness / total


def adjusted_rand(truth: Sequence[str], found: Sequence[int]) -> float:
    def pairs(x: float) -> float:
        return x * (x - 1) / 2

    joint = Counter(zip(truth, found, strict=True))
    index = sum(pairs(c) for c in joint.values())
    a = sum(pairs(c) for c in Counter(truth).values())
    b = sum(pairs(c) for c in Counter(found).values())
    expected = a * b / pairs(len(truth))
    top = (a + b) / 2
    return 1.0 if top == expected else (index - expected) / (top - expected)


def score_file(rows: Sequence[dict[str, object]], embed: object) -> dict[str, tuple[float, float]]:
    vectors = embed([embedding_text(str(r["text"])) for r in rows])  # type: ignore[operator]
    messages = as_messages(rows, vectors)
    annotated = [m for m, r in zip(messages, rows, strict=True) if r["annotated"]]
    truth = [str(r["thread_id"]) for r in rows if r["annotated"]]
    found: dict[str, dict[int, int]] = {"topics": {}, "conversations": {}}
    for n, topic in enumerate(cluster_topics(messages, threshold=0.65)):
        for i in topic.message_ids:
            found["topics"][i] = n
    for n, conv in enumerate(conversations(messages)):
        for m in conv.members:
            found["conversations"][m.id] = n
    result = {}
    for name, of in found.items():
        labels = [of.get(m.id, -m.id) for m in annotated]  # left out: a cluster of its own
        result[name] = (v_measure(truth, labels), adjusted_rand(truth, labels))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default="dev.jsonl")
    parser.add_argument("--files", type=int, default=0, help="only the first N files")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from triagebot.embeddings.model import SentenceEmbedder

    embedder = SentenceEmbedder("sentence-transformers/all-MiniLM-L6-v2")
    files = read_files(args.split)
    names = sorted(files)[: args.files or None]
    scores: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for name in names:
        for method, pair in score_file(files[name], embedder.encode).items():
            scores[method].append(pair)
    print(f"{args.split}: {len(names)} files, gold conversations of the annotated lines")
    print(f"{'grouping':<14} {'V-measure':>10} {'(min–max)':>12} {'ARI':>6} {'(min–max)':>12}")
    summary = {}
    for method, pairs in scores.items():
        v, ari = np.array(pairs).T
        print(
            f"{method:<14} {v.mean():>10.3f} {v.min():>5.2f}–{v.max():<5.2f} "
            f"{ari.mean():>6.3f} {ari.min():>5.2f}–{ari.max():<5.2f}"
        )
        summary[method] = {"v_measure": round(float(v.mean()), 3), "ari": round(float(ari.mean()), 3)}  # noqa: E501
    RESULTS.mkdir(exist_ok=True)
    out = {"split": args.split, "files": len(names), **summary}
    (RESULTS / f"clustering_{Path(args.split).stem}.json").write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
