"""Incremental issue sync: one free conditional request when nothing changed.

Each repository keeps a cursor (an ``updated_at``) and the ETag of its last answer.
A sync asks for issues updated since the cursor, oldest first, 100 a page, with
``If-None-Match``: an idle repository answers 304, which GitHub does not count
against the rate limit. ``since`` is inclusive, so moving the cursor would change
the question (and its ETag) every time: after a one-page answer the cursor stays,
and the next sync repeats the exact question. Only answers longer than a page move
it, page by page, each page stored (and embedded) in its own transaction, so a
failure half-way keeps what was read and the next sync resumes there.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from github import Github, GithubException

from triagebot.config import GitHubSettings, MatchingSettings
from triagebot.core.issues import Issue
from triagebot.embeddings.model import Embedder
from triagebot.store.engine import SessionFactory
from triagebot.store.issues import StateChange
from triagebot.store.models import RepoRow
from triagebot.tracker.ingest import store_and_embed
from triagebot.tracker.rest_shape import parse_issue

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

    def sync_all(self) -> list[SyncReport]:
        return [self.sync_repo(name) for name in self._settings.repos]

    def sync_repo(self, name: str) -> SyncReport:
        report = SyncReport(repo=name)
        started = time.perf_counter()
        try:
            self._sync(name, report)
            self._finish(name, error=None)
        except GithubException as exc:
            report.error = f"GitHub answered {exc.status}: {_message(exc)}"
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
            repo = session.get(RepoRow, name)
            since, etag = (repo.since, repo.etag) if repo else (None, None)
        params: dict[str, Any] = {"state": "all", "sort": "updated", "direction": "asc"}
        params["per_page"] = 100
        if since is not None:
            params["since"] = since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        headers = {"If-None-Match": etag} if etag else {}
        url: str | None = f"/repos/{name}/issues"
        first = True
        while url:
            answer, data = self._github.requester.requestJsonAndCheck(
                "GET", url, parameters=params if first else None, headers=dict(headers)
            )
            report.requests += 1
            if data is None:  # 304: nothing changed since the last sync
                report.not_modified = True
                return
            url = _next_link(answer)
            single = first and url is None
            # A one-page answer keeps the cursor where it is and remembers its ETag: the
            # next sync asks the very same question and, if nothing changed, gets a 304.
            # A longer answer moves the cursor page by page, so a failure keeps progress.
            self._store_page(
                name, data, answer.get("etag") if single else None, report, advance=not single
            )
            first, headers = False, {}

    def _store_page(
        self,
        name: str,
        items: list[dict[str, Any]],
        etag: str | None,
        report: SyncReport,
        *,
        advance: bool,
    ) -> None:
        issues: list[Issue] = []
        for raw in items:
            issue = parse_issue(raw, repo=name)
            if issue is None:
                report.skipped_pull_requests += 1
            else:
                issues.append(issue)
        with self._sessions() as session, session.begin():
            changes = store_and_embed(
                session, issues, self._embedder, self._matching.issue_body_chars
            )
            newest = max((i.updated_at for i in issues if i.updated_at), default=None)
            repo = session.get(RepoRow, name) or RepoRow(full_name=name)
            if advance and newest is not None and (repo.since is None or newest > repo.since):
                repo.since = newest
            repo.etag = etag
            session.add(repo)
        report.issues += len(issues)
        report.changes += changes

    def _finish(self, name: str, *, error: str | None) -> None:
        with self._sessions() as session, session.begin():
            repo = session.get(RepoRow, name) or RepoRow(full_name=name)
            repo.last_sync_at = datetime.now(UTC)
            repo.last_error = error
            session.add(repo)


def _next_link(headers: dict[str, Any]) -> str | None:
    for part in str(headers.get("link") or "").split(","):
        if 'rel="next"' in part:
            return part[part.index("<") + 1 : part.index(">")]
    return None


def _message(exc: GithubException) -> str:
    data = exc.data if isinstance(exc.data, dict) else {}
    return str(data.get("message") or exc.data or "")[:200]
