"""Fake GitHub REST server that the *unmodified* PyGithub client can talk to.

Why: the bot's issue sync must be tested against real PyGithub behaviour – Link-header
pagination, conditional requests (ETag/304), rate-limit headers and urllib3/GithubRetry
retries – without network access and without mocking PyGithub internals. Payload shapes
follow the recorded octokit fixtures in ``/work/shared/data/api_github_fixtures``.

Usage from synchronous code (PyGithub is synchronous)::

    with running_fake_github() as fake:
        fake.add_issue("acme/widgets", 1, "Crash on start")
        gh = Github(base_url=fake.base_url, auth=Auth.Token(fake.token), per_page=100)

The server runs on its own event loop in a daemon thread, so calls from the test thread or
from a worker thread (``asyncio.to_thread``) never deadlock against it. Inside an async
test you can instead ``async with FakeGitHub() as fake:`` and call PyGithub via
``asyncio.to_thread``.
"""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from types import TracebackType
from typing import Any

import pytest
from aiohttp import web

from .github_routes import build_app
from .github_state import JSON, Fault, GitHubState, RecordedRequest
from .threaded import serving_in_thread

__all__ = ["FakeGitHub", "RecordedRequest", "fake_github", "running_fake_github"]


class FakeGitHub:
    """Facade over the fake's state and its aiohttp server (see module docstring)."""

    def __init__(self, *, token: str = "ghp_test", login: str = "triagebot-test") -> None:
        # Bind now so ``base_url`` (which ends up inside every payload URL) is known before
        # start() and issues can be seeded first; asyncio starts listening on this socket.
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self.port: int = self._sock.getsockname()[1]
        self.base_url: str = f"http://127.0.0.1:{self.port}"
        self.token = token
        self.login = login
        self._state = GitHubState(base_url=self.base_url, token=token, login=login)
        self._runner: web.AppRunner | None = None

    # ------------------------------------------------------------------ lifecycle
    async def start(self) -> None:
        """Serve on the pre-bound socket. Hung handlers are cancelled on client disconnect."""
        if self._runner is not None:
            return
        runner = web.AppRunner(
            build_app(self._state),
            handler_cancellation=True,
            shutdown_timeout=0.5,
            access_log=None,
        )
        await runner.setup()
        await web.SockSite(runner, self._sock).start()
        self._runner = runner

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        self._sock.close()

    async def __aenter__(self) -> FakeGitHub:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # ------------------------------------------------------------------ observation
    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received, in order (live list; copy it before long assertions)."""
        return self._state.requests

    @property
    def comments_posted(self) -> list[JSON]:
        """``{"repo", "number", "body", "id"}`` for each successful comment POST."""
        return self._state.comments_posted

    @property
    def issues_created(self) -> list[JSON]:
        """Issues created by ``POST /repos/{owner}/{repo}/issues``, in order."""
        return self._state.issues_created

    @property
    def rate_limit_remaining(self) -> int:
        return self._state.rate_remaining

    def requests_to(self, path_regex: str, method: str = "GET") -> list[RecordedRequest]:
        """Recorded requests whose path matches (``re.search``) – handy for counting."""
        pattern = re.compile(path_regex)
        with self._state.lock:
            return [
                r for r in self._state.requests if r.method == method and pattern.search(r.path)
            ]

    def reset_requests(self) -> None:
        with self._state.lock:
            self._state.requests.clear()

    # ------------------------------------------------------------------ seeding
    def add_repo(self, full_name: str) -> None:
        self._state.add_repo(full_name)

    def add_issue(
        self,
        full_name: str,
        number: int,
        title: str,
        body: str = "",
        *,
        state: str = "open",
        labels: Iterable[str] = (),
        author: str = "octocat",
        comments: int = 0,
        created_at: datetime | None = None,
        updated_at: datetime | None = None,
        pull_request: bool = False,
        reactions: int = 0,
    ) -> JSON:
        """Create an issue (or a PR, which GitHub also lists under /issues); returns its JSON.

        Without timestamps the fake's clock issues a fresh one (1 s resolution, strictly
        increasing, so it may run slightly ahead of wall time). The repo is created if needed.
        """
        record = self._state.add_issue(
            full_name,
            number,
            title,
            body,
            state=state,
            labels=labels,
            author=author,
            comments=comments,
            created_at=created_at,
            updated_at=updated_at,
            pull_request=pull_request,
            reactions=reactions,
        )
        return self._state.issue_json(self._state.repos[full_name], record, single=True)

    def update_issue(self, full_name: str, number: int, **changes: Any) -> JSON:
        """Edit fields (title, body, state, state_reason, labels, locked, assignees, comments,
        reactions, author, milestone: its title) and bump ``updated_at`` strictly;
        closing sets ``closed_at``."""
        record = self._state.update_issue(full_name, number, changes)
        return self._state.issue_json(self._state.repos[full_name], record, single=True)

    def set_rate_limit(
        self, remaining: int, *, reset_in: float = 3600.0, limit: int | None = None
    ) -> None:
        """Set the core bucket; at 0 every request gets GitHub's primary-limit 403 until reset."""
        with self._state.lock:
            if limit is not None:
                self._state.rate_limit = limit
            self._state.rate_remaining = remaining
            self._state.rate_reset = time.time() + reset_in

    # ------------------------------------------------------------------ faults
    def fail_next(
        self,
        status: int,
        times: int = 1,
        *,
        path_regex: str = ".*",
        retry_after: float | None = None,
        rate_limit_reset_in: float | None = None,
        hang_seconds: float | None = None,
        method: str | None = None,
        answer_after_seconds: float | None = None,
    ) -> None:
        """Make the next ``times`` requests whose path matches ``path_regex`` fail.

        * 500/502/503/…: JSON ``{"message", "documentation_url"}``.
        * 403 + ``rate_limit_reset_in``: primary limit ("API rate limit exceeded…",
          ``X-RateLimit-Remaining: 0``, ``X-RateLimit-Reset`` = now + reset_in).
        * 403 otherwise / 429: secondary limit ("You have exceeded a secondary rate limit…").
        * ``retry_after``: ``Retry-After`` header, rounded up to whole seconds like GitHub.
        * ``hang_seconds``: sleep first (for client timeouts); with a status < 400 the
          request is then served normally.
        * ``answer_after_seconds`` (with a status < 400): served at once — an issue or
          comment is created — and the answer held back that long, so a client timeout
          loses it (the case that makes a blind retry write twice).
        * ``method``: only requests with this method (any when None).

        Faults are used in the order queued; they are applied before authentication.
        """
        if times < 1:
            raise ValueError("times must be >= 1")
        fault = Fault(
            status=status,
            remaining=times,
            path_regex=re.compile(path_regex),
            retry_after=retry_after,
            rate_limit_reset_in=rate_limit_reset_in,
            hang_seconds=hang_seconds,
            method=method,
            answer_after_seconds=answer_after_seconds,
        )
        with self._state.lock:
            self._state.faults.append(fault)

    def clear_faults(self) -> None:
        with self._state.lock:
            self._state.faults.clear()


@contextmanager
def running_fake_github(
    *, token: str = "ghp_test", login: str = "triagebot-test"
) -> Iterator[FakeGitHub]:
    """Run a FakeGitHub on a private event loop in a daemon thread (for sync callers)."""
    with serving_in_thread(FakeGitHub(token=token, login=login), "fake-github") as fake:
        yield fake


@pytest.fixture
def fake_github() -> Iterator[FakeGitHub]:
    """A started FakeGitHub in a background thread, torn down after the test."""
    with running_fake_github() as fake:
        yield fake
