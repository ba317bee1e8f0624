"""Reading a repository's issues from GitHub, page by page, asking only what changed.

A read asks for issues updated since a cursor (an ``updated_at``), oldest first, 100
a page, with ``If-None-Match``: an idle repository answers 304, which GitHub does not
count against the rate limit. ``since`` is inclusive, so moving the cursor would
change the question (and its ETag) every time: a one-page answer is marked
``single`` and its ETag kept, so the next read repeats the exact question. Longer
answers come page by page, for the caller to store (and move its cursor) page by
page, so a failure half-way keeps what was read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import requests
from github import Github, GithubException

from triagebot.core.issues import Issue
from triagebot.tracker.rest_shape import parse_issue
from triagebot.tracker.unreachable import unreachable


@dataclass
class IssuePage:
    """One answer: its issues (pull requests left out), and what to keep of it."""

    issues: list[Issue] = field(default_factory=list)
    pull_requests: int = 0
    single: bool = False  # the whole answer: keep the cursor, remember the ETag
    etag: str | None = None


@dataclass
class Reading:
    """What a read cost and found; ``not_modified``: GitHub answered 304."""

    requests: int = 0
    not_modified: bool = False


def issue_pages(
    github: Github, repo: str, since: datetime | None, etag: str | None, reading: Reading
) -> Iterator[IssuePage]:
    """The issues of ``repo`` updated since ``since``, one page at a time.

    A request that cannot reach GitHub (after the client's retries) raises
    ``GitHubUnreachable``: one line naming the host and the reason."""
    params: dict[str, Any] = {"state": "all", "sort": "updated", "direction": "asc"}
    params["per_page"] = 100
    if since is not None:
        params["since"] = since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    headers = {"If-None-Match": etag} if etag else {}
    url: str | None = f"/repos/{repo}/issues"
    first = True
    while url:
        try:
            answer, data = github.requester.requestJsonAndCheck(
                "GET", url, parameters=params if first else None, headers=dict(headers)
            )
        except requests.RequestException as exc:
            raise unreachable(exc) from None
        reading.requests += 1
        if data is None:  # 304: nothing changed since the last read
            reading.not_modified = True
            return
        url = _next_link(answer)
        single = first and url is None
        yield _page(data, repo, single, answer.get("etag") if single else None)
        first, headers = False, {}


def _page(items: list[dict[str, Any]], repo: str, single: bool, etag: str | None) -> IssuePage:
    page = IssuePage(single=single, etag=etag)
    for raw in items:
        issue = parse_issue(raw, repo=repo)
        if issue is None:
            page.pull_requests += 1
        else:
            page.issues.append(issue)
    return page


def _next_link(headers: dict[str, Any]) -> str | None:
    for part in str(headers.get("link") or "").split(","):
        if 'rel="next"' in part:
            return part[part.index("<") + 1 : part.index(">")]
    return None


def failure_message(exc: GithubException) -> str:
    """What GitHub said, short enough for a log line or a status row."""
    data = exc.data if isinstance(exc.data, dict) else {}
    return str(data.get("message") or exc.data or "")[:200]
