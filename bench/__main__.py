"""The speed suite in one command: encoder, import, issue check and GitHub sync.

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
    ("import_rate", [], ["--limit", "1000"]),
    ("issue_check", [], ["--quick"]),
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
    readme = {"fp32": "README: 263", "bf16": "README: 456"}
    return [
        (
            f"encoder {r['backend']}, batched msg/s",
            str(r["batched_msg_per_s"]),
            readme[r["backend"]],
        )
        for r in data
    ]


def import_rows(data: list[dict[str, Any]]) -> list[Row]:
    def goal(r: dict[str, Any]) -> str:
        if not r["embedding"]:
            return "README: ~6,000"
        return "README: 308" if r["source"] == "demo" else "README: 324 (dev)"

    mode = {True: "embedding", False: "storage only"}
    return [
        (f"import {r['source']}, {mode[r['embedding']]} msg/s", str(r["msg_per_s"]), goal(r))
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


SUMMARISE: dict[str, Callable[[Any], list[Row]]] = {
    "embed_rate": embed_rows,
    "import_rate": import_rows,
    "issue_check": issue_rows,
    "github_sync": sync_rows,
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
