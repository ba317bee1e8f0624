"""GitHub webhooks over real HTTP to the running bot: a signed delivery is stored and
told to linked threads at once; anything unsigned, forged, oversized, malformed or
replayed changes nothing; the poll backs off while deliveries arrive and comes back
when they stop; without a secret there is no endpoint at all."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from tests.bot.harness import RunningBot
from tests.bot.harness_issues import (
    RELOAD,
    REPO,
    Issues,
    eventually,
    no_pings,
)
from tests.bot.harness_webhooks import (
    MAX_BYTES,
    SECRET,
    deliver,
    endpoint,
    features,
    issue_event,
    linked_thread,
    notices,
    post,
    signed,
    start_with_webhooks,
    stored,
    sync_task,
)
from tests.fakes.discord_server import FakeDiscord
from triagebot.bot.health_probe import Probe
from triagebot.bot.webhook_http import WebhookServer
from triagebot.bot.webhooks import utcnow
from triagebot.core.webhook_signature import signature
from triagebot.store.engine import SessionFactory
from triagebot.store.models import EmbeddingRow, IssueRow


def snapshot(sessions: SessionFactory) -> list[tuple[object, ...]]:
    with sessions() as session:
        rows = session.scalars(select(IssueRow).order_by(IssueRow.id))
        return [(r.id, r.title, r.body, r.state, r.labels, r.updated_at) for r in rows]


async def told_within_a_second(fake: FakeDiscord, thread: int, count: int) -> float:
    started = time.monotonic()
    await eventually(lambda: len(notices(fake, thread)) == count, timeout=1.0)
    return time.monotonic() - started


async def test_signed_deliveries_store_issues_and_tell_linked_threads_at_once(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    bot = await start_with_webhooks(fake, sessions, issues)  # the poll: once an hour
    thread = await linked_thread(fake)
    runs = sync_task(bot).runs

    closed = issues.github.update_issue(REPO, RELOAD, state="closed", state_reason="completed")
    assert await deliver(bot, issue_event("closed", closed)) == (
        200,
        {"stored": 1, "state_changes": 1},
    )
    assert stored(sessions, RELOAD).state == "closed"  # type: ignore[union-attr]
    await told_within_a_second(fake, thread, 1)

    reopened = issues.github.update_issue(REPO, RELOAD, state="open")
    assert (await deliver(bot, issue_event("reopened", reopened)))[0] == 200
    await told_within_a_second(fake, thread, 2)
    assert "was closed" in notices(fake, thread)[0] and "was reopened" in notices(fake, thread)[1]

    edited = issues.github.update_issue(REPO, RELOAD, title="Hot reload dies on Windows 11")
    assert (await deliver(bot, issue_event("edited", edited)))[0] == 200
    row = stored(sessions, RELOAD)
    assert row is not None and row.title == "Hot reload dies on Windows 11"

    opened = issues.github.add_issue(REPO, 42, "Tray icon vanishes after sleep", "Gone on wake.")
    assert (await deliver(bot, issue_event("opened", opened)))[0] == 200
    new = stored(sessions, 42)
    assert new is not None and new.state == "open" and new.text_hash is not None
    with sessions() as session:  # embedded as the sync embeds: title + body, and edits too
        hashes = set(session.scalars(select(EmbeddingRow.content_hash)))
    assert {new.text_hash, row.text_hash} <= hashes

    assert sync_task(bot).runs == runs  # all of it came by webhook, not by the poll
    await bot.stop()
    for message in fake.posted_messages:
        no_pings(message)
    assert len(notices(fake, thread)) == 2


async def chunks(size: int) -> AsyncIterator[bytes]:
    for _ in range(size // 1024):
        yield b"x" * 1024


async def test_unsigned_forged_oversized_malformed_and_replayed_deliveries_change_nothing(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    bot = await start_with_webhooks(fake, sessions, issues)
    thread = await linked_thread(fake)
    before = snapshot(sessions)
    closing = issue_event("closed", issues.github.update_issue(REPO, RELOAD, state="closed"))

    unsigned = {k: v for k, v in signed(closing).items() if k != "X-Hub-Signature-256"}
    assert (await post(bot, closing, unsigned))[0] == 401
    forged = {**signed(closing), "X-Hub-Signature-256": signature("guessed", closing)}
    assert (await post(bot, closing, forged))[0] == 401
    other_body = {**signed(b"{}"), "X-GitHub-Event": "issues"}
    assert (await post(bot, closing, other_body))[0] == 401
    huge = closing + b" " * MAX_BYTES
    assert (await post(bot, huge, signed(huge)))[0] == 413
    assert (await post(bot, chunks(2 * MAX_BYTES), signed(b"")))[0] == 413  # no length
    assert (await deliver(bot, b'{"action": "closed", "issue": '))[0] == 400
    assert (await deliver(bot, b'["closed"]'))[0] == 400
    assert (await deliver(bot, b'{"action": "closed", "repository": {"full_name": "%s"}}'
            % REPO.encode()))[0] == 400  # fmt: skip
    assert (await deliver(bot, issue_event("closed", {}, repo=REPO)))[0] == 400
    assert await deliver(bot, issue_event("closed", {"id": 1}, repo="someone/else")) == (
        200,
        {"ignored": "repository not configured"},
    )
    assert (await deliver(bot, closing, event="star"))[1] == {"ignored": "event not handled"}
    assert snapshot(sessions) == before
    health = endpoint(bot).state  # for triagebot status: 3 wrongly signed, 2 not JSON
    assert (health.refused, health.accepted) == (5, 4)
    anonymous = {k: v for k, v in unsigned.items() if k != "X-GitHub-Delivery"}
    assert (await post(bot, closing, anonymous))[0] == 401  # not GitHub's: not counted
    assert endpoint(bot).state.refused == 5
    assert health.last_refusal == "the body is not a JSON object"
    probe = Probe(bot.bot, bot.bot.pipeline, process="t", started_at=utcnow(), beat_seconds=30)
    assert probe.heartbeat(utcnow()).webhook == health  # what the heartbeat row carries
    await bot.settle()
    assert notices(fake, thread) == []

    assert (await deliver(bot, closing, delivery="d-close"))[0] == 200
    await told_within_a_second(fake, thread, 1)
    reopening = issue_event("reopened", issues.github.update_issue(REPO, RELOAD, state="open"))
    assert (await deliver(bot, reopening, delivery="d-open"))[0] == 200
    await told_within_a_second(fake, thread, 2)
    after = snapshot(sessions)
    # The close again: by its own id (remembered) and under a new one (older than stored).
    assert await deliver(bot, closing, delivery="d-close") == (
        200,
        {"ignored": "delivery already received"},
    )
    assert await deliver(bot, closing) == (200, {"ignored": "older than the stored issue"})
    assert snapshot(sessions) == after and stored(sessions, RELOAD).state == "open"  # type: ignore[union-attr]
    await bot.settle()
    await bot.stop()
    assert len(notices(fake, thread)) == 2
    assert SECRET not in caplog.text


async def test_a_pull_request_comment_is_not_stored_as_an_issue(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    bot = await start_with_webhooks(fake, sessions, issues)
    pull = issues.github.add_issue(REPO, 50, "Fix the tray icon", pull_request=True)
    comment = issue_event("created", pull).replace(
        b'"action"', b'"comment": {"body": "lgtm"}, "action"'
    )
    assert await deliver(bot, comment, event="issue_comment") == (200, {"ignored": "pull request"})
    assert stored(sessions, 50) is None
    commented = issues.github.update_issue(REPO, RELOAD, comments=3)
    assert (await deliver(bot, issue_event("created", commented), event="issue_comment"))[0] == 200
    assert stored(sessions, RELOAD).comments == 3  # type: ignore[union-attr]
    await bot.stop()


async def test_the_poll_backs_off_while_deliveries_arrive_and_returns_when_they_stop(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    # A round every 60 ms; a delivery keeps webhooks "healthy" for 2 s, and the poll
    # then waits 1000 rounds (a minute), far longer than this test.
    webhook = features(healthy_seconds=2.0, backoff=1000)
    bot = await start_with_webhooks(fake, sessions, issues, minutes=0.001, webhook=webhook)
    task = sync_task(bot)
    await eventually(lambda: task.runs >= 3)  # polling as usual
    assert task.backed_off == 0

    assert await deliver(bot, b"{}", event="ping") == (200, {"ok": "pong"})
    runs = task.runs
    await eventually(lambda: task.backed_off >= 5)  # rounds skipped...
    assert task.runs <= runs + 1  # ...and no sync (one may have been under way)

    await eventually(lambda: task.runs >= runs + 4, timeout=8.0)  # deliveries stopped
    skipped = task.backed_off
    await eventually(lambda: task.runs >= runs + 8, timeout=5.0)
    assert task.backed_off == skipped  # back to every round
    await bot.stop()


async def test_without_a_secret_there_is_no_endpoint_and_the_poll_is_as_before(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    bot = await RunningBot(fake, sessions, features=issues.features(scheduled=True)).start()
    assert bot.bot.get_cog("GitHubWebhooks") is None
    assert bot.bot.services.webhooks is None and sync_task(bot).pulse is None
    await bot.stop()


async def test_processes_on_one_machine_share_the_port(
    fake: FakeDiscord, sessions: SessionFactory, issues: Issues
) -> None:
    bot = await start_with_webhooks(fake, sessions, issues)
    first = endpoint(bot).server
    second = WebhookServer(first.path, MAX_BYTES, endpoint(bot).receive)
    await second.start("127.0.0.1", first.port)  # a second process, same settings
    try:
        assert second.port == first.port
    finally:
        await second.stop()
    await bot.stop()
