"""Train the learned spam model that ships in ``triagebot/core/spam/model.json``.

    .venv/bin/python scripts/train_spam_model.py [--data DIR] [--seed 0] [--out PATH]

Trains on single, context-free messages (bench/spam_family_data.py): the tune halves of
the YouTube and Latin-script Telegram sets, every written scam family, the tune half
of the written hard ham and #ubuntu chat from train files no evaluation reads. The
test halves, the held-out chat and the dev file stay unseen, so bench/spam_eval.py
and bench/spam_families.py report on messages the model never saw. Vectors are cached
under bench/results/ (git-ignored); the same seed and data give the same file.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import spam_eval_data, spam_family_data  # noqa: E402
from bench.spam_eval import DiskCachedEmbedder  # noqa: E402
from triagebot.core.spam.model import MODEL_FILE  # noqa: E402
from triagebot.core.spam.training import fit_model  # noqa: E402
from triagebot.core.text import embedding_text  # noqa: E402
from triagebot.triage.compose import App  # noqa: E402

CACHE = ROOT / "bench" / "results" / "spam_vectors.npz"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--data", type=Path, default=spam_eval_data.SHARED)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=ROOT / "triagebot/core/spam" / MODEL_FILE)
    args = parser.parse_args()
    app = App()
    if app.embedder is None:
        raise SystemExit("EMBED_ENABLED is off: training needs the embedding model")
    embedder = DiskCachedEmbedder(app.embedder, CACHE)
    examples = spam_family_data.training_set(args.data, seed=args.seed)
    vectors = embedder.encode([embedding_text(e.text) for e in examples])
    embedder.save()
    counts = Counter(f"{e.group}:{'spam' if e.spam else 'ham'}" for e in examples)
    meta = {
        "encoder": embedder.model_id,
        "seed": args.seed,
        "examples": dict(sorted(counts.items())),
    }
    model = fit_model(
        [e.text for e in examples], [e.spam for e in examples], vectors, args.seed, meta
    )
    args.out.write_text(model.to_json(), encoding="utf-8")
    print(f"{len(examples):,} examples ({dict(sorted(counts.items()))}); wrote {args.out}")


if __name__ == "__main__":
    main()
