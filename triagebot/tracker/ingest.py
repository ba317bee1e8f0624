"""Issues into the store, embedded: shared by the live sync and ``issues load``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from triagebot.core.issues import Issue
from triagebot.embeddings.cache import ensure_vectors
from triagebot.embeddings.model import Embedder
from triagebot.errors import ImportFileError
from triagebot.store.issues import StateChange, store_issues
from triagebot.tracker.rest_shape import parse_issue


def store_and_embed(
    session: Session, issues: Sequence[Issue], embedder: Embedder | None, body_chars: int
) -> list[StateChange]:
    texts, changes = store_issues(session, issues, body_chars)
    if embedder is not None:
        ensure_vectors(session, embedder, texts)
    return changes


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
