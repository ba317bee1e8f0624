"""`triagebot run` as a real process: configured by the environment, stopped by SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from pathlib import Path

from tests.bot.harness import ALICE, GENERAL
from tests.bot.harness_issues import eventually
from tests.fakes.discord_server import FakeDiscord


def environment(fake: FakeDiscord, tmp_path: Path, token: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "GITHUB_"))}
    env.update(
        {
            "DISCORD_TOKEN": token,
            "DISCORD_API_BASE": fake.api_base,
            "DISCORD_GATEWAY_URL": fake.gateway_url,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
            "EMBED_ENABLED": "false",
            "HF_HUB_OFFLINE": "1",
        }
    )
    return env


def stored(tmp_path: Path) -> int:
    try:
        with sqlite3.connect(tmp_path / "bot.db") as db:
            return int(db.execute("SELECT count(*) FROM messages").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # not migrated yet


async def test_run_stores_live_messages_and_stops_cleanly_on_sigterm(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    await fake.send_message(GENERAL, ALICE, "sent before the bot ever started")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "triagebot",
        "run",
        env=environment(fake, tmp_path, fake.token),
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await fake.wait_until_connected(timeout=60)
        for n in range(5):
            await fake.send_message(GENERAL, ALICE, f"live message {n}")
        await eventually(lambda: stored(tmp_path) == 6, timeout=30)
        process.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(process.communicate(), 30)
    finally:
        if process.returncode is None:
            process.kill()
    assert process.returncode == 0, err.decode()
    assert stored(tmp_path) == 6
    assert "Traceback" not in err.decode()


async def test_a_rejected_token_is_one_clear_line(fake: FakeDiscord, tmp_path: Path) -> None:
    secret = "MTAx.revoked.token-value"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "triagebot",
        "run",
        env=environment(fake, tmp_path, secret),
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(process.communicate(), 60)
    text = err.decode()
    assert process.returncode == 2
    assert "error: DISCORD_TOKEN was rejected by Discord" in text
    assert "Traceback" not in text and secret not in text
