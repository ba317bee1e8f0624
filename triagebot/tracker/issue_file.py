"""A file of issues in the GitHub REST shape (what ``triagebot issues load`` reads)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from triagebot.core.issues import Issue
from triagebot.errors import ImportFileError
from triagebot.tracker.rest_shape import parse_issue


@dataclass
class IssueFile:
    issues: list[Issue] = field(default_factory=list)
    pull_requests: int = 0
    problems: list[str] = field(default_factory=list)


def read_issue_file(path: Path, repo: str | None = None) -> IssueFile:
    """A JSON array of issues in the GitHub REST shape; broken items are reported."""
    try:
        doc = json.loads(path.read_bytes())
    except OSError as exc:
        raise ImportFileError(str(path), f"cannot read: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ImportFileError(str(path), f"not valid JSON ({exc})") from None
    if not isinstance(doc, list):
        raise ImportFileError(
            str(path), "expected a JSON array of issues (what GET /repos/{o}/{r}/issues returns)"
        )
    result = IssueFile()
    for index, raw in enumerate(doc):
        try:
            issue = parse_issue(raw, repo=repo)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            what = f"missing field {exc.args[0]!r}" if isinstance(exc, KeyError) else str(exc)
            result.problems.append(f"item #{index}: {what}")
            continue
        if issue is None:
            result.pull_requests += 1
        else:
            result.issues.append(issue)
    return result
