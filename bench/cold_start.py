"""Cold start with N stored messages: time until ``triagebot run`` is ready, and its RSS.

    .venv/bin/python -m bench.cold_start [--n 1000000] [--runs 3] [--build-only]

Builds once (cached under bench/results/cold_start/n<N>/) a SQLite database of N
messages with their float16 vectors (see ``bench/_cold_db.py``) and its saved index,
rebuilt from that database by the bot's own code (``RecentMessages.prepare``: the
rebuild time is reported too). Then, ``--runs`` times, the real ``python -m triagebot
-v run`` is started in a fresh process against the fake Discord server of
``tests/fakes`` (the database and index files dropped from the page cache first, as far
as the kernel obliges), and its log and ``/proc/<pid>/status`` are read:

- **connect**: from process start to the gateway IDENTIFY reaching the fake server:
  settings, database checks (migrations), the model loaded, spam exemplars encoded,
  the index file mapped — everything the process does before it can serve.
- **ready**: to ``on_ready`` ("connected as …"); includes discord.py's wait for more
  guilds (``guild_ready_timeout``, 2 s), which a real gateway costs too.
- **index ready**: to the end of the index's reconciliation with the database, which
  starts in a worker thread once the bot is ready (searches use the mapped file at
  once; this adds what was stored since the file was saved).
- RSS (VmRSS) at ready and once the index is ready, and the peak (VmHWM). The mapped
  index counts only with the pages that were touched (file-backed, reclaimable).

Also bytes per stored message on disk, per table and index (SQLite's dbstat).
Prints a table; writes bench/results/cold_start.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # as a script: bench, tests

from bench._cold_db import MODEL_ID, build_database, size_breakdown
from triagebot.config.index import IndexSettings
from triagebot.index.files import default_index_path
from triagebot.index.recent import Bounds, RecentMessages
from triagebot.store import migrate
from triagebot.store.engine import make_engine, session_factory
from triagebot.triage.stored_vectors import StoredVectors

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
GOAL_READY_S = 10.0
GOAL_RSS_MB = 800
GOAL_BYTES = 1200


def prepared(n: int) -> tuple[Path, Path, dict[str, Any]]:
    """The cached database and index for ``n`` messages, built when missing."""
    folder = RESULTS / "cold_start" / f"n{n}"
    folder.mkdir(parents=True, exist_ok=True)
    db, built = folder / "bot.db", {}
    url = f"sqlite:///{db}"
    index = default_index_path(url)
    assert index is not None
    complete = folder / "complete"
    schema = migrate.head_revision() or ""
    if not db.exists() or not complete.exists() or complete.read_text().strip() != schema:
        print(f"building a database of {n:,} messages in {db} (once) ...", flush=True)
        started = time.perf_counter()
        build_database(db, n)
        built["database_s"] = round(time.perf_counter() - started, 1)
        index.unlink(missing_ok=True)
        complete.write_text(schema + "\n")  # rebuilt when the schema changes
    if not index.exists():
        print("building its index with RecentMessages.prepare (once) ...", flush=True)
        engine = make_engine(url)
        recent = RecentMessages(
            StoredVectors(session_factory(engine), MODEL_ID),
            MODEL_ID,
            384,
            path=index,
            bounds=Bounds(30, max(n, 1_000_000)),
            width=IndexSettings().search_width,
        )
        started = time.perf_counter()
        recent.prepare(_progress)  # rebuilds, saves and maps it
        built["index_rebuild_s"] = round(time.perf_counter() - started, 1)
        engine.dispose()
        (folder / "built.json").write_text(json.dumps(built))
    cached = json.loads((folder / "built.json").read_text())
    return db, index, cached


def _progress(done: int, total: int) -> None:
    if done % 100_000 < 10_000 or done == total:
        print(f"  indexed {done:,}/{total:,}", flush=True)


def _drop_from_page_cache(*paths: Path) -> None:
    for path in paths:
        if path.exists():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def _memory(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of ``pid`` in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = round(int(value.split()[0]) / 1024, 1)
    return fields


def _environment(fake: Any, db: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(_SETTINGS)}
    keep.update(
        {
            "DISCORD_TOKEN": fake.token,
            "DISCORD_API_BASE": fake.api_base,
            "DISCORD_GATEWAY_URL": fake.gateway_url,
            "DATABASE_URL": f"sqlite:///{db}",
            "HF_HUB_OFFLINE": "1",
            "COLUMNS": "300",  # one log record per line
        }
    )
    return keep


# The bot's own settings: none may leak in from the shell that runs the bench.
_SETTINGS = (
    "DISCORD_",
    "DATABASE_",
    "PIPELINE_",
    "EMBED_",
    "MATCH_",
    "GITHUB_",
    "SPAM_",
    "LLM_",
    "DIGEST_",
    "HEALTH_",
    "INDEX_",
)


async def measure_once(db: Path, index: Path) -> dict[str, Any]:
    """One start of ``triagebot run``: the marks (seconds from spawn) and memory."""
    from tests.bot.harness import build_world
    from tests.fakes.discord_server import FakeDiscord

    fake = FakeDiscord()
    build_world(fake)
    await fake.start()
    marks: dict[str, float] = {}
    memory: dict[str, dict[str, float]] = {}
    try:
        _drop_from_page_cache(db, index)
        started = time.perf_counter()
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "triagebot",
            "-v",
            "run",
            env=_environment(fake, db),
            cwd=db.parent,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        connected = asyncio.create_task(fake.wait_until_connected(timeout=300))
        connected.add_done_callback(
            lambda _: marks.setdefault("connect_s", time.perf_counter() - started)
        )
        assert process.stderr is not None
        log: list[str] = []
        async with asyncio.timeout(900):
            while not {"ready_s", "index_ready_s"} <= marks.keys():
                raw = await process.stderr.readline()
                if not raw:
                    raise RuntimeError("the bot stopped:\n" + "".join(log[-30:]))
                line = raw.decode(errors="replace")
                log.append(line)
                now = time.perf_counter() - started
                if "connected as" in line and "ready_s" not in marks:
                    marks["ready_s"], memory["ready"] = now, _memory(process.pid)
                if "index ready" in line:
                    marks["index_ready_s"], memory["index_ready"] = now, _memory(process.pid)
        stopping = time.perf_counter()
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.communicate(), 120)
        marks["stop_s"] = time.perf_counter() - stopping
        connected.cancel()
    finally:
        await fake.stop()
    return {
        **{k: round(v, 2) for k, v in marks.items()},
        "rss_ready_mb": memory["ready"]["VmRSS"],
        "rss_index_ready_mb": memory["index_ready"]["VmRSS"],
        "peak_rss_mb": memory["index_ready"]["VmHWM"],
        "exit_code": process.returncode,
    }


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    keys = [k for k in runs[0] if k != "exit_code"]
    return {k: round(statistics.median(r[k] for r in runs if k in r), 2) for k in keys}


def print_report(n: int, result: dict[str, Any]) -> None:
    m, size = result["median"], result["disk"]
    print(
        f"\ncold start of `triagebot run` with {n:,} stored messages (median of {result['runs']})"
    )
    print(
        f"  connect {m['connect_s']:.2f} s, ready (on_ready) {m['ready_s']:.2f} s "
        f"[goal ≤ {GOAL_READY_S:.0f} s], index ready {m['index_ready_s']:.2f} s, "
        f"stop {m['stop_s']:.2f} s"
    )
    print(
        f"  RSS at ready {m['rss_ready_mb']:.0f} MB, with the index ready "
        f"{m['rss_index_ready_mb']:.0f} MB [goal ≤ {GOAL_RSS_MB} MB at 100k], "
        f"peak {m['peak_rss_mb']:.0f} MB"
    )
    built = result["built"]
    if "index_rebuild_s" in built:
        print(f"  index rebuilt from the database in {built['index_rebuild_s']:.0f} s (once)")
    print(
        f"\ndisk: database {size['file_bytes'] / 1e6:,.0f} MB = {size['per_message']:.0f} B per "
        f"message [goal ≤ {GOAL_BYTES} B]; index file {result['index_bytes'] / 1e6:,.0f} MB = "
        f"{result['index_bytes'] / n:.0f} B per message"
    )
    print(f"{'table / index':<34} {'B/msg':>7} {'payload':>8} {'unused':>7}")
    for part in size["parts"]:
        if part["per_message"] >= 0.5:
            print(
                f"{part['name']:<34} {part['per_message']:>7.1f} "
                f"{part['payload_per_message']:>8.1f} {part['unused_per_message']:>7.1f}"
            )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="stored messages")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--build-only", action="store_true", help="build the cache, measure nothing"
    )
    args = parser.parse_args(argv)
    db, index, built = prepared(args.n)
    if args.build_only:
        print(f"built: {db} and {index} {built}")
        return
    runs = []
    for number in range(args.runs):
        run = asyncio.run(measure_once(db, index))
        print(f"run {number + 1}: {run}", flush=True)
        runs.append(run)
    result = {
        "n": args.n,
        "runs": len(runs),
        "median": summarise(runs),
        "all_runs": runs,
        "built": built,
        "disk": size_breakdown(db, args.n),
        "index_bytes": index.stat().st_size,
        "goals": {"ready_s": GOAL_READY_S, "rss_mb_at_100k": GOAL_RSS_MB, "bytes": GOAL_BYTES},
    }
    print_report(args.n, result)
    out = RESULTS / "cold_start.json"
    previous = json.loads(out.read_text()) if out.exists() else {}
    previous[str(args.n)] = result  # one entry per size: 1M for time, 100k for memory
    out.write_text(json.dumps(previous, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
