from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from tests.bot.harness import build_world, discord_globals_restored
from tests.bot.harness_issues import Issues, add_triagers, seed_github
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.github_server import FakeGitHub, running_fake_github
from triagebot.embeddings.model import SentenceEmbedder
from triagebot.store.engine import SessionFactory


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


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    """A fake GitHub (in its own thread, for PyGithub) holding the test issues."""
    with running_fake_github() as server:
        seed_github(server)
        yield server


@pytest.fixture
async def issues(
    fake: FakeDiscord, github: FakeGitHub, sessions: SessionFactory, embedder: SentenceEmbedder
) -> Issues:
    """The issues synced and embedded, and the triage team on the fake Discord."""
    add_triagers(fake)
    loaded = Issues(github, sessions, embedder)
    await loaded.load()
    return loaded
