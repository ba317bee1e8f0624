"""GitHub webhook deliveries as GitHub sends them, to the running bot's endpoint."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import aiohttp
from sqlalchemy import select

from tests.bot.harness import ALICE, FORUM, RunningBot
from tests.bot.harness_issues import (
    DAVE,
    RELOAD,
    RELOAD_THREAD,
    REPO,
    Issues,
    eventually,
    interact,
    option,
    slash,
)
from tests.fakes.discord_server import FakeDiscord
from triagebot.bot.sync_task import SyncTask
from triagebot.bot.webhooks import GitHubWebhooks
from triagebot.core.webhook_signature import signature
from triagebot.store.engine import SessionFactory
from triagebot.store.models import IssueRow
from triagebot.triage.webhook_events import WebhookFeatures

Json = dict[str, Any]

SECRET = "whsec-7f3a-not-a-real-one"
MAX_BYTES = 64 * 1024


def features(healthy_seconds: float = 3600.0, backoff: float = 6.0) -> WebhookFeatures:
    return WebhookFeatures(
        secret=SECRET,
        port=0,
        max_bytes=MAX_BYTES,
        healthy_for=timedelta(seconds=healthy_seconds),
        backoff=backoff,
    )


async def start_with_webhooks(
    fake: FakeDiscord,
    sessions: SessionFactory,
    issues: Issues,
    *,
    minutes: float = 60.0,
    webhook: WebhookFeatures | None = None,
) -> RunningBot:
    """The bot with the scheduled sync (one round at start, then every ``minutes``)."""
    plan = replace(issues.features(scheduled=True, minutes=minutes), webhook=webhook or features())
    bot = await RunningBot(fake, sessions, features=plan).start()
    await first_sync(bot)
    return bot


async def first_sync(bot: RunningBot) -> None:
    task = sync_task(bot)
    await eventually(lambda: task.runs >= 1)


def endpoint(bot: RunningBot) -> GitHubWebhooks:
    cog = bot.bot.get_cog("GitHubWebhooks")
    assert isinstance(cog, GitHubWebhooks)
    return cog


def sync_task(bot: RunningBot) -> SyncTask:
    cog = bot.bot.get_cog("SyncTask")
    assert isinstance(cog, SyncTask)
    return cog


def issue_event(action: str, issue: Json, repo: str = REPO) -> bytes:
    """An ``issues`` payload: the REST issue object, the repository, the sender."""
    payload = {
        "action": action,
        "issue": issue,
        "repository": {"full_name": repo, "name": repo.split("/")[1], "private": False},
        "sender": {"login": "octocat", "type": "User"},
    }
    return json.dumps(payload).encode()


def signed(body: bytes, event: str = "issues", delivery: str | None = None) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": "GitHub-Hookshot/test",
        "X-GitHub-Event": event,
        "X-GitHub-Delivery": delivery or str(uuid.uuid4()),
        "X-Hub-Signature-256": signature(SECRET, body),
    }


async def post(
    bot: RunningBot, body: bytes | AsyncIterator[bytes], headers: dict[str, str]
) -> tuple[int, Json]:
    """POST to the endpoint; the status and the JSON answer."""
    cog = endpoint(bot)
    url = f"http://127.0.0.1:{cog.server.port}{cog.features.path}"
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body, headers=headers) as answer,
    ):
        return answer.status, await answer.json()


async def deliver(
    bot: RunningBot, body: bytes, event: str = "issues", delivery: str | None = None
) -> tuple[int, Json]:
    return await post(bot, body, signed(body, event, delivery))


def notices(fake: FakeDiscord, thread: int) -> list[str]:
    return [
        m["content"]
        for m in fake.posted_messages
        if int(m["channel_id"]) == thread and "on GitHub" in m["content"]
    ]


async def linked_thread(fake: FakeDiscord) -> int:
    title, body = RELOAD_THREAD
    post_ = await fake.create_thread(
        FORUM, fake.world.snowflakes.make(), title, ALICE, starter_content=body
    )
    thread = int(post_["id"])
    await interact(fake, slash(thread, DAVE, "link", option("issue", f"{REPO}#{RELOAD}")))
    return thread


def stored(sessions: SessionFactory, number: int) -> IssueRow | None:
    with sessions() as session:
        return session.scalars(
            select(IssueRow).where(IssueRow.repo == REPO, IssueRow.number == number)
        ).one_or_none()
