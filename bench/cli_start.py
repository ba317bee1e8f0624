"""How long the command line takes to answer the commands that do no work.

    .venv/bin/python -m bench.cli_start [--runs 7]

``triagebot --help`` and ``--version`` should cost about what starting Python costs:
they need no command's module. ``stats --help`` imports one command and what it
stands on (the store, settings, the composition root), so it shows what a real
command pays before doing anything. Each case runs ``--runs`` times in a fresh
process; the table shows the median and the fastest run, and each median as a
multiple of a bare ``python -c pass``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

CASES: list[tuple[str, list[str]]] = [
    ("bare python", ["-c", "pass"]),
    ("triagebot --version", ["-m", "triagebot", "--version"]),
    ("triagebot --help", ["-m", "triagebot", "--help"]),
    ("triagebot stats --help", ["-m", "triagebot", "stats", "--help"]),
]


def seconds(arguments: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, *arguments], check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="Runs per case (default 7).")
    runs = parser.parse_args().runs
    timings = {name: [seconds(arguments) for _ in range(runs)] for name, arguments in CASES}
    bare = statistics.median(timings["bare python"])
    print(f"{'case':<24} {'median':>9} {'fastest':>9} {'× bare':>7}")
    for name, taken in timings.items():
        median, fastest = statistics.median(taken), min(taken)
        print(f"{name:<24} {median * 1e3:>7.0f}ms {fastest * 1e3:>7.0f}ms {median / bare:>6.1f}×")


if __name__ == "__main__":
    main()
