"""Rate-limit answers are waited out as GitHub documents, on a clock the test keeps:
``Retry-After`` when sent; else until ``X-RateLimit-Reset`` when nothing is left; else
at least a minute. Nothing here really sleeps."""

from __future__ import annotations

import time

import pytest

from tests.fakes.github_server import FakeGitHub
from tests.tracker.conftest import REPO
from triagebot.config import GitHubSettings
from triagebot.tracker.client import github_client
from triagebot.tracker.retry import documented_wait


def waits_for(github: FakeGitHub, **fault: float) -> list[float]:
    """The sleeps of one issue read that first meets a 429 shaped by ``fault``."""
    github.add_issue(REPO, 1, "Issue 1")
    slept: list[float] = []
    settings = GitHubSettings(
        token=github.token,  # type: ignore[arg-type]
        repos=(REPO,),
        api_url=github.base_url,
    )
    client = github_client(settings, retries=3, sleeper=slept.append)
    github.fail_next(429, **fault)
    assert client.get_repo(REPO).get_issue(1).title == "Issue 1"
    return slept


def test_a_429_that_names_no_time_waits_at_least_a_minute(github: FakeGitHub) -> None:
    assert waits_for(github) == [60.0]


def test_a_429_with_nothing_left_waits_until_the_reset(github: FakeGitHub) -> None:
    (slept,) = waits_for(github, rate_limit_reset_in=120)
    assert 119 <= slept <= 122


def test_a_429_with_retry_after_waits_that_long(github: FakeGitHub) -> None:
    assert waits_for(github, retry_after=7) == [7.0]


def test_a_wait_longer_than_allowed_is_an_error_not_a_hang(github: FakeGitHub) -> None:
    from github.GithubException import RateLimitExceededExceedsMaxWait

    with pytest.raises(RateLimitExceededExceedsMaxWait):
        waits_for(github, rate_limit_reset_in=3600)


def test_the_documented_rule() -> None:
    now = 1_000.0
    assert documented_wait({"Retry-After": "5"}, now) is None  # urllib3 sleeps it
    assert documented_wait({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1030"}, now) == 31
    assert documented_wait({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "900"}, now) == 1
    assert documented_wait({"X-RateLimit-Remaining": "12"}, now) == 60


def test_writes_keep_a_second_apart(github: FakeGitHub) -> None:
    github.add_issue(REPO, 1, "Issue 1")
    settings = GitHubSettings(token=github.token, repos=(REPO,), api_url=github.base_url)  # type: ignore[arg-type]
    issue = github_client(settings).get_repo(REPO).get_issue(1)
    started = time.monotonic()
    issue.create_comment("one")
    issue.create_comment("two")
    assert time.monotonic() - started >= 1.0
    assert [c["body"] for c in github.comments_posted] == ["one", "two"]
