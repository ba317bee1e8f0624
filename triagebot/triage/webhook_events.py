"""GitHub's ``issues`` and ``issue_comment`` deliveries, applied to the store.

A delivery's ``issue`` is the REST issue object the sync reads page by page, so it
goes through the same reading (``tracker.rest_shape``) and the same storing and
embedding (``IssueSync.store``): an issue stored from a webhook is the row the next
sync would have written. Pull requests are left out as the sync leaves them out (a
comment on one arrives as ``issue_comment`` too), and so are repositories not in
``GITHUB_REPOS``. Every action that carries the issue's current state is applied
the same way (opened, edited, closed, reopened, labeled, a comment changing the
count...). ``deleted`` and ``transferred`` are what only a webhook can tell (the
issue list a sync reads simply stops showing the issue): the issue is stored as
closed for that reason, so it leaves demand, hints and ``/link`` and is never named
as a recently closed one, and a transfer to a configured repository stores the new
issue there at once.

``apply`` is synchronous (SQL and embedding): call it from a worker thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from triagebot.core.issues import Issue, StateChange
from triagebot.core.webhook_deliveries import DeliveryPulse
from triagebot.tracker.rest_shape import parse_issue
from triagebot.triage.issue_sync import IssueSync

ISSUE_EVENTS = frozenset({"issues", "issue_comment"})
GONE = frozenset({"deleted", "transferred"})


@dataclass(frozen=True)
class WebhookFeatures:
    """Where the endpoint listens and how long deliveries keep the sync backed off.

    Built only when a secret is set; the secret never shows in a repr."""

    secret: str = field(repr=False)
    host: str = "127.0.0.1"
    port: int = 8787
    path: str = "/github/webhook"
    max_bytes: int = 25 * 1024 * 1024
    healthy_for: timedelta = timedelta(hours=1)
    backoff: float = 6.0


class MalformedDelivery(ValueError):
    """Valid JSON that is not what GitHub sends for the event (a 400, nothing stored)."""


@dataclass(frozen=True)
class Applied:
    """What a delivery did: ``ignored`` says why it did nothing, else it was stored."""

    stored: int = 0
    changes: tuple[StateChange, ...] = ()
    ignored: str | None = None

    def as_json(self) -> dict[str, Any]:
        if self.ignored is not None:
            return {"ignored": self.ignored}
        return {"stored": self.stored, "state_changes": len(self.changes)}


class WebhookIssues:
    def __init__(self, sync: IssueSync, features: WebhookFeatures) -> None:
        self.sync = sync
        self.features = features
        self.pulse = DeliveryPulse(features.healthy_for, features.backoff)
        # GitHub spells the repository its own way; store it as GITHUB_REPOS does.
        self._repos = {name.lower(): name for name in sync.repos}

    def apply(self, event: str, payload: Mapping[str, Any]) -> Applied:
        """Store the delivery's issue; raises ``MalformedDelivery`` for a payload
        that does not hold one it should."""
        found = self.issue_in(event, payload)
        if isinstance(found, str):
            return Applied(ignored=found)
        issues = [found]
        action = payload.get("action")
        if event == "issues" and action in GONE:
            issues = [_gone(found, str(action)), *self._moved_to(payload)]
        stored, changes = self.sync.store(issues)
        if not stored:  # late or replayed: the store already holds a newer copy
            return Applied(ignored="older than the stored issue")
        return Applied(stored=stored, changes=tuple(changes))

    def issue_in(self, event: str, payload: Mapping[str, Any]) -> Issue | str:
        """The issue to store, or why there is none."""
        if event not in ISSUE_EVENTS:
            return "event not handled"
        repository = payload.get("repository")
        if not isinstance(repository, Mapping):
            raise MalformedDelivery("no repository")
        repo = self._repos.get(str(repository.get("full_name") or "").lower())
        if repo is None:
            return "repository not configured"
        raw = payload.get("issue")
        if not isinstance(raw, Mapping):
            raise MalformedDelivery("no issue")
        try:
            issue = parse_issue(raw, repo=repo)
        except (KeyError, TypeError, ValueError) as exc:
            raise MalformedDelivery(f"unreadable issue ({type(exc).__name__})") from None
        return "pull request" if issue is None else issue

    def _moved_to(self, payload: Mapping[str, Any]) -> list[Issue]:
        """The issue a transfer created, when it landed in a configured repository."""
        changes = payload.get("changes")
        if not isinstance(changes, Mapping):
            return []
        target, raw = changes.get("new_repository"), changes.get("new_issue")
        if not isinstance(target, Mapping) or not isinstance(raw, Mapping):
            return []
        repo = self._repos.get(str(target.get("full_name") or "").lower())
        if repo is None:
            return []
        try:
            moved = parse_issue(raw, repo=repo)
        except (KeyError, TypeError, ValueError) as exc:
            raise MalformedDelivery(f"unreadable new issue ({type(exc).__name__})") from None
        return [] if moved is None else [moved]


def _gone(issue: Issue, action: str) -> Issue:
    """``issue`` as the store keeps one that left the repository: closed, now, for
    that reason. GitHub's times have whole seconds, so the departure is stamped at
    least a second after the copy it came with: a late copy of that same moment
    (a replay, a sync page read just before) can never bring the issue back."""
    now = datetime.now(UTC)
    later = now if issue.updated_at is None else max(now, issue.updated_at + timedelta(seconds=1))
    return replace(issue, state="closed", state_reason=action, closed_at=now, updated_at=later)
