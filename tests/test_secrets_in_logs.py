"""Tokens and keys never appear in logs or error messages, even at DEBUG.

One run touches every client that holds a secret — the Discord bot, the GitHub sync
(including a rejected token) and the language model (including a failure) — with
every logger at DEBUG, then searches everything that was logged.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from tests.bot.conftest import fake  # noqa: F401 - the fake Discord fixture
from tests.bot.harness import ALICE, GENERAL, RunningBot
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.github_server import FakeGitHub
from tests.fakes.openai_server import running_fake_openai
from tests.llm.conftest import digest_topics
from tests.tracker.conftest import REPO, github, make_sync  # noqa: F401 - fixture
from triagebot.config import LLMSettings
from triagebot.llm.summariser import Summariser
from triagebot.store.engine import SessionFactory
from triagebot.triage.ledger import StoredLedger


class Everything(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        self.lines.append(text)


@pytest.fixture
def logs() -> Iterator[Everything]:
    handler = Everything()
    root = logging.getLogger()
    saved = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for name in ("discord", "github", "urllib3", "openai", "httpx", "triagebot"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(saved)


async def test_no_secret_reaches_the_logs(
    logs: Everything,
    fake: FakeDiscord,  # noqa: F811
    github: FakeGitHub,  # noqa: F811
    sessions: SessionFactory,
) -> None:
    bot = await RunningBot(fake, sessions).start()
    await fake.send_message(GENERAL, ALICE, "hello")
    await bot.settle()
    await bot.stop()

    make_sync(github, sessions).sync_repo(REPO)
    revoked = "ghp_revoked_0123456789abcdef"
    github_token = github.token
    github.token = revoked
    make_sync(github, sessions, retries=0).sync_repo(REPO)

    with running_fake_openai() as openai:
        settings = LLMSettings(
            _env_file=None,
            base_url=openai.base_url,  # type: ignore[call-arg]
            api_key=SecretStr(openai.api_key),
            timeout_seconds=2.0,
        )
        Summariser(settings, StoredLedger(sessions)).summarise(digest_topics())
        openai.fail(500)
        Summariser(settings, StoredLedger(sessions)).summarise(digest_topics())
        llm_key = openai.api_key

    assert len(logs.lines) > 20  # the run really was logged
    everything = "\n".join(logs.lines)
    for secret in (fake.token, github_token, revoked, llm_key):
        assert secret not in everything
