"""What GitHub lets the token do, asked with PyGithub against the fake GitHub.

Each question either answers with a plain value or raises one ``AccessError``
carrying GitHub's own message and status, which ``triagebot check`` prints as it is.
"""

from __future__ import annotations

import socket
from datetime import UTC, datetime

import pytest

from tests.fakes.github_server import FakeGitHub
from tests.tracker.conftest import REPO
from triagebot.config import GitHubSettings
from triagebot.tracker.access import AccessError, GitHubAccess


def access(github: FakeGitHub, token: str | None = None) -> GitHubAccess:
    settings = GitHubSettings(
        token=token or github.token,  # type: ignore[arg-type]
        api_url=github.base_url,
        timeout_seconds=5,
    )
    return GitHubAccess(settings)


def test_the_token_names_its_account(github: FakeGitHub) -> None:
    assert access(github).login() == "triagebot-test"


def test_a_wrong_token_is_refused_with_401(github: FakeGitHub) -> None:
    with pytest.raises(AccessError) as refused:
        access(github, "ghp_wrong").login()
    assert (refused.value.status, refused.value.reason) == (401, "Bad credentials")


def test_a_readable_repository_says_whether_its_issues_are_on(github: FakeGitHub) -> None:
    repo = access(github).repo(REPO)
    assert (repo.full_name, repo.private, repo.has_issues) == (REPO, False, True)


def test_a_missing_repository_is_a_404(github: FakeGitHub) -> None:
    with pytest.raises(AccessError) as missing:
        access(github).repo("lumen-dev/typo")
    assert missing.value.status == 404


def test_the_rate_limit_left_costs_no_request_of_it(github: FakeGitHub) -> None:
    github.set_rate_limit(42, reset_in=600, limit=5000)
    rate = access(github).rate()
    assert (rate.remaining, rate.limit) == (42, 5000)
    assert 0 < (rate.resets_at - datetime.now(UTC)).total_seconds() <= 601
    assert github.rate_limit_remaining == 42


def test_an_unreachable_server_is_an_access_error_without_status() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again before the request
    settings = GitHubSettings(api_url=f"http://127.0.0.1:{port}", timeout_seconds=2)
    with pytest.raises(AccessError) as unreachable:
        GitHubAccess(settings).rate()
    assert unreachable.value.status is None
    assert unreachable.value.reason.startswith("cannot reach GitHub")
