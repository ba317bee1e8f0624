"""Issue sync against the fake GitHub: incremental, conditional, and hard to break."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from tests.conftest import count_rows
from tests.fakes.github_server import FakeGitHub
from tests.tracker.conftest import REPO, make_sync
from triagebot.config import GitHubSettings, MatchingSettings
from triagebot.embeddings.model import SentenceEmbedder
from triagebot.store.engine import SessionFactory
from triagebot.store.models import IssueRow, RepoRow
from triagebot.tracker.client import github_client
from triagebot.triage.issue_sync import IssueSync


def seed_issues(github: FakeGitHub, count: int) -> None:
    """Issues updated a minute apart, as a real repository's are (not in one second)."""
    start = datetime(2026, 11, 1, tzinfo=UTC)
    for n in range(1, count + 1):
        when = start + timedelta(minutes=n)
        github.add_issue(REPO, n, f"Issue {n}", created_at=when, updated_at=when)


def issue_numbers(sessions: SessionFactory, state: str | None = None) -> list[int]:
    query = select(IssueRow.number)
    if state:
        query = query.where(IssueRow.state == state)
    with sessions() as session:
        return sorted(session.scalars(query))


def test_first_sync_stores_issues_and_skips_pull_requests(
    github: FakeGitHub, sessions: SessionFactory, embedder: SentenceEmbedder, engine: object
) -> None:
    github.add_issue(
        REPO,
        1,
        "Live reload crashes on Windows",
        "Since 0.9.2 …",
        labels=["bug", "windows"],
        reactions=4,
        comments=2,
    )
    github.add_issue(REPO, 2, "Add dark mode", state="closed")
    github.add_issue(REPO, 3, "Fix typo in docs", pull_request=True)
    report = make_sync(github, sessions, embedder).sync_repo(REPO)
    assert report.error is None and report.issues == 2 and report.skipped_pull_requests == 1
    assert issue_numbers(sessions) == [1, 2]
    with sessions() as session:
        first = session.scalars(select(IssueRow).where(IssueRow.number == 1)).one()
    assert first.labels == '["bug", "windows"]' and first.reactions == 4 and first.comments == 2
    assert first.html_url.endswith("/issues/1") and first.text_hash is not None
    # each issue's title + body, and the title alone of the one that has a body
    assert count_rows(engine, "embeddings") == 3  # type: ignore[arg-type]


def test_an_idle_repository_costs_one_conditional_request_answered_304(
    github: FakeGitHub, sessions: SessionFactory
) -> None:
    seed_issues(github, 5)
    sync = make_sync(github, sessions)
    sync.sync_repo(REPO)
    github.reset_requests()
    remaining = github.rate_limit_remaining
    report = sync.sync_repo(REPO)
    assert report.not_modified and report.requests == 1
    assert len(github.requests) == 1 and github.requests[0].status == 304
    assert github.requests[0].header("If-None-Match")
    assert github.rate_limit_remaining == remaining  # a 304 is free


def test_after_a_change_the_next_idle_sync_is_free_again(
    github: FakeGitHub, sessions: SessionFactory
) -> None:
    seed_issues(github, 5)
    sync = make_sync(github, sessions)
    sync.sync_repo(REPO)
    github.update_issue(REPO, 3, state="closed")
    changed = sync.sync_repo(REPO)
    assert [c.number for c in changed.changes] == [3]
    github.reset_requests()
    idle = sync.sync_repo(REPO)
    assert idle.not_modified and [r.status for r in github.requests] == [304]


def test_changes_since_the_cursor_are_fetched_with_since(
    github: FakeGitHub, sessions: SessionFactory
) -> None:
    seed_issues(github, 250)
    sync = make_sync(github, sessions)
    first = sync.sync_repo(REPO)
    assert first.issues == 250 and first.requests == 3  # 100 a page
    github.update_issue(REPO, 7, state="closed")
    github.update_issue(REPO, 8, title="Issue 8, retitled")
    github.reset_requests()
    second = sync.sync_repo(REPO)
    assert second.requests == 1 and github.requests[0].query.get("since")
    assert {c.number for c in second.changes} == {7}
    assert second.changes[0].after == "closed"
    assert 7 in issue_numbers(sessions, "closed")


def test_5xx_and_rate_limits_are_backed_off_and_retried(
    github: FakeGitHub, sessions: SessionFactory
) -> None:
    github.add_issue(REPO, 1, "Issue 1")
    github.fail_next(502)
    github.fail_next(500)
    github.fail_next(429, retry_after=0)
    github.fail_next(403, retry_after=0)  # secondary rate limit
    report = make_sync(github, sessions, retries=5).sync_repo(REPO)
    assert report.error is None and issue_numbers(sessions) == [1]


def test_a_failing_github_keeps_the_cursor_and_catches_up_later(
    github: FakeGitHub, sessions: SessionFactory
) -> None:
    github.add_issue(REPO, 1, "Issue 1")
    sync = make_sync(github, sessions, retries=1)
    sync.sync_repo(REPO)
    with sessions() as session:
        cursor = session.get(RepoRow, REPO).since  # type: ignore[union-attr]
    github.add_issue(REPO, 2, "Issue 2")
    github.fail_next(500, times=2)  # the first try and its one retry
    failed = sync.sync_repo(REPO)
    assert failed.error is not None and "500" in failed.error
    with sessions() as session:
        repo = session.get(RepoRow, REPO)
        assert repo is not None and repo.since == cursor and repo.last_error == failed.error
    recovered = sync.sync_repo(REPO)
    assert recovered.error is None and issue_numbers(sessions) == [1, 2]
    with sessions() as session:
        assert session.get(RepoRow, REPO).last_error is None  # type: ignore[union-attr]


def test_a_hanging_github_times_out_instead_of_blocking(
    github: FakeGitHub, sessions: SessionFactory
) -> None:
    github.add_issue(REPO, 1, "Issue 1")
    github.fail_next(200, times=3, hang_seconds=3)
    report = make_sync(github, sessions, retries=1, timeout=1).sync_repo(REPO)
    assert report.error is not None and "no answer in time" in report.error
    assert issue_numbers(sessions) == []


def test_a_revoked_token_is_a_clear_error(github: FakeGitHub, sessions: SessionFactory) -> None:
    github.token = "ghp_rotated"  # the token the bot holds is no longer accepted
    report = make_sync(github, sessions).sync_repo(REPO)
    assert report.error is not None and "401" in report.error and "Bad credentials" in report.error
    assert "ghp_rotated" not in report.error


def test_an_unreachable_github_is_one_short_line_and_keeps_the_cursor(
    github: FakeGitHub, sessions: SessionFactory
) -> None:
    github.add_issue(REPO, 1, "Issue 1")
    assert make_sync(github, sessions).sync_repo(REPO).error is None
    with sessions() as session:
        cursor = session.get(RepoRow, REPO).since  # type: ignore[union-attr]
    with socket.socket() as closed:  # bound, not listening: connections are refused
        closed.bind(("127.0.0.1", 0))
        settings = GitHubSettings(
            repos=(REPO,), api_url=f"http://127.0.0.1:{closed.getsockname()[1]}"
        )
        client = github_client(settings, backoff=0.01)
        report = IssueSync(client, sessions, None, settings, MatchingSettings()).sync_repo(REPO)
    assert report.error is not None and "\n" not in report.error
    assert report.error.endswith("connection refused") and "127.0.0.1" in report.error
    assert len(report.error) < 100  # not the whole chain of wrapped exceptions
    with sessions() as session:
        repo = session.get(RepoRow, REPO)
        assert repo is not None and repo.since == cursor and repo.last_error == report.error
