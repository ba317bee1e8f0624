"""What the soak bench watches while the bot runs: commits, lag, memory, caches."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from typing import Any

import numpy as np

from bench._soak_traffic import Ledger
from tests.fakes.discord_server import FakeDiscord
from triagebot.bot.client import TriageBot
from triagebot.core.batch import Batch
from triagebot.triage.compose import App
from triagebot.triage.pipeline import Pipeline
from triagebot.triage.services import Services


def rss_mb() -> float:
    """This process's resident set (VmRSS), in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Probe:
    """A pipeline listener: when each message was committed, and what was flagged."""

    def __init__(self, pipeline: Pipeline, ledger: Ledger) -> None:
        self.pipeline = pipeline
        self.ledger = ledger
        self.inserted: Counter[int] = Counter()  # message id → times stored as new
        self.incidents = 0  # spam incidents newly opened
        self.max_depth = 0
        self._committed: list[tuple[int, float]] = []  # since the last sample

    async def on_batch(self, batch: Batch) -> None:
        now = time.perf_counter()
        for message_id in batch.stored.inserted:
            self.inserted[message_id] += 1
            self._committed.append((message_id, now))
        self.incidents += sum(1 for opened in batch.flags.values() if opened)
        self.max_depth = max(self.max_depth, self.pipeline.queue_depth)

    def interval_lag(self) -> tuple[float | None, float | None, int]:
        """p50 and p99 send→commit ms of the messages committed since the last call."""
        committed, self._committed = self._committed, []
        sent = self.ledger.sent_at
        lags = [at - sent[i] for i, at in committed if i in sent]
        if not lags:
            return None, None, 0
        ms = np.array(lags) * 1000
        return (
            round(float(np.percentile(ms, 50)), 1),
            round(float(np.percentile(ms, 99)), 1),
            len(ms),
        )


def cache_sizes(app: App, services: Services, bot: TriageBot, fake: FakeDiscord) -> dict[str, int]:
    """The in-memory collections that could grow with traffic."""
    sizes: dict[str, int] = {}
    stage = app.spam_stage
    if stage is not None:
        tracker = stage.scorer.tracker
        sizes["wave_slots"] = int(np.isfinite(tracker._times).sum())
        sizes["wave_live"] = int((tracker._times >= time.time() - tracker.window_seconds).sum())
        sizes["first_msgs"] = len(stage._first_messages._past)
    recent = app.recent_messages
    if recent is not None:
        sizes["index_vectors"] = len(recent.index)
        sizes["index_pending"] = int(recent.index.pending)
    if services.similar is not None:
        sizes["similar_threads"] = len(services.similar._threads)
    sizes["dpy_messages"] = len(bot.cached_messages)
    sizes["tasks"] = len(asyncio.all_tasks())
    sizes["fake_requests"] = len(fake.requests)
    return sizes


def sample(
    started: float, probe: Probe, app: App, services: Services, bot: TriageBot, fake: FakeDiscord
) -> dict[str, Any]:
    """One row of the table."""
    p50, p99, committed = probe.interval_lag()
    depth = services.pipeline.queue_depth
    probe.max_depth = max(probe.max_depth, depth)
    return {
        "minute": round((time.perf_counter() - started) / 60, 2),
        "sent": len(probe.ledger.sent_at),
        "stored": len(probe.inserted),
        "committed": committed,
        "queue": depth,
        "p50_ms": p50,
        "p99_ms": p99,
        "rss_mb": round(rss_mb(), 1),
        "incidents": probe.incidents,
        "caches": cache_sizes(app, services, bot, fake),
    }
