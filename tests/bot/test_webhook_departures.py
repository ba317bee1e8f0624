"""Issues that leave a repository, which only a webhook can tell: a sync's issue list
simply stops showing them. A deleted issue, or one transferred away, is stored as
closed for that reason, so it stops drawing demand, is never named as a recently
closed issue, and its linked threads are told what happened; a transfer into another
configured repository stores the issue there at once."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from tests.bot.harness_issues import RELOAD, REPO, Issues, eventually, no_pings
from tests.bot.harness_webhooks import (
    deliver,
    features,
    issue_event,
    linked_thread,
    notices,
    start_with_webhooks,
    stored,
)
from tests.fakes.discord_server import FakeDiscord
from triagebot.config import MatchingSettings
from triagebot.store.engine import SessionFactory
from triagebot.store.issues import closed_issue_index, open_issue_index
from triagebot.store.models import IssueRow
from triagebot.triage.issue_sync import IssueSync
from triagebot.triage.webhook_events import WebhookIssues

ELSEWHERE = "acme/elsewhere"


def candidates(sessions: SessionFactory, issues: Issues) -> tuple[set[int], set[int]]:
    """The issue numbers open, and recently closed, as matching sees them."""
    since = datetime.now(UTC) - timedelta(days=30)
    model = issues.embedder.model_id
    with sessions() as session:
        opened = {ref.number for ref in open_issue_index(session, model).issues}
        closed = {ref.number for ref in closed_issue_index(session, model, since).issues}
    return opened, closed


def transferred(issue: dict[str, Any], new_issue: dict[str, Any], repo: str) -> bytes:
    """GitHub's ``transferred`` payload: the old issue, and where it went."""
    payload = json.loads(issue_event("transferred", issue))
    payload["changes"] = {
        "new_issue": new_issue,
        "new_repository": {"full_name": repo, "name": repo.split("/")[1], "private": False},
    }
    return json.dumps(payload).encode()


async def test_a_deleted_issue_is_closed_as_deleted_and_its_threads_are_told(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    bot = await start_with_webhooks(fake, sessions, issues)
    thread = await linked_thread(fake)
    assert RELOAD in candidates(sessions, issues)[0]

    gone = issues.github.update_issue(REPO, RELOAD)
    answer = await deliver(bot, issue_event("deleted", gone))
    await eventually(lambda: len(notices(fake, thread)) == 1, timeout=1.0)
    await bot.stop()

    assert answer == (200, {"stored": 1, "state_changes": 1})
    row = stored(sessions, RELOAD)
    assert row is not None and (row.state, row.state_reason) == ("closed", "deleted")
    opened, closed = candidates(sessions, issues)
    assert RELOAD not in opened and RELOAD not in closed  # its page is gone: never named
    [told] = notices(fake, thread)
    assert "was deleted on GitHub" in told
    for message in fake.posted_messages:
        no_pings(message)


async def test_an_issue_transferred_away_leaves_and_a_late_sync_does_not_bring_it_back(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    bot = await start_with_webhooks(fake, sessions, issues)
    thread = await linked_thread(fake)
    old = issues.github.update_issue(REPO, RELOAD)
    new = {**old, "id": 990_001, "number": 7, "html_url": f"https://github.com/{ELSEWHERE}/issues/7"}

    answer = await deliver(bot, transferred(old, new, ELSEWHERE))
    await eventually(lambda: len(notices(fake, thread)) == 1, timeout=1.0)
    again = await deliver(bot, issue_event("edited", old))  # a late copy from before
    await bot.stop()

    assert answer == (200, {"stored": 1, "state_changes": 1})  # the new repo is not ours
    assert again == (200, {"ignored": "older than the stored issue"})
    row = stored(sessions, RELOAD)
    assert row is not None and (row.state, row.state_reason) == ("closed", "transferred")
    assert RELOAD not in set().union(*candidates(sessions, issues))
    assert "was moved to another repository" in notices(fake, thread)[0]


def test_a_transfer_into_another_configured_repository_stores_the_issue_there(
    sessions: SessionFactory, issues: Issues
) -> None:
    both = issues.settings.model_copy(update={"repos": (REPO, ELSEWHERE)})
    sync = IssueSync(issues.client, sessions, issues.embedder, both, MatchingSettings())
    old = issues.github.update_issue(REPO, RELOAD)
    new = {**old, "id": 990_002, "number": 7, "html_url": f"https://github.com/{ELSEWHERE}/issues/7"}

    applied = WebhookIssues(sync, features()).apply(
        "issues", json.loads(transferred(old, new, ELSEWHERE.upper()))  # GitHub's spelling
    )

    assert applied.stored == 2
    with sessions() as session:
        rows = {(r.repo, r.number): r for r in session.scalars(select(IssueRow))}
    assert (rows[(REPO, RELOAD)].state, rows[(REPO, RELOAD)].state_reason) == (
        "closed",
        "transferred",
    )
    moved = rows[(ELSEWHERE, 7)]
    assert moved.state == "open" and moved.text_hash is not None  # embedded, matchable
    assert 7 in candidates(sessions, issues)[0]
