"""Ingest: `triagebot import` of real chat against 5k open issues, next to the raw encoder.

    .venv/bin/python -m bench.ingest [--limit N] [--issues 5000] [--backend auto]

The #ubuntu IRC training set (../shared/data, ~62k chat lines) is converted to
DiscordChatExporter files at run time and imported with everything on: storage,
embedding, issue matching against the open issues, spam scoring. The open issues are
the distinct Bugzilla reports of the duplicate benchmark (title and description),
topped up with their titles alone to reach ``--issues``.

The reference is measured in the same run, with the same encoder and backend: one
``encode`` call over every distinct text the import has to embed (the pipeline embeds
each distinct text once too). ``ratio`` = encoder seconds ÷ import seconds: 1.0 means
the pipeline costs nothing beyond the unavoidable encoding.

Prints a table and writes bench/results/ingest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench._bugzilla import load_pairs
from bench.ubuntu_export import write_exports
from triagebot.core.issues import Issue
from triagebot.core.text import content_hash, embedding_text
from triagebot.intake.exporter import read_export
from triagebot.triage.compose import App
from triagebot.triage.importing import import_exports
from triagebot.triage.issues import store_and_embed

RESULTS = Path(__file__).resolve().parent / "results"
BUGZILLA = Path(__file__).resolve().parents[2] / "shared" / "data" / "dup_bugzilla_textdissim"


def open_issues(count: int) -> list[Issue]:
    positives, negatives = load_pairs(BUGZILLA)
    bugs = {(b.project, b.id): b for p in positives + negatives for b in (p.first, p.second)}
    texts = [(b.title, b.description) for b in bugs.values()]
    texts += [(b.title, "") for b in bugs.values()][: max(0, count - len(texts))]
    return [
        Issue(id=n + 1, repo="bench/bugzilla", number=n + 1, title=t, body=d[:2000], state="open")
        for n, (t, d) in enumerate(texts[:count])
    ]


def distinct_texts(files: list[Path]) -> list[str]:
    """Every distinct text the import will embed, in first-seen order."""
    seen: dict[str, str] = {}
    for path in files:
        for message in read_export(path).messages:
            key = content_hash(message.content)
            if key and key not in seen:
                seen[key] = embedding_text(message.content)
    return list(seen.values())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="chat lines (default: all)")
    parser.add_argument("--issues", type=int, default=5000)
    parser.add_argument("--backend", default=os.environ.get("EMBED_BACKEND", "auto"))
    args = parser.parse_args(argv)
    os.environ["EMBED_BACKEND"] = args.backend
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        files, messages = write_exports("train.jsonl", work / "export", args.limit)
        app = App(database_url=f"sqlite:///{work / 'ingest.db'}", creates_database=True)
        embedder = app.embedder
        assert embedder is not None
        issues = open_issues(args.issues)
        with app.sessions() as session, session.begin():
            store_and_embed(session, issues, embedder, 2000)
        pipeline = app.pipeline()  # the spam bank and model load here, untimed
        texts = distinct_texts(files)
        embedder.encode(texts[:512])  # warm up: first passes allocate
        started = time.perf_counter()
        embedder.encode(texts)
        encoder_seconds = time.perf_counter() - started
        started = time.perf_counter()
        report = import_exports(pipeline, files)
        import_seconds = time.perf_counter() - started
        stats = pipeline.stats
        row: dict[str, Any] = {
            "messages": report.messages,
            "distinct_texts": len(texts),
            "open_issues": len(issues),
            "backend": getattr(embedder, "backend", "?"),
            "encoder_seconds": round(encoder_seconds, 1),
            "import_seconds": round(import_seconds, 1),
            "encoder_msg_per_s": round(report.messages / encoder_seconds),
            "import_msg_per_s": round(report.messages / import_seconds),
            "ratio": round(encoder_seconds / import_seconds, 3),
            "batches": stats.batches,
            "failed": stats.failed,
            "seconds_by_step": {k: round(v, 1) for k, v in stats.seconds.items()},
        }
        app.close()
    assert messages == row["messages"], (messages, row["messages"])
    print(
        f"{'messages':>9} {'texts':>7} {'issues':>6} {'backend':>8} {'encoder msg/s':>14} "
        f"{'import msg/s':>13} {'ratio':>6}"
    )
    print(
        f"{row['messages']:>9} {row['distinct_texts']:>7} {row['open_issues']:>6} "
        f"{row['backend']:>8} {row['encoder_msg_per_s']:>14} {row['import_msg_per_s']:>13} "
        f"{row['ratio']:>6}"
    )
    steps = ", ".join(f"{k} {v}s" for k, v in row["seconds_by_step"].items())
    print(f"import time by step: {steps}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "ingest.json").write_text(json.dumps(row, indent=2) + "\n")


if __name__ == "__main__":
    main()
