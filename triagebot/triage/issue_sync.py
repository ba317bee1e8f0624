"""Incremental issue sync: GitHub's changed issues into the store, page by page.

``tracker.issue_pages`` asks GitHub only what changed since the repository's cursor
(an idle repository costs one free 304). Each page is stored and embedded in its own
transaction, and only answers longer than a page move the cursor, so a failure
half-way keeps what was read and the next sync resumes there; a one-page answer keeps
the cursor and its ETag, so the next sync asks the very same question.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from github import Github, GithubException

from triagebot.config import GitHubSettings, MatchingSettings
from triagebot.core.issues import Issue, StateChange
from triagebot.embeddings.model import Embedder
from triagebot.store.engine import SessionFactory
from triagebot.store.issue_freshness import not_older_than_stored
from triagebot.store.repos import keep_page, record_sync, repo_cursor
from triagebot.tracker.issue_pages import IssuePage, Reading, failure_message, issue_pages
from triagebot.triage.issues import store_and_embed

log = logging.getLogger(__name__)


@dataclass
class SyncReport:
    repo: str
    requests: int = 0
    not_modified: bool = False
    issues: int = 0
    skipped_pull_requests: int = 0
    changes: list[StateChange] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0


class IssueSync:
    def __init__(
        self,
        github: Github,
        sessions: SessionFactory,
        embedder: Embedder | None,
        settings: GitHubSettings,
        matching: MatchingSettings,
    ) -> None:
        self._github = github
        self._sessions = sessions
        self._embedder = embedder
        self._settings = settings
        self._matching = matching

    @property
    def repos(self) -> tuple[str, ...]:
        return self._settings.repos

    def store(self, issues: Sequence[Issue]) -> tuple[int, list[StateChange]]:
        """Store and embed issues read elsewhere (a webhook delivery), the way a page
        is: one transaction, the same rows and vectors. Returns how many were stored
        (not those older than the stored copy) and the state changes."""
        with self._sessions() as session, session.begin():
            fresh = not_older_than_stored(session, issues)
            body_chars = self._matching.issue_body_chars
            return len(fresh), store_and_embed(session, fresh, self._embedder, body_chars)

    def sync_all(self) -> list[SyncReport]:
        return [self.sync_repo(name) for name in self._settings.repos]

    def sync_repo(self, name: str) -> SyncReport:
        report = SyncReport(repo=name)
        started = time.perf_counter()
        try:
            self._sync(name, report)
            self._finish(name, error=None)
        except GithubException as exc:
            report.error = f"GitHub answered {exc.status}: {failure_message(exc)}"
            log.warning("sync of %s failed (%s); cursor kept", name, report.error)
            self._finish(name, error=report.error)
        except OSError as exc:  # connection refused, DNS, timeouts after retries
            report.error = f"GitHub unreachable: {exc}"
            log.warning("sync of %s failed (%s); cursor kept", name, report.error)
            self._finish(name, error=report.error)
        report.seconds = time.perf_counter() - started
        return report

    def _sync(self, name: str, report: SyncReport) -> None:
        with self._sessions() as session:
            since, etag = repo_cursor(session, name)
        reading = Reading()
        try:
            for page in issue_pages(self._github, name, since, etag, reading):
                self._store_page(name, page, report)
        finally:
            report.requests, report.not_modified = reading.requests, reading.not_modified

    def _store_page(self, name: str, page: IssuePage, report: SyncReport) -> None:
        body_chars = self._matching.issue_body_chars
        with self._sessions() as session, session.begin():
            # A webhook may have stored a newer copy since this page was read.
            fresh = not_older_than_stored(session, page.issues)
            changes = store_and_embed(session, fresh, self._embedder, body_chars)
            newest = max((i.updated_at for i in page.issues if i.updated_at), default=None)
            keep_page(session, name, None if page.single else newest, page.etag)
        report.issues += len(page.issues)
        report.skipped_pull_requests += page.pull_requests
        report.changes += changes

    def _finish(self, name: str, *, error: str | None) -> None:
        with self._sessions() as session, session.begin():
            record_sync(session, name, error)
