"""GitHub REST issue objects (``GET /repos/{owner}/{repo}/issues``) → core ``Issue``.

Used by the live sync and by ``triagebot issues load``, so a recorded API response
and the API itself go through the same reading.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from triagebot.core.issues import Issue


class NoRepositoryError(ValueError):
    """An issue object that does not say which repository it belongs to, read without
    one given: it cannot be stored (issues are keyed by repository and number)."""

    def __init__(self) -> None:
        super().__init__("no repository: pass the repository or include 'repository_url'")


def repo_of(raw: Mapping[str, Any]) -> str | None:
    """``owner/name`` from ``repository_url`` (…/repos/owner/name), when present."""
    url = str(raw.get("repository_url") or "")
    parts = url.rstrip("/").split("/")
    if len(parts) >= 2 and "repos" in parts:
        return "/".join(parts[-2:])
    return None


def parse_issue(raw: Mapping[str, Any], repo: str | None = None) -> Issue | None:
    """The issue, or None for a pull request (the issues API lists both).

    Raises KeyError/TypeError/ValueError for an object missing required fields
    (``NoRepositoryError``, a ValueError, when nothing names the repository).
    """
    if "pull_request" in raw:
        return None
    name = repo or repo_of(raw)
    if not name:
        raise NoRepositoryError()
    reactions = raw.get("reactions") or {}
    user = raw.get("user") or {}
    return Issue(
        id=int(raw["id"]),
        repo=name,
        number=int(raw["number"]),
        title=str(raw["title"]),
        body=str(raw.get("body") or ""),
        state=str(raw.get("state") or "open"),
        labels=tuple(_label(label) for label in raw.get("labels") or []),
        author=str(user.get("login") or ""),
        comments=int(raw.get("comments") or 0),
        reactions=int(reactions.get("total_count") or 0),
        html_url=str(raw.get("html_url") or ""),
        created_at=_time(raw.get("created_at")),
        updated_at=_time(raw.get("updated_at")),
        closed_at=_time(raw.get("closed_at")),
        state_reason=str(raw.get("state_reason") or ""),
        milestone=str((raw.get("milestone") or {}).get("title") or ""),
    )


def _label(label: Any) -> str:
    return str(label.get("name", "")) if isinstance(label, Mapping) else str(label)


def _time(value: Any) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
