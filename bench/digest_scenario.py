"""Does the digest name the problems people actually have? The hard scenario, end to end.

    .venv/bin/python -m bench.digest_scenario [--choose] [--seeds 1 2 3]

Each run builds a world (``bench/_scenario.py``), stores it through the real
pipeline into a fresh SQLite file — issues first, or messages first and the issues
afterwards — and computes the day's digest as the bot would. Reported per run:

- P@5: the share of the digest's five items that are the five most-reported bugs;
- counted: the share of planted reports counted for their own issue;
- precision: of the messages counted for planted issues, the share that are reports
  of that issue (not chat, not another bug's report);
- chatter: top-5 items that are neither a planted bug nor tied to an issue.

Without ``--choose`` it runs what the numbers are reported on: Firefox Bugzilla groups
and the ``test`` chat reports, over both #ubuntu sources and three seeds. ``--choose``
runs the Eclipse groups and the ``dev`` chat reports (what parameters were chosen on).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench._scenario import DAY, START, World, build
from triagebot.triage.compose import App
from triagebot.triage.day_topics import window_topics
from triagebot.triage.issues import store_and_embed

RESULTS = Path(__file__).resolve().parent / "results"
ORDERS = ("issues first", "messages first")


def run(world: World, order: str, work: Path) -> dict[str, Any]:
    app = App(database_url=f"sqlite:///{work / 'scenario.db'}", creates_database=True)
    embedder = app.embedder
    assert embedder is not None

    def issues() -> None:
        with app.sessions() as session, session.begin():
            store_and_embed(session, world.issues, embedder, 600)

    if order == "issues first":
        issues()
    app.pipeline().process_all(world.messages)
    if order == "messages first":
        issues()
    started = time.perf_counter()
    digest = app.digests().compute(DAY, START + timedelta(days=1, hours=8))
    seconds = time.perf_counter() - started
    found = window_topics(app.sessions, START, START + timedelta(days=1), embedder.model_id)
    app.close()
    return score(world, digest.items, found.topics) | {"digest_s": round(seconds, 2)}


def score(world: World, items: Sequence[Any], topics: Sequence[Any]) -> dict[str, Any]:
    top_issues = sorted(world.counts, key=lambda i: -world.counts[i])[:5]
    number = {issue.id: issue.number for issue in world.issues}
    wanted = {number[i] for i in top_issues}
    shown = [item.issue for item in items[:5]]
    counted_for = {m: t.issue_id for t in topics for m in t.message_ids if t.issue_id}
    planted_issues = set(world.counts)
    hits = sum(counted_for.get(m) == issue for m, issue in world.planted.items())
    claimed = [(m, i) for m, i in counted_for.items() if i in planted_issues]
    right = sum(world.planted.get(m) == i for m, i in claimed)
    return {
        "p_at_5": sum(n in wanted for n in shown) / 5,
        "counted": hits / len(world.planted),
        "precision": right / len(claimed) if claimed else 0.0,
        "chatter": sum(1 for n in shown if n is None),
        "items": [item.title[:60] for item in items[:5]],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--choose", action="store_true", help="the parameter-choosing runs")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--kinds", nargs="+", default=["bugzilla", "chat"])
    parser.add_argument("--verbose", action="store_true", help="print each run's items")
    args = parser.parse_args(argv)
    splits = {"bugzilla": "eclipse", "chat": "dev"} if args.choose else {
        "bugzilla": "firefox", "chat": "test"}  # fmt: skip
    sources = ("train",) if args.choose else ("train", "dev")
    rows = []
    print(f"{'reports':<9} {'chat':<6} {'seed':>4} {'order':<15} {'P@5':>5} {'counted':>8} "
          f"{'precision':>10} {'chatter':>8}")  # fmt: skip
    for kind in args.kinds:
        for source in sources:
            for seed in args.seeds:
                world = build(kind, splits[kind], source, seed)
                for order in ORDERS:
                    with tempfile.TemporaryDirectory() as tmp:
                        row = run(world, order, Path(tmp))
                    row |= {"kind": f"{kind}:{splits[kind]}", "chat": source, "seed": seed,
                            "order": order}  # fmt: skip
                    rows.append(row)
                    print(
                        f"{kind:<9} {source:<6} {seed:>4} {order:<15} {row['p_at_5']:>5.2f} "
                        f"{row['counted']:>8.2f} {row['precision']:>10.2f} {row['chatter']:>8}"
                    )
                    if args.verbose:
                        for title in row["items"]:
                            print(f"      {title}")
    summarise(rows)
    RESULTS.mkdir(exist_ok=True)
    name = "digest_scenario_choose" if args.choose else "digest_scenario"
    (RESULTS / f"{name}.json").write_text(json.dumps(rows, indent=2) + "\n")


def summarise(rows: list[dict[str, Any]]) -> None:
    print("\nmean (min–max) over seeds and chat sources")
    for kind in sorted({r["kind"] for r in rows}):
        for order in ORDERS:
            part = [r for r in rows if r["kind"] == kind and r["order"] == order]
            cells = []
            for metric in ("p_at_5", "counted", "precision"):
                values = [r[metric] for r in part]
                cells.append(
                    f"{metric} {statistics.mean(values):.2f} ({min(values):.2f}–{max(values):.2f})"
                )
            print(f"{kind:<18} {order:<15} " + "  ".join(cells))


if __name__ == "__main__":
    main()
