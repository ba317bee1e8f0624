"""``POST /repos/{owner}/{repo}/issues`` on the fake GitHub: creating an issue.

As GitHub documents it: a token is required (the shared pipeline refuses anonymous
writes); ``title`` is required (else 422 Validation Failed, ``missing_field``), at
most 256 characters; ``body`` at most 65,536; ``labels`` names (or objects with a
``name``), created on first use as GitHub does for a user with push access (every
token of the fake has it). Answers 201 with the issue as the single-issue endpoint
renders it, and a ``Location`` header. The fault machinery applies unchanged: an
``answer_after_seconds`` fault creates the issue and holds the answer back.
"""

from __future__ import annotations

import re
from typing import Any

from .github_routes import Call, Reply, _repo, error, not_found
from .github_state import GitHubState

TITLE_CHARS = 256
BODY_CHARS = 65_536


def _invalid(field_name: str, code: str, message: str | None = None) -> Reply:
    problem: dict[str, Any] = {"resource": "Issue", "field": field_name, "code": code}
    if message:
        problem["message"] = message
    return error(422, "Validation Failed", errors=[problem])


def _labels(raw: Any) -> list[str] | None:
    if raw is None:
        return []
    if not isinstance(raw, list):
        return None
    names = [item.get("name") if isinstance(item, dict) else item for item in raw]
    if not all(isinstance(n, str) for n in names):
        return None
    return [n for n in names if n]


def create_issue(state: GitHubState, match: re.Match[str], call: Call) -> Reply:
    repo = _repo(state, match)
    if repo is None:
        return not_found()
    payload = call.json if isinstance(call.json, dict) else {}
    title, body = payload.get("title"), payload.get("body")
    if title is None or (isinstance(title, str) and not title.strip()):
        return _invalid("title", "missing_field")
    if not isinstance(title, str) or len(title) > TITLE_CHARS:
        return _invalid("title", "custom", f"title is too long (maximum is {TITLE_CHARS})")
    if body is not None and (not isinstance(body, str) or len(body) > BODY_CHARS):
        return _invalid("body", "custom", f"body is too long (maximum is {BODY_CHARS})")
    labels = _labels(payload.get("labels"))
    if labels is None:
        return _invalid("labels", "invalid")
    with state.lock:
        number = max([0, *repo.issues]) + 1
        record = state.add_issue(
            repo.full_name,
            number,
            title,
            body or "",
            state="open",
            labels=labels,
            author=state.login,
            comments=0,
            created_at=state.tick(),
            updated_at=None,
            pull_request=False,
            reactions=0,
        )
        data = state.issue_json(repo, record, single=True)
        state.issues_created.append(
            {"repo": repo.full_name, "number": number, "title": title, "body": body or ""}
        )
    return Reply(201, data, {"Location": data["url"]})
