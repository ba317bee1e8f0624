"""The GitHub side of a bot test, and interactions as Discord sends them.

``Issues`` wires the real PyGithub client (pointed at ``FakeGitHub``), the issue sync
and the real embedder into the ``IssueFeatures`` the bot is built with. The helpers
below build INTERACTION_CREATE payloads (slash commands, autocomplete, the message
context menu, buttons) and wait for the bot's answer over REST.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from tests.bot.harness import GUILD
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.github_server import FakeGitHub
from triagebot.config import GitHubSettings, MatchingSettings
from triagebot.embeddings.model import Embedder
from triagebot.store.engine import SessionFactory
from triagebot.tracker.client import github_client
from triagebot.triage.issue_sync import IssueSync
from triagebot.triage.pipeline import Stage
from triagebot.triage.services import IssueFeatures
from triagebot.triage.stages.embed import EmbedStage
from triagebot.triage.stages.match import MatchStage

Json = dict[str, Any]

REPO = "lumen-dev/lumen"
TRIAGE_ROLE, MOD_ROLE = 300_000_000_000_000_001, 300_000_000_000_000_002
DAVE, MOLLY = 800_000_000_000_000_014, 800_000_000_000_000_015  # triage role, Manage Threads
MANAGE_THREADS = 1 << 34

RELOAD, DARK, PDF, SSO, LEAK, HOSTILE = 1, 2, 3, 4, 5, 6
ISSUES = {
    RELOAD: (
        "Hot reload server crashes with EADDRINUSE on Windows",
        "After saving a file the dev server restarts and dies with address already in use.",
    ),
    DARK: (
        "Dark mode: settings panel text is unreadable",
        "Grey text on a dark grey background.",
    ),
    PDF: ("Export to PDF drops embedded images", "Images are missing from exported PDFs."),
    SSO: ("SSO login fails when two-factor authentication is enabled", "Login loops."),
    LEAK: ("Memory leak in the dev server after a few hours", "RSS grows to several GB."),
    HOSTILE: (
        "@everyone <@800000000000000011> <@&300000000000000001> [free nitro](https://evil.example)",
        "A title written to ping everyone and hide a link.",
    ),
}

RELOAD_THREAD = (
    "reload crash",
    "Every time I save a file the hot reload server crashes with EADDRINUSE on Windows 11",
)


def seed_github(github: FakeGitHub) -> None:
    github.add_repo(REPO)
    for number, (title, body) in ISSUES.items():
        github.add_issue(REPO, number, title, body)


def add_triagers(fake: FakeDiscord) -> None:
    """Dave holds the triage role; Molly may manage threads; Alice and Bob neither."""
    fake.add_role(GUILD, TRIAGE_ROLE, "triage")
    fake.add_role(GUILD, MOD_ROLE, "mods", permissions=MANAGE_THREADS)
    fake.add_member(GUILD, DAVE, "dave", roles=[TRIAGE_ROLE])
    fake.add_member(GUILD, MOLLY, "molly", roles=[MOD_ROLE])


class Issues:
    """The fake GitHub's issues, synced into the test database and embedded."""

    def __init__(self, github: FakeGitHub, sessions: SessionFactory, embedder: Embedder) -> None:
        self.github = github
        self.embedder = embedder
        self.settings = GitHubSettings(
            token=github.token,  # type: ignore[arg-type]
            repos=(REPO,),
            api_url=github.base_url,
            timeout_seconds=5,
        )
        self.client = github_client(self.settings, retries=1)
        self.sync = IssueSync(self.client, sessions, embedder, self.settings, MatchingSettings())

    async def load(self) -> None:
        await asyncio.to_thread(self.sync.sync_all)

    def features(
        self,
        *,
        scheduled: bool = False,
        minutes: float = 0.002,
        hint_channels: tuple[int, ...] = (),
        roles: tuple[int, ...] = (TRIAGE_ROLE,),
        comment: bool = True,
    ) -> IssueFeatures:
        return IssueFeatures(
            embedder=self.embedder,
            sync=self.sync if scheduled else None,
            github=self.client,
            repos=(REPO,),
            sync_minutes=minutes,
            comment_on_link=comment,
            hint_channel_ids=frozenset(hint_channels),
            triage_role_ids=frozenset(roles),
        )

    def stages(self, threshold: float = 0.6) -> list[Stage]:
        return [
            EmbedStage(self.embedder),
            MatchStage(self.embedder, MatchingSettings(threshold=threshold)),
        ]


# -- interactions ---------------------------------------------------------------------


def option(name: str, value: str, *, focused: bool = False) -> Json:
    found: Json = {"name": name, "type": 3, "value": value}
    if focused:
        found["focused"] = True
    return found


def slash(channel: int, user: int, name: str, *options: Json) -> Json:
    return {"channel_id": channel, "user_id": user, "data": {"name": name, "options": [*options]}}


def autocomplete(channel: int, user: int, name: str, typed: str, field: str = "issue") -> Json:
    payload = slash(channel, user, name, option(field, typed, focused=True))
    return {**payload, "type": 4}


def context_menu(channel: int, user: int, message: Json) -> Json:
    target = str(message["id"])
    data = {
        "name": "Find similar issues",
        "type": 3,
        "target_id": target,
        "resolved": {"messages": {target: message}},
    }
    return {"channel_id": channel, "user_id": user, "data": data}


def button(channel: int, user: int, message_id: int, custom_id: str) -> Json:
    return {
        "type": 3,
        "channel_id": channel,
        "user_id": user,
        "message_id": message_id,
        "data": {"custom_id": custom_id, "component_type": 2},
    }


async def interact(fake: FakeDiscord, payload: Json) -> tuple[Json, Json]:
    """Send an interaction; returns it and the bot's first callback body, which the
    fake Discord must have accepted (within every size limit)."""
    sent = await fake.send_interaction(payload)
    answered = await fake.wait_for_request("POST", rf"/interactions/{sent['id']}/[^/]+/callback")
    assert answered.status in (200, 204), f"Discord refused the answer: {answered.answer}"
    return sent, fake.interaction_responses(sent["id"])[0]


async def eventually(check: Callable[[], bool], timeout: float = 3.0) -> None:  # noqa: ASYNC109
    """Until ``check()`` holds (work the bot does after answering, e.g. on GitHub)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


def no_pings(body: Json) -> None:
    """What every message the bot sends must satisfy (rule 7)."""
    data = body.get("data", body)
    assert data["allowed_mentions"]["parse"] == [], data
    assert not data["allowed_mentions"].get("replied_user"), data
    text = data.get("content") or ""
    assert "@everyone" not in text and "@here" not in text, text
    assert "<@8" not in text and "<@&" not in text, text
    assert "[free nitro](" not in text, text
