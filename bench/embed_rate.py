"""Raw encoder rate per backend on real chat lines, and how close each stays to fp32 torch.

    .venv/bin/python -m bench.embed_rate [--n 2000]

Prints a table and writes bench/results/embed_rate.json.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench.ubuntu_export import read_lines
from triagebot.core.text import embedding_text
from triagebot.embeddings.model import SentenceEmbedder, bf16_supported
from triagebot.embeddings.ov_encoder import available as ov_available

RESULTS = Path(__file__).resolve().parent / "results"
MODEL = "sentence-transformers/all-MiniLM-L6-v2"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=32)
    args = parser.parse_args()
    texts = [embedding_text(line["text"]) for line in read_lines("dev.jsonl", args.n)]
    backends = ["fp32", "bf16"] if bf16_supported() else ["fp32"]
    if ov_available():
        backends += ["ov-fp32", "ov-bf16"] if bf16_supported() else ["ov-fp32"]
    rows, reference = [], None
    for backend in backends:
        embedder = SentenceEmbedder(MODEL, backend=backend, batch_size=args.batch)
        embedder.encode(texts[:256])  # warm up
        started = time.perf_counter()
        batched = embedder.encode(texts)
        rate = len(texts) / (time.perf_counter() - started)
        started = time.perf_counter()
        for text in texts[:200]:
            embedder.encode([text])
        single = 200 / (time.perf_counter() - started)
        reference = batched if reference is None else reference
        cosine = np.sum(batched * reference, axis=1)
        rows.append(
            {
                "backend": backend,
                "texts": len(texts),
                "batched_msg_per_s": round(rate),
                "one_at_a_time_msg_per_s": round(single),
                "min_cosine_to_fp32": round(float(cosine.min()), 5),
            }
        )
    print(f"{'backend':<8} {'batched msg/s':>14} {'one-by-one msg/s':>17} {'min cos to fp32':>16}")
    for r in rows:
        print(
            f"{r['backend']:<8} {r['batched_msg_per_s']:>14} {r['one_at_a_time_msg_per_s']:>17} "
            f"{r['min_cosine_to_fp32']:>16}"
        )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "embed_rate.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
