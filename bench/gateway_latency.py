"""Latency: messages through the Discord gateway at a steady rate, event to verdict stored.

    .venv/bin/python -m bench.gateway_latency [--rate 100] [--seconds 30] [--issues 5000]

The fake Discord server (tests/fakes, the real gateway protocol on 127.0.0.1, in its
own thread as a remote server would be) sends real #ubuntu chat lines as
MESSAGE_CREATE events at ``--rate`` per second, on a fixed schedule whatever the bot
does. The bot is the real one with everything on: storage, embedding, issue matching
against ``--issues`` open issues, spam scoring. A message's latency runs from the
moment the server sends it to the moment its batch — message, vector, issue match and
spam verdict — is committed.

Prints percentiles and writes bench/results/gateway_latency.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench.ingest import open_issues
from bench.ubuntu_export import read_lines
from tests.bot.harness import GENERAL, GUILD, TestBot, build_world, discord_globals_restored
from tests.fakes.discord_server import FakeDiscord
from triagebot.bot.runner import point_at
from triagebot.config import DiscordSettings
from triagebot.core.batch import Batch
from triagebot.triage.compose import App
from triagebot.triage.issues import store_and_embed
from triagebot.triage.services import assemble

RESULTS = Path(__file__).resolve().parent / "results"
AUTHORS = [800_000_000_000_000_100 + n for n in range(40)]


async def measure(
    app: App, fake: FakeDiscord, loop: asyncio.AbstractEventLoop, args: Any
) -> dict[str, Any]:
    pipeline = app.pipeline()
    stored_at: dict[int, float] = {}
    sizes: list[int] = []

    async def on_batch(batch: Batch) -> None:
        now = time.perf_counter()
        sizes.append(len(batch.events))
        for message_id in batch.stored.inserted:
            stored_at.setdefault(message_id, now)

    pipeline.listeners.append(on_batch)
    settings = DiscordSettings(
        token=fake.token, api_base=fake.api_base, gateway_url=fake.gateway_url
    )
    point_at(settings.api_base, settings.gateway_url)
    bot = TestBot(settings=settings, services=assemble(app.sessions, pipeline))
    task = asyncio.create_task(bot.start(fake.token))
    await until(lambda: bot.catchup.runs >= 1, 30)
    lines = [line["text"] for line in read_lines("dev.jsonl")]
    count = int(args.rate * args.seconds)
    sent_at = await asyncio.wrap_future(
        asyncio.run_coroutine_threadsafe(send_steadily(fake, lines, count, args.rate), loop)
    )
    await until(lambda: len(stored_at) >= len(sent_at), 120)
    await bot.close()
    await task
    latency = np.array([stored_at[i] - sent_at[i] for i in sent_at]) * 1000
    return {
        "rate": args.rate,
        "messages": len(sent_at),
        "open_issues": args.issues,
        "backend": getattr(app.embedder, "backend", "?"),
        "p50_ms": round(float(np.percentile(latency, 50)), 1),
        "p90_ms": round(float(np.percentile(latency, 90)), 1),
        "p99_ms": round(float(np.percentile(latency, 99)), 1),
        "max_ms": round(float(latency.max()), 1),
        "batches": len(sizes),
        "mean_batch": round(float(np.mean(sizes)), 1),
        "seconds_by_step": {k: round(v, 1) for k, v in pipeline.stats.seconds.items()},
    }


async def until(done: Callable[[], bool], seconds: float) -> None:
    async with asyncio.timeout(seconds):
        while True:
            if done():
                return
            await asyncio.sleep(0.005)


async def send_steadily(
    fake: FakeDiscord, lines: list[str], count: int, rate: float
) -> dict[int, float]:
    """Send ``count`` messages on a fixed schedule; returns each message's send time."""
    sent: dict[int, float] = {}
    start = time.perf_counter() + 0.2
    for n in range(count):
        delay = start + n / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        at = time.perf_counter()
        message = await fake.send_message(GENERAL, AUTHORS[n % len(AUTHORS)], lines[n % len(lines)])
        sent[int(message["id"])] = at
    return sent


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rate", type=float, default=100.0, help="messages per second")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--issues", type=int, default=5000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        app = App(database_url=f"sqlite:///{Path(tmp) / 'latency.db'}", creates_database=True)
        embedder = app.embedder
        with app.sessions() as session, session.begin():
            store_and_embed(session, open_issues(args.issues), embedder, 2000)
        fake = FakeDiscord()
        build_world(fake)
        for n, author in enumerate(AUTHORS):
            fake.add_member(GUILD, author, f"reader{n}")
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="fake-discord", daemon=True)
        thread.start()
        with discord_globals_restored():
            asyncio.run_coroutine_threadsafe(fake.start(), loop).result(timeout=10)
            try:
                row = asyncio.run(measure(app, fake, loop, args))
            finally:
                asyncio.run_coroutine_threadsafe(fake.stop(), loop).result(timeout=10)
                loop.call_soon_threadsafe(loop.stop)
                thread.join(timeout=10)
        app.close()
    header = ("rate", "messages", "p50 ms", "p90 ms", "p99 ms", "max ms", "batch")
    print(" ".join(f"{h:>8}" for h in header))
    print(
        f"{row['rate']:>8.0f} {row['messages']:>8} {row['p50_ms']:>8} {row['p90_ms']:>8} "
        f"{row['p99_ms']:>8} {row['max_ms']:>8} {row['mean_batch']:>8}"
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "gateway_latency.json").write_text(json.dumps(row, indent=2) + "\n")


if __name__ == "__main__":
    main()
