"""A file of issues in the GitHub REST shape (what ``triagebot issues load`` reads)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from triagebot.core.issues import Issue
from triagebot.errors import ImportFileError
from triagebot.tracker.rest_shape import NoRepositoryError, parse_issue


@dataclass
class IssueFile:
    """What a file held: ``items`` objects, of which these ``issues`` were usable.

    ``without_repo`` counts the items skipped only because nothing named their
    repository, so the caller can say how to name it (they are in ``problems`` too).
    """

    issues: list[Issue] = field(default_factory=list)
    pull_requests: int = 0
    problems: list[str] = field(default_factory=list)
    items: int = 0
    without_repo: int = 0


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
    result = IssueFile(items=len(doc))
    for index, raw in enumerate(doc):
        _read_item(result, index, raw, repo)
    return result


def _read_item(result: IssueFile, index: int, raw: object, repo: str | None) -> None:
    if not isinstance(raw, Mapping):
        result.problems.append(f"item #{index}: not a JSON object")
        return
    try:
        issue = parse_issue(raw, repo=repo)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        what = f"missing field {exc.args[0]!r}" if isinstance(exc, KeyError) else str(exc)
        result.problems.append(f"item #{index}: {what}")
        result.without_repo += isinstance(exc, NoRepositoryError)
        return
    if issue is None:
        result.pull_requests += 1
    else:
        result.issues.append(issue)
