from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.github_server import FakeGitHub, running_fake_github
from triagebot.config import GitHubSettings, MatchingSettings
from triagebot.embeddings.model import SentenceEmbedder
from triagebot.store.engine import SessionFactory
from triagebot.tracker.client import github_client
from triagebot.triage.issue_sync import IssueSync

REPO = "lumen-dev/lumen"


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    with running_fake_github() as fake:
        fake.add_repo(REPO)
        yield fake


def make_sync(
    github: FakeGitHub,
    sessions: SessionFactory,
    embedder: SentenceEmbedder | None = None,
    *,
    retries: int = 3,
    timeout: int = 30,
) -> IssueSync:
    settings = GitHubSettings(
        token=github.token,  # type: ignore[arg-type]
        repos=(REPO,),
        api_url=github.base_url,
        timeout_seconds=timeout,
    )
    client = github_client(settings, retries=retries, backoff=0.01)
    return IssueSync(client, sessions, embedder, settings, MatchingSettings())
