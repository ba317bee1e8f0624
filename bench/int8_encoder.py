"""A static int8 copy of the encoder, held against the fp32 one it was made from.

    .venv/bin/python -m bench.int8_encoder [--calibration 300] [--n 2000]

Needs ``nncf`` (``pip install nncf``), which the bot itself does not. The OpenVINO
graph of all-MiniLM-L6-v2 is quantised statically (weights and activations to int8,
``ModelType.TRANSFORMER``) with a calibration set of real #ubuntu chat lines from the
*train* file; every number below comes from texts it did not see: #ubuntu *dev* lines
for the cosine to fp32 and the throughput, and the Bugzilla duplicate retrieval of
Firefox and Firefox-mobile (each duplicate's title the query, the masters the corpus)
for R@5 / MRR, dense alone and fused as the matcher fuses them.

The rule for adopting it: mean cosine to fp32 >= 0.99 and retrieval no worse. Results
go to bench/results/int8_encoder.json.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench._retrieval import Scores, metrics, project, ranks, scores
from bench.ubuntu_export import read_lines
from triagebot.core.fusion import shipped_fusion
from triagebot.core.text import embedding_text
from triagebot.embeddings.model import SentenceEmbedder, default_cache_dir
from triagebot.embeddings.ov_encoder import _cache_key, _compile

RESULTS = Path(__file__).resolve().parent / "results"
MODEL = "sentence-transformers/all-MiniLM-L6-v2"
PROJECTS = ("firefox", "mobile")


def quantised(calibration: list[str]) -> SentenceEmbedder:
    """An OpenVINO embedder whose graph is replaced by its static int8 copy."""
    import nncf
    import openvino as ov

    embedder = SentenceEmbedder(MODEL, backend="ov-bf16")
    encoder: Any = embedder._ov
    core = ov.Core()
    graph = core.read_model(
        str(
            default_cache_dir()
            / _cache_key(embedder.resolved.location, ov.__version__)
            / "model.xml"
        )
    )
    feeds = [encoder._feed([text]) for text in calibration]
    int8 = nncf.quantize(
        graph,
        nncf.Dataset(feeds),
        model_type=nncf.ModelType.TRANSFORMER,
        preset=nncf.QuantizationPreset.MIXED,
        subset_size=len(feeds),
    )
    encoder._compiled, encoder._bulk = _compile(ov, core, int8, "bf16", 0)
    return embedder


def rate(embedder: SentenceEmbedder, texts: list[str], rounds: int = 3) -> float:
    """Texts per second, best of ``rounds`` (the machine is shared)."""
    best = 0.0
    for _ in range(rounds):
        started = time.perf_counter()
        embedder.encode(texts)
        best = max(best, len(texts) / (time.perf_counter() - started))
    return best


def retrieval(s: Scores, answers: np.ndarray) -> dict[str, float]:
    fused = shipped_fusion()(s.dense, s.lexical)
    dense, both = metrics(ranks(s.dense, answers)), metrics(ranks(fused, answers))
    return {
        "dense R@5": dense["R@5"], "dense MRR": dense["MRR"],
        "fused R@5": both["R@5"], "fused MRR": both["MRR"],
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calibration", type=int, default=300)
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()
    calibration = [embedding_text(x["text"]) for x in read_lines("train.jsonl", args.calibration)]
    held_out = [embedding_text(x["text"]) for x in read_lines("dev.jsonl", args.n)]
    embedders = {
        "ov-fp32": SentenceEmbedder(MODEL, backend="ov-fp32"),
        "ov-bf16": SentenceEmbedder(MODEL, backend="ov-bf16"),
        "ov-int8": quantised(calibration),
    }
    reference = embedders["ov-fp32"].encode(held_out)
    rows = []
    for name, embedder in embedders.items():
        embedder.encode(held_out[:256])  # warm up
        cosine = np.sum(embedder.encode(held_out) * reference, axis=1)
        row: dict[str, Any] = {
            "backend": name,
            "msg_per_s": round(rate(embedder, held_out)),
            "mean_cos_fp32": round(float(cosine.mean()), 4),
            "min_cos_fp32": round(float(cosine.min()), 4),
        }
        for p in map(project, PROJECTS):
            for key, value in retrieval(scores(p, embedder), p.answers).items():
                row[f"{p.name} {key}"] = round(value, 3)
        rows.append(row)
        print(json.dumps(row), flush=True)
    keys = list(rows[0])
    print("\n" + " | ".join(keys))
    for r in rows:
        print(" | ".join(str(r[k]) for k in keys))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "int8_encoder.json").write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
