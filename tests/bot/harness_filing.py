"""Filing issues from Discord in a bot test: the form as Discord shows it, submitted.

The bot answers "File issue" with a modal (callback type 9); ``form_of`` reads the
text inputs back by label, and ``submit`` sends the MODAL_SUBMIT interaction (type 5)
Discord sends when the triager presses Submit, then waits for the bot's private
followup with the issue link.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from tests.bot.harness import GUILD, RunningBot
from tests.bot.harness_issues import Issues, eventually, interact
from tests.fakes.discord_modals import submit_data
from tests.fakes.discord_server import FakeDiscord
from triagebot.core.digest import Digest, DigestItem
from triagebot.store.engine import SessionFactory
from triagebot.store.models import FiledIssueRow, ThreadLinkRow
from triagebot.triage.digests import DigestFeatures, Digests

Json = dict[str, Any]
MODAL = 9


@dataclasses.dataclass
class OpenForm:
    """A modal the bot showed: its custom id and its inputs' (custom id, value) by label."""

    custom_id: str
    title: str
    inputs: dict[str, tuple[str, str]]

    def value(self, label: str) -> str:
        return self.inputs[label][1]

    def values(self, **changed: str) -> dict[str, str]:
        """What Submit sends: every input's value, ``changed`` (by label) replaced."""
        by_label = {label.split(" ")[0].lower(): label for label in self.inputs}
        sent = {cid: value for cid, value in self.inputs.values()}
        for name, value in changed.items():
            sent[self.inputs[by_label[name]][0]] = value
        return sent


def form_of(response: Json) -> OpenForm:
    assert response["type"] == MODAL, response
    data = response["data"]
    inputs = {}
    for row in data["components"]:
        [field] = row["components"]
        inputs[field["label"]] = (field["custom_id"], field.get("value") or "")
    return OpenForm(data["custom_id"], data["title"], inputs)


async def submit(
    fake: FakeDiscord, channel: int, user: int, form: OpenForm, **changed: str
) -> tuple[Json, Json]:
    """Press Submit; returns the first callback (a deferral, or a refusal) and the
    message that answers (the followup after a deferral, else the callback's)."""
    payload = {
        "type": 5,
        "channel_id": channel,
        "user_id": user,
        "data": submit_data(form.custom_id, form.values(**changed)),
    }
    sent, first = await interact(fake, payload)
    if first["type"] != 5:
        return first, first["data"]
    await eventually(lambda: bool(fake.interaction_followups(sent["id"])), timeout=20)
    return first, fake.interaction_followups(sent["id"])[0]


def file_menu(channel: int, user: int, message: Json) -> Json:
    target = str(message["id"])
    data = {
        "name": "File issue",
        "type": 3,
        "target_id": target,
        "resolved": {"messages": {target: message}},
    }
    return {"channel_id": channel, "user_id": user, "data": data}


def store_digest(sessions: SessionFactory, **item: Any) -> Digest:
    """Today's digest holding one item with no issue (``item`` overrides fields)."""
    fields: dict[str, Any] = {
        "rank": 1,
        "key": "topic:1",
        "title": "Exported PDFs lose their images",
        "summary": "People say images vanish from exported PDFs.",
        "issue": None,
        "issue_url": None,
        "people": 2,
        "messages": 2,
        "threads": 0,
        "channels": 1,
        "score": 3.0,
        "breakdown": {},
        "links": [],
        "new": True,
        **item,
    }
    digest = Digest(date.today(), datetime.now(UTC), [DigestItem(**fields)])
    Digests(sessions, DigestFeatures()).save(digest)
    return digest


def with_filing(issues: Issues, **changes: Any) -> Any:
    return dataclasses.replace(issues.features(), **changes)


def filings(sessions: SessionFactory) -> list[FiledIssueRow]:
    with sessions() as session:
        return list(session.scalars(select(FiledIssueRow)))


def thread_links(sessions: SessionFactory) -> list[tuple[int, int]]:
    with sessions() as session:
        return [(r.thread_id, r.issue_id) for r in session.scalars(select(ThreadLinkRow))]


def filed_ids(sessions: SessionFactory) -> list[int]:
    return [m for row in filings(sessions) for m in json.loads(row.message_ids)]


async def start(fake: FakeDiscord, sessions: SessionFactory, features: Any) -> RunningBot:
    return await RunningBot(fake, sessions, features=features).start()


__all__ = ["GUILD"]
