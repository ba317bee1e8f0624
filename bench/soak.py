"""Soak: the whole bot under steady traffic for half an hour — does anything grow?

    .venv/bin/python -m bench.soak [--rate 100] [--minutes 30] [--sample-seconds 60]

The fake Discord server (tests/fakes, the real gateway protocol on 127.0.0.1, in its
own thread as a remote server would be) sends real #ubuntu chat lines (65k of them, in
order) from 40 authors across three channels at ``--rate`` per second on a fixed
schedule; every
``--wave-minutes`` a spam wave (one scam, reworded, from three accounts created today,
across the channels within seconds); about 1% of messages later edited and 1% deleted.
Halfway through, the running bot's digest task computes and posts today's digest.

The bot is built as ``triagebot run`` builds it (``App.services()``: storage,
embedding, issue matching against ``--issues`` open issues, spam scoring with a
moderator channel, the recent-message index, the digest and the heartbeat), on a
temporary SQLite database. Every ``--sample-seconds`` a row: messages sent and stored,
the pipeline's queue, send→commit lag of the interval, RSS (the whole process, the
fake server included — which keeps only its newest messages, as a remote server's
memory is not the bot's), spam incidents opened and the sizes of the bot's in-memory
caches. At the end every sent message is checked against the database.

Writes bench/results/soak.json and bench/results/soak.svg.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench import _soak_report as report
from bench._soak_checks import verify
from bench._soak_probe import Probe, rss_mb, sample
from bench._soak_traffic import OFFTOPIC, READERS, Ledger, Plan, Traffic, add_spammers
from bench.ingest import open_issues
from bench.ubuntu_export import read_lines
from tests.bot.harness import GUILD, TestBot, build_world, discord_globals_restored
from tests.fakes.discord_server import FakeDiscord
from triagebot.bot.digest_task import DigestTask
from triagebot.bot.runner import point_at
from triagebot.config import DiscordSettings, Settings, load_settings
from triagebot.triage.compose import App
from triagebot.triage.issues import store_and_embed
from triagebot.triage.services import Services

RESULTS = Path(__file__).resolve().parent / "results"
MODS, DIGESTS = 150, 151
TRANSCRIPTS = ("train.jsonl", "dev.jsonl")


class SoakApp(App):
    """The composition root with a moderator channel and a digest channel set."""

    @cached_property
    def settings(self) -> Settings:
        return load_settings(
            None,
            database={"url": self._database_url},
            spam={"mod_channel_id": MODS},
            digest={"channel_id": DIGESTS, "time": "23:59"},  # posted here, not at start
        )


def speaker(nick: str) -> int:
    """A stable number per IRC nick (each maps to one of the 40 authors)."""
    return int.from_bytes(hashlib.blake2b(nick.encode(), digest_size=4).digest(), "big")


def build_fake(waves: int) -> tuple[FakeDiscord, list[list[int]]]:
    fake = FakeDiscord()
    build_world(fake)
    fake.add_channel(GUILD, OFFTOPIC, "off-topic")
    fake.add_channel(GUILD, MODS, "mod-queue")
    fake.add_channel(GUILD, DIGESTS, "digest")
    joined = datetime.now(UTC) - timedelta(days=365)  # regulars, not newcomers
    for n, author in enumerate(READERS):
        fake.add_member(GUILD, author, f"reader{n}", joined_at=joined)
    return fake, add_spammers(fake, waves)


class Soak:
    """One run: the bot on this loop, the traffic on the fake's."""

    def __init__(
        self,
        app: App,
        fake: FakeDiscord,
        loop: asyncio.AbstractEventLoop,
        traffic: Traffic,
        sample_seconds: float,
    ) -> None:
        self.app, self.fake, self.loop, self.traffic = app, fake, loop, traffic
        self.sample_seconds = sample_seconds
        self.services: Services = app.services()
        self.probe = Probe(self.services.pipeline, traffic.ledger)
        self.services.pipeline.listeners.append(self.probe.on_batch)
        settings = DiscordSettings(
            token=fake.token, api_base=fake.api_base, gateway_url=fake.gateway_url
        )
        point_at(settings.api_base, settings.gateway_url)
        self.bot = TestBot(settings=settings, services=self.services)
        self.samples: list[dict[str, Any]] = []
        self.digest: dict[str, Any] = {}

    def take_sample(self, started: float) -> None:
        row = sample(started, self.probe, self.app, self.services, self.bot, self.fake)
        self.samples.append(row)
        print(report.row(row), flush=True)

    async def run(self) -> dict[str, Any]:
        task = asyncio.create_task(self.bot.start(self.fake.token))
        await until(lambda: self.bot.catchup.runs >= 1, 60)
        print(f"bot up, RSS {rss_mb():.0f} MB\n{report.header()}", flush=True)
        started = time.perf_counter()
        sending = asyncio.wrap_future(
            asyncio.run_coroutine_threadsafe(self.traffic.run(), self.loop)
        )
        await self.sample_until(sending, started)
        ledger = sending.result()
        await until(lambda: len(self.probe.inserted) >= len(ledger.sent_at), 600)
        await self.services.pipeline.drain()
        settled = time.perf_counter() - ledger.finished_at
        self.take_sample(started)
        await self.bot.close()
        await task
        return {"settle_seconds": round(settled, 1), "ledger": ledger}

    async def sample_until(self, sending: asyncio.Future[Ledger], started: float) -> None:
        """A row every ``sample_seconds``; the digest once, halfway."""
        halfway = started + self.traffic.plan.seconds / 2
        digest: asyncio.Task[None] | None = None
        next_at = started + self.sample_seconds
        while not sending.done():
            wake = next_at if digest is not None else min(next_at, halfway)
            await asyncio.wait({sending}, timeout=max(0.0, wake - time.perf_counter()))
            now = time.perf_counter()
            if digest is None and now >= halfway:
                digest = asyncio.create_task(self.post_digest(started))
            if now >= next_at:
                self.take_sample(started)
                next_at += self.sample_seconds
        if digest is not None:
            await digest

    async def post_digest(self, started: float) -> None:
        cog = self.bot.get_cog("DigestTask")
        assert isinstance(cog, DigestTask)
        begun = time.perf_counter()
        posted = await cog.post_day(cog.today())
        self.digest = {
            "minute": round((begun - started) / 60, 2),
            "seconds": round(time.perf_counter() - begun, 2),
            "posted": posted,
        }
        print(f"digest of today: posted={posted} in {self.digest['seconds']} s", flush=True)


async def until(done: Callable[[], bool], seconds: float) -> None:
    async with asyncio.timeout(seconds):
        while True:
            if done():
                return
            await asyncio.sleep(0.01)


def summary(soak: Soak, outcome: dict[str, Any], plan: Plan) -> dict[str, Any]:
    samples, ledger = soak.samples, outcome["ledger"]
    lags = [s["p99_ms"] for s in samples if s["p99_ms"] is not None]
    first = next((s for s in samples if s["minute"] >= 1.0), samples[0])
    return {
        "rate": plan.rate,
        "minutes": plan.seconds / 60,
        "messages": len(ledger.sent_at),
        "spam_sent": len(ledger.spam),
        "edits": ledger.edits,
        "deleted": len(ledger.deleted),
        "sender_late_max_s": round(ledger.late_seconds, 3),
        "settle_seconds": outcome["settle_seconds"],
        "backend": getattr(soak.app.embedder, "backend", "?"),
        "rss_first_minute_mb": first["rss_mb"],
        "rss_end_mb": samples[-1]["rss_mb"],
        "max_queue_depth": soak.probe.max_depth,
        "worst_interval_p99_ms": max(lags, default=None),
        "incidents": soak.probe.incidents,
        "flags_posted": sum(1 for m in soak.fake.posted_messages if int(m["channel_id"]) == MODS),
        "digest": soak.digest,
        "seconds_by_step": {
            k: round(v, 1) for k, v in soak.services.pipeline.stats.seconds.items()
        },
        "samples": samples,
    }


def soak_in(tmp: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Set up, run, verify; returns the result with its checks."""
    plan = Plan(args.rate, args.minutes * 60, args.wave_minutes * 60, args.edits, args.deletes)
    app = SoakApp(database_url=f"sqlite:///{tmp / 'soak.db'}", creates_database=True)
    with app.sessions() as session, session.begin():
        store_and_embed(session, open_issues(args.issues), app.embedder, 2000)
    fake, spammers = build_fake(len(plan.wave_times()))
    # 65k lines: a line comes round again after ~11 minutes at 100/s, past the
    # windows in which the spam scorer counts repeated text as a wave.
    lines = [
        (line["text"], speaker(line["user"])) for name in TRANSCRIPTS for line in read_lines(name)
    ]
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="fake-discord", daemon=True)
    thread.start()
    with discord_globals_restored():
        asyncio.run_coroutine_threadsafe(fake.start(), loop).result(timeout=10)
        try:
            soak = Soak(app, fake, loop, Traffic(fake, plan, lines, spammers), args.sample_seconds)
            outcome = asyncio.run(soak.run())
        finally:
            asyncio.run_coroutine_threadsafe(fake.stop(), loop).result(timeout=10)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=10)
    result = summary(soak, outcome, plan)
    checks, result["flagged_chat"] = verify(app, outcome["ledger"], soak.probe)
    result["checks"] = [{"passed": ok, "check": text} for ok, text in checks]
    app.close()
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rate", type=float, default=100.0, help="messages per second")
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--sample-seconds", type=float, default=60.0)
    parser.add_argument("--issues", type=int, default=2000, help="open issues to match")
    parser.add_argument("--wave-minutes", type=float, default=3.0, help="between spam waves")
    parser.add_argument("--edits", type=float, default=0.01, help="share of messages edited")
    parser.add_argument("--deletes", type=float, default=0.01, help="share deleted")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        result = soak_in(Path(tmp), args)
    print_summary(result)
    report.write_json(RESULTS / "soak.json", result)
    title = f"triagebot soak: {result['rate']:g} msg/s for {result['minutes']:g} min"
    report.write_svg(RESULTS / "soak.svg", result["samples"], title)
    if not all(check["passed"] for check in result["checks"]):
        raise SystemExit(1)


def print_summary(result: dict[str, Any]) -> None:
    keys = (
        "messages",
        "spam_sent",
        "edits",
        "deleted",
        "incidents",
        "flags_posted",
        "rss_first_minute_mb",
        "rss_end_mb",
        "max_queue_depth",
        "worst_interval_p99_ms",
        "settle_seconds",
        "sender_late_max_s",
        "digest",
    )
    for key in keys:
        print(f"{key}: {result[key]}")
    for flagged in result["flagged_chat"][:3]:
        print(f"flagged chat: {flagged['content']!r} ({flagged['reasons']})")
    for check in result["checks"]:
        print(("PASS " if check["passed"] else "FAIL ") + check["check"])


if __name__ == "__main__":
    main()
