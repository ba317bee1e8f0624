"""The speed suite in one command: every row of the README's performance table.

    .venv/bin/python -m bench [--quick]

Each benchmark runs in its own process (a fresh interpreter, so one's model, threads
and memory do not colour the next one's numbers) and writes its JSON under
bench/results/; this then prints one table (metric, value, goal) and writes
bench/results/summary.json. ``--quick`` shrinks the inputs (fewer lines, no 100k issue
pool) to stay within a few minutes on two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
Row = tuple[str, str, str]  # metric, value, goal

# module, full-run arguments, --quick arguments
SUITE: list[tuple[str, list[str], list[str]]] = [
    ("embed_rate", [], ["--n", "500"]),
    ("ingest", [], ["--limit", "5000", "--issues", "1000"]),
    ("gateway_latency", [], ["--seconds", "10", "--issues", "1000"]),
    ("issue_check", [], ["--quick"]),
    ("recent_neighbours", [], ["--quick"]),
    ("digest_ranking", [], ["--sizes", "10000", "--no-scenario"]),
    ("digest_tokens", [], []),
    ("github_sync", [], []),
]


def run(module: str, args: list[str]) -> float:
    """Run ``python -m bench.<module>``, its output passed through; returns seconds."""
    print(f"\n== bench.{module} {' '.join(args)}", flush=True)
    env = {**os.environ, "HF_HUB_OFFLINE": os.environ.get("HF_HUB_OFFLINE", "1")}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", f"bench.{module}", *args], cwd=ROOT, env=env, check=True)
    return time.perf_counter() - started


def load(name: str) -> Any:
    return json.loads((RESULTS / f"{name}.json").read_text())


def embed_rows(data: list[dict[str, Any]]) -> list[Row]:
    return [
        (
            f"encoder {r['backend']}, batched msg/s (one by one)",
            f"{r['batched_msg_per_s']} ({r['one_at_a_time_msg_per_s']})",
            f"min cosine to fp32 {r['min_cosine_to_fp32']}",
        )
        for r in data
    ]


def issue_rows(data: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    for r in data["rows"]:
        goal = data["goal"] if r["issues"] == 10_000 else ""
        exact = "exact" if r["exact"] else "NOT exact"
        value = f"p50 {r['single_p50_ms']}, p99 {r['single_p99_ms']} ({exact})"
        rows.append((f"issue check {r['issues']:,}, ms/msg", value, goal))
        batch = str(r["batch256_ms_per_msg"])
        rows.append((f"issue check {r['issues']:,}, batch 256, ms/msg", batch, ""))
    return rows


def sync_rows(data: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    for r in data["rows"]:
        value = f"{r['requests']} req ({r['statuses']}), {r['rate_limit_units']} units"
        goal = data["idle_goal"] if r["sync"].startswith("idle") else ""
        rows.append((f"github sync: {r['sync']}", value, goal))
    return rows


def neighbour_rows(data: dict[str, Any]) -> list[Row]:
    goal = f"≤ {data['latency_goal_ms']} ms at recall@10 ≥ {data['recall_goal']}"
    rows: list[Row] = []
    for r in data["rows"]:
        t = r["tuned"]
        value = f"p50 {t['p50_ms']} ms, recall@10 {t['recall_at_10']} (ef {t['width']})"
        rows.append((f"recent neighbours {r['library']}, {r['vectors']:,}", value, goal))
    return rows


def ingest_rows(r: dict[str, Any]) -> list[Row]:
    what = f"{r['messages']:,} msgs, {r['open_issues']:,} issues, {r['backend']}"
    return [
        (f"ingest ({what}), msg/s", str(r["import_msg_per_s"]), "≥ 1,000"),
        ("ingest: raw encoder, same texts, msg/s", str(r["encoder_msg_per_s"]), ""),
        ("ingest: ratio to the raw encoder", str(r["ratio"]), "≥ 0.9"),
    ]


def latency_rows(r: dict[str, Any]) -> list[Row]:
    value = f"p50 {r['p50_ms']}, p99 {r['p99_ms']} (mean batch {r['mean_batch']})"
    return [
        (f"gateway {r['rate']:.0f} msg/s, event → verdict stored, ms", value, "p50 ≤ 30, p99 ≤ 150")
    ]


def digest_rows(r: dict[str, Any]) -> list[Row]:
    return [
        (
            f"digest ranking, {row['messages']:,} msgs of a day, s",
            str(row["seconds"]),
            "≤ 5 at 100k",
        )
        for row in r["rows"]
    ]


def token_rows(days: list[dict[str, Any]]) -> list[Row]:
    most = max(days, key=lambda d: d["request_tokens"])
    value = f"{most['request_tokens']:,} in (every message: {most['all_messages_tokens']:,})"
    return [("digest LLM request, demo's largest day, tokens", value, "≤ 4k in + 1k out")]


SUMMARISE: dict[str, Callable[[Any], list[Row]]] = {
    "embed_rate": embed_rows,
    "ingest": ingest_rows,
    "gateway_latency": latency_rows,
    "digest_ranking": digest_rows,
    "digest_tokens": token_rows,
    "issue_check": issue_rows,
    "github_sync": sync_rows,
    "recent_neighbours": neighbour_rows,
}


def print_summary(rows: list[Row]) -> None:
    width = max(len(m) for m, _, _ in rows)
    value_width = max(len(v) for _, v, _ in rows)
    print(f"\n{'metric':<{width}}  {'value':<{value_width}}  goal")
    for metric, value, goal in rows:
        print(f"{metric:<{width}}  {value:<{value_width}}  {goal}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller inputs, a few minutes")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    seconds = {m: round(run(m, quick if args.quick else full), 1) for m, full, quick in SUITE}
    rows = [row for module, _, _ in SUITE for row in SUMMARISE[module](load(module))]
    print_summary(rows)
    total = round(time.perf_counter() - started, 1)
    summary = {
        "quick": args.quick,
        "seconds": {**seconds, "total": total},
        "rows": [{"metric": m, "value": v, "goal": g} for m, v, g in rows],
    }
    (RESULTS / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(f"\n{total}s in all; wrote {RESULTS / 'summary.json'}")


if __name__ == "__main__":
    main()
