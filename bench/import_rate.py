"""Import rate of `triagebot import`: the demo export and real IRC chat, with and without
the local model. Prints a table and writes bench/results/import_rate.json.

    .venv/bin/python bench/import_rate.py [--ubuntu dev.jsonl] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: find bench

from bench.ubuntu_export import write_exports
from triagebot.demo import export_files
from triagebot.triage.compose import App
from triagebot.triage.importing import import_exports

RESULTS = Path(__file__).resolve().parent / "results"


def measure(files: list[Path], *, embed: bool, work: Path, label: str) -> dict[str, object]:
    os.environ["EMBED_ENABLED"] = "true" if embed else "false"
    db = work / f"{label}-{'embed' if embed else 'store'}.db"
    app = App(database_url=f"sqlite:///{db}", creates_database=True)
    pipeline = app.pipeline()  # the model loads here, outside the timed part
    started = time.perf_counter()
    report = import_exports(pipeline, files)
    seconds = time.perf_counter() - started
    app.close()
    size = sum(p.stat().st_size for p in work.glob(db.name + "*"))
    return {
        "source": label,
        "embedding": embed,
        "messages": report.messages,
        "seconds": round(seconds, 2),
        "msg_per_s": round(report.messages / seconds),
        "db_bytes_per_message": round(size / max(report.messages, 1)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ubuntu", default="dev.jsonl")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        ubuntu, _ = write_exports(args.ubuntu, work / "ubuntu", args.limit)
        for embed in (False, True):
            rows.append(measure(export_files(), embed=embed, work=work, label="demo"))
            rows.append(measure(ubuntu, embed=embed, work=work, label=f"ubuntu {args.ubuntu}"))
    print(
        f"{'source':<20} {'embedding':>9} {'messages':>9} {'seconds':>8} {'msg/s':>7} {'B/msg':>6}"
    )
    for r in rows:
        print(
            f"{r['source']:<20} {r['embedding']!s:>9} {r['messages']:>9} {r['seconds']:>8} "
            f"{r['msg_per_s']:>7} {r['db_bytes_per_message']:>6}"
        )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "import_rate.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
