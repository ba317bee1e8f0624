"""About 100k real sentence vectors for the index benchmarks, encoded once and cached.

The texts are read at run time from ``../shared/data`` (never copied into the
repository), normalised as the bot normalises a message (``embedding_text``), and
deduplicated (the bot stores one vector per distinct text):

- every non-system line of the #ubuntu IRC chat (train + dev, ~59k distinct);
- Bugzilla bug titles, descriptions, and title + description as the bot embeds an issue
  (Eclipse, Firefox, Firefox mobile; ~13k), and the mobile test set's descriptions;
- YouTube comments and Telegram chat samples (spam and ham, ~2.6k);
- the descriptions in Discord's OpenAPI spec (~0.8k);
- then, up to ``TARGET`` vectors, windows of three consecutive lines of one #ubuntu log
  sample joined by newlines (a message with its context, as a thread reads: lines
  0-2, 3-5, ...), and as many two-line windows (lines 1-2, 4-5, ...) as still needed.

Vectors come from all-MiniLM-L6-v2 with the bot's own ``SentenceEmbedder`` (bf16 where
the CPU runs it natively, as the bot does) and are cached as float16 — the precision the
bot stores them in — in ``bench/results/real_vectors.npz``, keyed by a fingerprint of the
texts and model, so reruns skip encoding.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from bench.spam_eval_data import youtube
from bench.ubuntu_export import read_lines
from triagebot.core.text import embedding_text
from triagebot.embeddings.model import SentenceEmbedder

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
CACHE = Path(__file__).resolve().parent / "results" / "real_vectors.npz"
MODEL = "sentence-transformers/all-MiniLM-L6-v2"
TARGET = 102_000  # 100k to index and 2k held out as queries
WINDOW = 3
CHUNK = 2048


@dataclass(frozen=True)
class RealVectors:
    """Unit vectors (float16 as stored by the bot) and where each text came from."""

    vectors: NDArray[np.float16]
    sources: NDArray[np.str_]

    def counts(self) -> dict[str, int]:
        names, counts = np.unique(self.sources, return_counts=True)
        return {str(n): int(c) for n, c in zip(names, counts, strict=True)}


def _chat() -> Iterator[tuple[str, str]]:
    for name in ("train.jsonl", "dev.jsonl"):
        for item in read_lines(name):
            yield "ubuntu chat line", item["text"]


def _bugzilla() -> Iterator[tuple[str, str]]:
    folder = SHARED / "dup_bugzilla_textdissim"
    csv.field_size_limit(sys.maxsize)
    with (folder / "duplicate_pairs.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for title, body in (
                (row["summary1"], row["description1"]),
                (row["summary2"], row["description2"]),
            ):
                yield "bugzilla title", title
                yield "bugzilla description", body
                yield "bugzilla title + description", f"{title}\n\n{body[:600]}"
    with (folder / "mobile_siamese_test_labeled.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            yield "bugzilla description", row["description1"]
            yield "bugzilla description", row["description2"]


def _spam_sets() -> Iterator[tuple[str, str]]:
    for record in (r for half in youtube(SHARED).values() for r in half):
        yield "youtube comment", record["text"]
    path = SHARED / "spam_telegram_tgspam" / "tgspam_samples.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        yield "telegram sample", json.loads(line)["text"]


def _openapi() -> Iterator[tuple[str, str]]:
    spec = json.loads((SHARED / "api_discord" / "discord-openapi.json").read_text())
    stack: list[object] = [spec]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "description" and isinstance(value, str):
                    yield "discord api description", value
                else:
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)


def _chat_windows(size: int, offset: int) -> Iterator[tuple[str, str]]:
    """Lines ``[offset + 3i, offset + 3i + size)`` of one log sample, joined."""
    for name in ("train.jsonl", "dev.jsonl"):
        lines = read_lines(name)
        for start in range(offset, len(lines) - size + 1, WINDOW):
            window = lines[start : start + size]
            if len({item["file"] for item in window}) == 1:
                text = "\n".join(item["text"] for item in window)
                yield f"ubuntu chat, {size}-line window", text


def real_texts(target: int = TARGET) -> tuple[list[str], list[str]]:
    """Distinct normalised texts (and their source), in a fixed order, at most ``target``."""
    seen: dict[str, str] = {}
    sources = (_chat(), _bugzilla(), _spam_sets(), _openapi())
    windows = (_chat_windows(WINDOW, 0), _chat_windows(2, 1))
    for source in (*sources, *windows):
        for label, raw in source:
            if len(seen) >= target:
                break
            text = embedding_text(raw)
            if len(text) >= 2 and text not in seen:
                seen[text] = label
    texts = list(seen)
    return texts, [seen[t] for t in texts]


def _fingerprint(texts: list[str]) -> str:
    digest = hashlib.blake2b(MODEL.encode(), digest_size=16)
    for text in texts:
        digest.update(text.encode("utf-8", "surrogatepass") + b"\x00")
    return digest.hexdigest()


def load_real_vectors(target: int = TARGET) -> RealVectors:
    """The cached vectors, encoding them first when the cache is missing or stale."""
    texts, sources = real_texts(target)
    fingerprint = _fingerprint(texts)
    if CACHE.exists():
        cached = np.load(CACHE)
        if str(cached["fingerprint"]) == fingerprint:
            return RealVectors(cached["vectors"], cached["sources"])
    vectors = _encode(texts)
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    np.savez(CACHE, vectors=vectors, sources=np.array(sources), fingerprint=np.array(fingerprint))
    return RealVectors(vectors, np.array(sources))


def _encode(texts: list[str]) -> NDArray[np.float16]:
    embedder = SentenceEmbedder(MODEL)
    print(f"encoding {len(texts):,} real texts with {embedder.describe()} (cached after)")
    out = np.zeros((len(texts), embedder.dim), dtype=np.float16)
    started = time.perf_counter()
    for start in range(0, len(texts), CHUNK):
        chunk = texts[start : start + CHUNK]
        out[start : start + len(chunk)] = embedder.encode(chunk).astype(np.float16)
        done = start + len(chunk)
        rate = done / (time.perf_counter() - started)
        print(f"  {done:,}/{len(texts):,} ({rate:.0f} texts/s)", flush=True)
    return out
