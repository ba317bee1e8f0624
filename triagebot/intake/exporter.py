"""DiscordChatExporter JSON exports → ``ChatEvent`` values.

DiscordChatExporter is the de-facto way people archive Discord channels: one JSON file
per channel or thread with ``guild``, ``channel`` and ``messages``. Reading one is
forgiving per message (a broken message is reported and skipped; the rest is kept)
and strict per file (a file that is not an export is one clear error).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from triagebot.core.messages import (
    Author,
    Channel,
    ChannelKind,
    ChannelSeen,
    ChatMessage,
    Guild,
    Source,
)
from triagebot.errors import ImportFileError

_KINDS = {
    "GuildTextChat": ChannelKind.TEXT,
    "GuildNews": ChannelKind.TEXT,
    "GuildForum": ChannelKind.FORUM,
    "GuildMediaChannel": ChannelKind.FORUM,
    "GuildPublicThread": ChannelKind.THREAD,
    "GuildPrivateThread": ChannelKind.THREAD,
    "GuildNewsThread": ChannelKind.THREAD,
    "GuildCategory": ChannelKind.CATEGORY,
    "GuildVoiceChat": ChannelKind.VOICE,
    "GuildStageVoice": ChannelKind.VOICE,
}
# How DiscordChatExporter versions spell "no category / no parent" in ``categoryId``
# (ChannelCategory.Unknown and the per-kind fallbacks all carry id 0).
_NO_PARENT = frozenset({"", "0", "null", "None"})
# Its guild for direct messages (``Guild.DirectMessages``) has id 0.
_NO_GUILD = frozenset({"0", "@me"})
_DIRECT_KINDS = frozenset({"DirectTextChat", "DirectGroupTextChat"})


@dataclass
class ExportFile:
    """One export, read: the place it covers, its messages, and what was skipped."""

    path: Path
    guild: Guild
    channel: Channel
    messages: list[ChatMessage] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def events_without_messages(self) -> Iterator[ChannelSeen]:
        """The channel itself (known even when the export holds no message)."""
        yield ChannelSeen(self.guild, self.channel)


def find_exports(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into the ``.json`` files below them, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.json") if p.is_file()))
        elif path.exists():
            found.append(path)
        else:
            raise ImportFileError(str(path), "no such file or folder")
    return found


def read_export(path: Path) -> ExportFile:
    try:
        doc = json.loads(path.read_bytes())
    except OSError as exc:
        raise ImportFileError(str(path), f"cannot read: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ImportFileError(str(path), f"not valid JSON ({exc})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("messages"), list):
        raise ImportFileError(
            str(path), "not a DiscordChatExporter JSON export (no 'messages' list)"
        )
    _refuse_direct_messages(path, doc)
    try:
        guild = Guild(id=_id(doc["guild"]["id"]), name=str(doc["guild"].get("name", "")))
        channel, header_problems = _channel(doc["channel"], guild.id)
    except (KeyError, TypeError, ValueError) as exc:
        raise ImportFileError(str(path), f"bad 'guild' or 'channel' header ({_why(exc)})") from None
    export = ExportFile(path=path, guild=guild, channel=channel, problems=header_problems)
    for index, raw in enumerate(doc["messages"]):
        try:
            export.messages.append(_message(raw, guild, channel))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            label = raw.get("id", "?") if isinstance(raw, dict) else "?"
            export.problems.append(f"message #{index} (id {label}): {_why(exc)}")
    return export


def _refuse_direct_messages(path: Path, doc: dict[str, Any]) -> None:
    """DiscordChatExporter files direct messages under a guild with id 0 ("Direct
    Messages"); they belong to no server, so they are one clear refusal, not a
    puzzling "bad header"."""
    guild, channel = doc.get("guild"), doc.get("channel")
    guild_id = str(guild.get("id", "")).strip() if isinstance(guild, dict) else ""
    kind = str(channel.get("type", "")) if isinstance(channel, dict) else ""
    if guild_id in _NO_GUILD or kind in _DIRECT_KINDS:
        raise ImportFileError(
            str(path), "a direct-message export; only server channels can be imported"
        )


def _channel(raw: dict[str, Any], guild_id: int) -> tuple[Channel, list[str]]:
    """The channel and any header problem that cost nothing but the parent link."""
    kind = _KINDS.get(str(raw.get("type", "")), ChannelKind.OTHER)
    channel_id = _id(raw["id"])
    parent_id, problems = _parent(raw.get("categoryId"))
    channel = Channel(
        id=channel_id,
        guild_id=guild_id,
        name=str(raw.get("name") or raw["id"]),
        kind=kind,
        parent_id=parent_id if parent_id != channel_id else None,
    )
    return channel, problems


def _parent(value: Any) -> tuple[int | None, list[str]]:
    """``categoryId``, which is the category of a channel and the parent channel of a
    thread or forum post. DiscordChatExporter writes "no category" as a missing key,
    null, "" or "0" depending on its version; all of them mean no parent. Anything
    else unreadable loses only the parent link, never the file."""
    text = "" if value is None else str(value).strip()
    if text in _NO_PARENT:
        return None, []
    try:
        return _id(text), []
    except ValueError:
        return None, [f"channel header: categoryId {value!r} is not a Discord id; read as none"]


def _message(raw: dict[str, Any], guild: Guild, channel: Channel) -> ChatMessage:
    author = raw["author"]
    content = raw.get("content") or ""
    if not isinstance(content, str):
        raise ValueError("'content' is not text")
    reference = raw.get("reference") or {}
    reply_to = reference.get("messageId") if raw.get("type") == "Reply" else None
    mentions = raw.get("mentions") or []
    return ChatMessage(
        id=_id(raw["id"]),
        guild=guild,
        channel=channel,
        author=Author(
            id=_id(author["id"]),
            name=str(author.get("nickname") or author.get("name") or author["id"]),
            bot=bool(author.get("isBot", False)),
        ),
        content=content,
        created_at=_time(raw["timestamp"]),
        edited_at=_time(raw["timestampEdited"]) if raw.get("timestampEdited") else None,
        reply_to=_id(reply_to) if reply_to else None,
        attachments=len(raw.get("attachments") or []),
        user_mentions=len(mentions),
        role_mentions=content.count("<@&"),
        mentions_everyone="@everyone" in content or "@here" in content,
        reactions=sum(int(r.get("count", 0)) for r in raw.get("reactions") or []),
        source=Source.IMPORT,
    )


def _id(value: Any) -> int:
    number = int(str(value))
    if number <= 0 or number >= 1 << 63:
        raise ValueError(f"{value!r} is not a Discord id")
    return number


def _time(value: Any) -> datetime:
    when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if when.tzinfo is None:
        raise ValueError(f"timestamp {value!r} has no time zone")
    return when


def _why(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing field {exc.args[0]!r}"
    return str(exc) or type(exc).__name__
