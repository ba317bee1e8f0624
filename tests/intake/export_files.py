"""Builders of small DiscordChatExporter files for tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import chat

GUILD_JSON = {"id": "900000000000000001", "name": "Lumen Community", "iconUrl": ""}


def export_message(n: int, content: str = "hello", **extra: Any) -> dict[str, Any]:
    m = chat(n, content)
    data: dict[str, Any] = {
        "id": str(m.id),
        "type": "Default",
        "timestamp": m.created_at.isoformat(timespec="milliseconds"),
        "timestampEdited": None,
        "callEndedTimestamp": None,
        "isPinned": False,
        "content": content,
        "author": {
            "id": "800000000000000001",
            "name": "alice",
            "discriminator": "0000",
            "nickname": "Alice",
            "color": None,
            "isBot": False,
            "roles": [],
            "avatarUrl": "",
        },
        "attachments": [],
        "embeds": [],
        "stickers": [],
        "reactions": [],
        "mentions": [],
    }
    data.update(extra)
    return data


def write_export(
    path: Path,
    messages: list[dict[str, Any]],
    *,
    channel_id: str = "900000000000000010",
    name: str = "general",
    kind: str = "GuildTextChat",
    parent: str | None = None,
) -> Path:
    doc = {
        "guild": GUILD_JSON,
        "channel": {
            "id": channel_id,
            "type": kind,
            "categoryId": parent,
            "category": "Help" if parent else None,
            "name": name,
            "topic": None,
        },
        "dateRange": {"after": None, "before": None},
        "exportedAt": "2026-11-22T00:00:00+00:00",
        "messages": messages,
        "messageCount": len(messages),
    }
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def write_export_with_header(
    path: Path,
    channel: dict[str, Any],
    messages: list[dict[str, Any]],
    guild: dict[str, Any] | None = None,
) -> Path:
    """An export whose ``channel`` header is given whole, as one exporter version wrote it."""
    doc = {"guild": guild or GUILD_JSON, "channel": channel, "messages": messages}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path
