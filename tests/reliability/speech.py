"""Everything the bot said, read back from the fake Discord's record of requests.

Rule 7 ("nothing the bot posts can ping") is checked on the wire, not per feature:
every request the bot made with a body is either a known kind of speech (a channel
message, an edit, an interaction callback, a webhook followup or edit) or a known
kind of non-speech (registering commands, timing a member out). A body on a route
in neither list fails the audit, so a new posting path cannot slip past unchecked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tests.fakes.discord_server import FakeDiscord, RecordedRequest
from tests.reliability.hostile import live_pings

Json = dict[str, Any]

# Route templates (as the fake names them) whose bodies the bot's words travel in.
SPEECH_ROUTES = {
    ("POST", "/channels/{channel_id}/messages"),
    ("PATCH", "/channels/{channel_id}/messages/{message_id}"),
    ("POST", "/interactions/{interaction_id}/{interaction_token}/callback"),
    ("POST", "/webhooks/{application_id}/{interaction_token}"),
    ("PATCH", "/webhooks/{application_id}/{interaction_token}/messages/@original"),
    ("PATCH", "/webhooks/{application_id}/{interaction_token}/messages/{message_id}"),
}
# Bodies that say nothing to anyone.
SILENT_ROUTES = {
    ("PUT", "/applications/{application_id}/commands"),
    ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands"),
    ("PATCH", "/guilds/{guild_id}/members/{user_id}"),  # a timeout
}
# Embeds never notify anyone; the flag lists its authors as mentions on purpose, so
# moderators can click through to them.
EMBED_FIELDS_MAY_NAME_USERS = {"authors"}


@dataclass(frozen=True)
class Said:
    """One message body the bot sent (a post, an edit, a reply), and where."""

    method: str
    path: str
    body: Json


def spoken(fake: FakeDiscord) -> list[Said]:
    """Every message body the bot sent; fails on a body the audit cannot classify."""
    found: list[Said] = []
    for request in fake.requests:
        if request.json is None or request.route is None:
            continue
        key = (request.method, request.route)
        if key in SILENT_ROUTES:
            continue
        assert key in SPEECH_ROUTES, f"unclassified request with a body: {key}"
        found.extend(_messages(request))
    return found


def _messages(request: RecordedRequest) -> Iterator[Said]:
    body = request.json
    assert isinstance(body, dict), body
    if request.route is not None and request.route.endswith("/callback"):
        data = body.get("data")
        if isinstance(data, dict) and "choices" not in data:  # autocomplete: plain text
            yield Said(request.method, request.path, data)
        return
    yield Said(request.method, request.path, body)


def problems(said: Said) -> list[str]:
    """Why this body could ping someone (empty: it cannot)."""
    body = said.body
    found: list[str] = []
    if "content" in body or "embeds" in body:
        found += _settings_problems(body.get("allowed_mentions"))
    found += [f"content {p}" for p in live_pings(str(body.get("content") or ""))]
    for embed in body.get("embeds") or []:
        found += _embed_problems(embed)
    return found


def _settings_problems(mentions: Any) -> list[str]:
    if not isinstance(mentions, dict):
        return ["no allowed_mentions"]
    found = []
    if mentions.get("parse") != []:
        found.append(f"allowed_mentions.parse = {mentions.get('parse')!r}")
    if mentions.get("users") or mentions.get("roles"):
        found.append(f"allowed_mentions names someone: {mentions!r}")
    if mentions.get("replied_user"):
        found.append("allowed_mentions.replied_user is true")
    return found


def _embed_problems(embed: Json) -> list[str]:
    texts = [
        embed.get("title"),
        embed.get("description"),
        (embed.get("footer") or {}).get("text"),
        (embed.get("author") or {}).get("name"),
    ]
    found = [f"embed {p}" for text in texts if text for p in live_pings(str(text))]
    for field in embed.get("fields") or []:
        for text in (field.get("name"), field.get("value")):
            pings = live_pings(str(text or ""))
            if field.get("name") in EMBED_FIELDS_MAY_NAME_USERS:
                pings = [p for p in pings if not p.startswith("user mention")]
            found += [f"embed field {field.get('name')!r} {p}" for p in pings]
    return found


def audit(fake: FakeDiscord) -> tuple[list[Said], list[str]]:
    """All bodies the bot sent, and every problem found in them (with where)."""
    said = spoken(fake)
    issues = [f"{s.method} {s.path}: {p}" for s in said for p in problems(s)]
    return said, issues
