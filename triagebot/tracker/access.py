"""What GitHub lets this token do: who it is, which repositories it can read, and how
much of the hour's rate limit is left. Read-only questions for ``triagebot check``.

Each answer is a plain value; a refusal or an unreachable server raises
``AccessError`` with GitHub's own message, so the check can print it on one line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import requests
from github import Github, GithubException

from triagebot.config import GitHubSettings
from triagebot.tracker.client import github_client
from triagebot.tracker.issue_pages import failure_message


class AccessError(Exception):
    """GitHub refused (``status`` set) or could not be reached (``status`` None)."""

    def __init__(self, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class RepoAccess:
    full_name: str
    private: bool
    has_issues: bool


@dataclass(frozen=True)
class RateLeft:
    remaining: int
    limit: int
    resets_at: datetime


class GitHubAccess:
    """One client for all the questions; no retries beyond one, so a check is quick."""

    def __init__(self, settings: GitHubSettings) -> None:
        self._github: Github = github_client(settings, retries=1, backoff=0.2)
        self._host = urlsplit(settings.api_url).netloc or settings.api_url

    def login(self) -> str:
        """The account the token belongs to (GET /user)."""
        return str(self._get("/user").get("login") or "?")

    def repo(self, full_name: str) -> RepoAccess:
        """GET /repos/{owner}/{name}: 404 both when it is missing and when it is hidden."""
        data = self._get(f"/repos/{full_name}")
        return RepoAccess(
            full_name=str(data.get("full_name") or full_name),
            private=bool(data.get("private")),
            has_issues=bool(data.get("has_issues", True)),
        )

    def rate(self) -> RateLeft:
        """The core bucket (GET /rate_limit, which costs nothing)."""
        core = self._get("/rate_limit").get("resources", {}).get("core", {})
        return RateLeft(
            remaining=int(core.get("remaining", 0)),
            limit=int(core.get("limit", 0)),
            resets_at=datetime.fromtimestamp(int(core.get("reset", 0)), UTC),
        )

    def _get(self, path: str) -> dict[str, Any]:
        try:
            _, data = self._github.requester.requestJsonAndCheck("GET", path)
        except GithubException as exc:
            raise AccessError(failure_message(exc) or f"HTTP {exc.status}", exc.status) from None
        except (requests.RequestException, OSError) as exc:
            reason = f"cannot reach GitHub at {self._host}: {type(exc).__name__}"
            raise AccessError(reason) from None
        return data if isinstance(data, dict) else {}
