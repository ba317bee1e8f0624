"""GitHub's ``issues`` and ``issue_comment`` deliveries, applied to the store.

A delivery's ``issue`` is the REST issue object the sync reads page by page, so it
goes through the same reading (``tracker.rest_shape``) and the same storing and
embedding (``IssueSync.store``): an issue stored from a webhook is the row the next
sync would have written. Pull requests are left out as the sync leaves them out (a
comment on one arrives as ``issue_comment`` too), and so are repositories not in
``GITHUB_REPOS``. Every action that carries the issue's current state is applied
the same way (opened, edited, closed, reopened, labeled, a comment changing the
count...), except ``deleted`` and ``transferred``: the issue is no longer this
repository's, and the sync never sees that either.

``apply`` is synchronous (SQL and embedding): call it from a worker thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
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
        stored, changes = self.sync.store([found])
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
        if event == "issues" and payload.get("action") in GONE:
            return "issue deleted or transferred"
        raw = payload.get("issue")
        if not isinstance(raw, Mapping):
            raise MalformedDelivery("no issue")
        try:
            issue = parse_issue(raw, repo=repo)
        except (KeyError, TypeError, ValueError) as exc:
            raise MalformedDelivery(f"unreadable issue ({type(exc).__name__})") from None
        return "pull request" if issue is None else issue
