"""A public repository syncs without a token, as the README promises: GitHub's 60
requests an hour, and an idle repository costs nothing (a 304 is free)."""

from __future__ import annotations

from tests.fakes.github_server import FakeGitHub
from tests.tracker.conftest import REPO
from tests.tracker.test_sync import issue_numbers
from triagebot.config import GitHubSettings, MatchingSettings
from triagebot.store.engine import SessionFactory
from triagebot.tracker.client import github_client
from triagebot.triage.issue_sync import IssueSync


def test_a_public_repository_syncs_without_a_token_and_idles_for_free(
    github: FakeGitHub, sessions: SessionFactory
) -> None:
    github.add_issue(REPO, 1, "Crash on start")
    github.add_issue(REPO, 2, "Export loses images")
    settings = GitHubSettings(repos=(REPO,), api_url=github.base_url)
    sync = IssueSync(github_client(settings), sessions, None, settings, MatchingSettings())
    first = sync.sync_repo(REPO)
    assert first.error is None and issue_numbers(sessions) == [1, 2]
    assert all("Authorization" not in r.headers for r in github.requests)
    spent = [r for r in github.requests if r.counted]
    idle = sync.sync_repo(REPO)
    assert idle.error is None and idle.not_modified
    assert [r for r in github.requests if r.counted] == spent  # the 304 cost nothing
    assert github.rate_limit_remaining == 5000  # nothing came out of a token's window
