from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.bot.harness import build_world, discord_globals_restored
from tests.fakes.discord_server import FakeDiscord


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """A fake Discord with one guild, a few channels and members, on 127.0.0.1."""
    server = FakeDiscord()
    build_world(server)
    with discord_globals_restored():
        await server.start()
        try:
            yield server
        finally:
            await server.stop()
