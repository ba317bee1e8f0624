"""Creating an issue on GitHub, never twice.

A POST is not idempotent, and an answer lost to a timeout says nothing about whether
GitHub created the issue. So the body carries a hidden marker (``core.filing``), and
before the POST — and again after a failed one, which may have landed — the
repository's issues created since the intent was recorded are searched for it: the
issue list sorted by creation, newest first, ``since`` the intent (an issue created
after it was last updated after it too), a few pages at most. The client never
repeats a POST itself (``tracker.client``).

PyGithub is synchronous: call these from a worker thread.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from github import GithubException

from triagebot.core.filing import carries_marker

log = logging.getLogger(__name__)

SEARCHED = 300  # issues looked through at most: three pages of a hundred


def find_filed(github: Any, repo: str, marker: str, since: datetime) -> Any | None:
    """The issue in ``repo`` whose body carries ``marker``, if one was created lately."""
    listed = github.get_repo(repo).get_issues(
        state="all", sort="created", direction="desc", since=since
    )
    for seen, issue in enumerate(listed):
        if seen >= SEARCHED:
            break
        if carries_marker(issue.body, marker):
            return issue
    return None


def create_once(
    github: Any,
    repo: str,
    *,
    title: str,
    body: str,
    marker: str,
    labels: Sequence[str],
    since: datetime,
) -> dict[str, Any]:
    """The issue carrying ``marker`` (its REST JSON), created unless it is already
    there. Raises ``GithubException``/``OSError`` when it could not be created and
    is not there either."""
    found = find_filed(github, repo, marker, since)
    if found is not None:
        log.info("the issue for this filing is already on %s: #%d", repo, found.number)
        return dict(found.raw_data)
    try:
        created = github.get_repo(repo).create_issue(title=title, body=body, labels=list(labels))
        return dict(created.raw_data)
    except (GithubException, OSError):
        found = find_filed(github, repo, marker, since)
        if found is None:
            raise
        log.info("the issue on %s landed although its answer was lost: #%d", repo, found.number)
        return dict(found.raw_data)
