"""A real ``triagebot run`` process for the tests that start, kill and restart one."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path


class BotProcess:
    """``triagebot [options] run``, its log in a file (a pipe nobody reads would fill
    up and stall the process)."""

    def __init__(self, log: Path, *options: str) -> None:
        self.log = log
        self.options = options
        self.process: asyncio.subprocess.Process | None = None

    async def start(self, env: dict[str, str], cwd: Path) -> BotProcess:
        with self.log.open("wb") as out:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "triagebot",
                *self.options,
                "run",
                env=env,
                cwd=cwd,
                stdout=out,
                stderr=out,
            )
        return self

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def alive(self) -> bool:
        return self.process is not None and self.process.returncode is None

    async def stop(self, sig: int = signal.SIGTERM) -> int:
        """Send ``sig`` (unless it has exited) and wait; returns the exit code."""
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(sig)
        return await asyncio.wait_for(self.process.wait(), 60)

    async def ensure_dead(self) -> None:
        if self.alive():
            assert self.process is not None
            self.process.kill()
            await self.process.wait()
