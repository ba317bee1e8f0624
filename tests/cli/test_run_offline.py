"""`triagebot run` while Discord is out of reach: it waits, one log line per attempt,
connects once Discord answers, and stops at once on SIGTERM, never with a traceback."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from tests.bot.harness import ALICE, GENERAL, build_world, discord_globals_restored
from tests.fakes.discord_server import FakeDiscord


class Bot:
    """A ``triagebot run`` process and the log lines it has written so far."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.lines: list[str] = []

    async def wait_for_line(self, wanted: Callable[[str], bool]) -> str:
        """The next line that is ``wanted`` (within 30 s), keeping every line read."""

        async def read() -> str:
            assert self.process.stderr is not None
            while raw := await self.process.stderr.readline():
                line = raw.decode().rstrip()
                self.lines.append(line)
                if wanted(line):
                    return line
            raise AssertionError("the bot exited:\n" + "\n".join(self.lines))

        return await asyncio.wait_for(read(), 30)

    async def stop(self) -> int:
        """SIGTERM, and the exit status; stopping must not wait on the network."""
        self.process.send_signal(signal.SIGTERM)
        _, rest = await asyncio.wait_for(self.process.communicate(), 10)
        self.lines += rest.decode().splitlines()
        return int(self.process.returncode or 0)


@asynccontextmanager
async def running(env: dict[str, str], cwd: Path) -> AsyncIterator[Bot]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "triagebot",
        "run",
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        yield Bot(process)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


def environment(tmp_path: Path, api_base: str, token: str = "MTAx.offline.token") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "GITHUB_"))}
    env.update(
        {
            "DISCORD_TOKEN": token,
            "DISCORD_API_BASE": api_base,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
            "EMBED_ENABLED": "false",
            "HF_HUB_OFFLINE": "1",
            "COLUMNS": "400",  # the log handler wraps at the terminal's width
        }
    )
    return env


@pytest.fixture
def closed_port() -> Iterator[socket.socket]:
    """A port on 127.0.0.1, bound and not listening: connecting to it is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    build_world(server)
    with discord_globals_restored():
        await server.start()
        try:
            yield server
        finally:
            await server.stop()


def attempt(line: str) -> bool:
    return "Discord unreachable (logging in)" in line


def assert_no_traceback(bot: Bot) -> None:
    text = "\n".join(bot.lines)
    assert "Traceback" not in text and "Unclosed" not in text, text


async def test_an_unreachable_discord_is_retried_one_line_each_until_stopped(
    tmp_path: Path, closed_port: socket.socket
) -> None:
    port = closed_port.getsockname()[1]
    async with running(environment(tmp_path, f"http://127.0.0.1:{port}/api/v10"), tmp_path) as bot:
        first = await bot.wait_for_line(attempt)
        second = await bot.wait_for_line(attempt)
        assert await bot.stop() == 0
    assert f"127.0.0.1:{port}: connection refused; retrying in 2s (attempt 1)" in first
    assert "retrying in 4s (attempt 2)" in second  # the pause grows
    assert_no_traceback(bot)


@asynccontextmanager
async def forwarding(sock: socket.socket, to: str) -> AsyncIterator[None]:
    """Discord "comes back": the refused port starts answering, as the fake behind it."""
    async with aiohttp.ClientSession() as session:

        async def forward(request: web.Request) -> web.Response:
            headers = {k: v for k, v in request.headers.items() if k.lower() != "host"}
            async with session.request(
                request.method, to + request.path_qs, headers=headers, data=await request.read()
            ) as answer:
                body = await answer.read()
                hop = {"content-length", "transfer-encoding", "content-encoding", "connection"}
                kept = {k: v for k, v in answer.headers.items() if k.lower() not in hop}
                return web.Response(status=answer.status, body=body, headers=kept)

        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", forward)
        runner = web.AppRunner(app)
        await runner.setup()
        sock.listen()
        await web.SockSite(runner, sock).start()
        try:
            yield
        finally:
            await runner.cleanup()


def stored(tmp_path: Path) -> int:
    try:
        with sqlite3.connect(tmp_path / "bot.db") as db:
            return int(db.execute("SELECT count(*) FROM messages").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


async def test_the_bot_connects_once_discord_answers_again(
    tmp_path: Path, closed_port: socket.socket, fake: FakeDiscord
) -> None:
    port = closed_port.getsockname()[1]
    env = environment(tmp_path, f"http://127.0.0.1:{port}/api/v10", token=fake.token)
    async with running(env, tmp_path) as bot:
        await bot.wait_for_line(attempt)
        async with forwarding(closed_port, f"http://127.0.0.1:{fake.port}"):
            await fake.wait_until_connected(timeout=30)
            await fake.send_message(GENERAL, ALICE, "hello after the outage")
            for _ in range(300):
                if stored(tmp_path):
                    break
                await asyncio.sleep(0.1)
            assert await bot.stop() == 0
    assert stored(tmp_path) == 1
    assert_no_traceback(bot)


async def test_discords_own_gateway_retries_are_one_line_each_and_stop_at_once(
    tmp_path: Path, closed_port: socket.socket, fake: FakeDiscord
) -> None:
    port = closed_port.getsockname()[1]
    env = environment(tmp_path, fake.api_base, token=fake.token)
    env.update({"DISCORD_GATEWAY_URL": f"ws://127.0.0.1:{port}/", "DISCORD_SHARD_COUNT": "1"})
    async with running(env, tmp_path) as bot:
        line = await bot.wait_for_line(lambda line: "Failed to connect for shard_id: 0" in line)
        assert await bot.stop() == 0
    assert line.endswith(f"(127.0.0.1:{port}: connection refused)")
    assert_no_traceback(bot)
