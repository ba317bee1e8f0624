"""What DiscordChatExporter's JSON export looks like, for the demo generator.

Mirrors ``DiscordChatExporter.Core/Exporting/JsonMessageWriter.cs`` (Tyrrrz/
DiscordChatExporter): property names and order, ``"0000"`` discriminators for new-style
usernames, ``""`` ids for standard emoji, Twemoji image URLs, reaction voters written
without roles, a thread's parent channel written as its ``category``, dates as
System.Text.Json writes a ``DateTimeOffset``, and ``UnsafeRelaxedJsonEscaping``.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

TWEMOJI = "https://cdn.jsdelivr.net/gh/twitter/twemoji@latest/assets/svg/{}.svg"


@dataclass(eq=False)
class Member:
    key: str
    uid: int
    name: str
    nick: str
    roles: list[str]
    avatar: str
    bot: bool = False
    disc: str = "0000"  # accounts on the new username system
    weight: float = 0.0  # how chatty (0: only speaks when scripted)


@dataclass(eq=False)
class Msg:
    chan: str
    ts: datetime
    author: Member
    content: str
    kind: str = "Default"
    reply_to: Msg | None = None
    mentions: list[Member] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    pinned: bool = False
    edited: datetime | None = None
    ref_thread: str | None = None  # ThreadCreated: the thread it announces
    ref_msg: Msg | None = None  # ChannelPinnedMessage: the pinned message
    embeds: list[dict[str, Any]] = field(default_factory=list)
    reactions: list[tuple[str, list[Member]]] = field(default_factory=list)
    id: int = 0
    file_ids: list[int] = field(default_factory=list)


@dataclass
class Server:
    guild_id: int
    roles: dict[str, tuple[int, str, str | None, int]]  # key: id, name, colour, position
    channel_ids: dict[str, int]  # channel and thread keys
    custom_emoji: dict[str, int]  # name: id
    emoji_codes: dict[str, str]  # standard emoji: Discord short name


def hexid(*parts: object, n: int = 32) -> str:
    return hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest()[:n]


def iso(when: datetime, digits: int = 3) -> str:
    """A UTC DateTimeOffset as System.Text.Json writes it (fraction without trailing 0s)."""
    frac = f"{when.microsecond * 10:07d}"[:digits].rstrip("0")
    return when.strftime("%Y-%m-%dT%H:%M:%S") + (f".{frac}" if frac else "") + "+00:00"


def user_json(s: Server, m: Member, roles: bool = True) -> dict[str, Any]:
    """``WriteUserAsync``; the colour is the highest coloured role's."""
    ranked = sorted(m.roles, key=lambda r: -s.roles[r][3])
    out: dict[str, Any] = {"id": str(m.uid), "name": m.name, "discriminator": m.disc,
                           "nickname": m.nick,
                           "color": next((s.roles[r][2] for r in ranked if s.roles[r][2]), None),
                           "isBot": m.bot}
    if roles:
        out["roles"] = [{"id": str(s.roles[r][0]), "name": s.roles[r][1],
                         "color": s.roles[r][2], "position": s.roles[r][3]} for r in ranked]
    out["avatarUrl"] = m.avatar
    return out


def emoji_json(s: Server, name: str) -> dict[str, Any]:
    if name in s.custom_emoji:
        eid = s.custom_emoji[name]
        return {"id": str(eid), "name": name, "code": name, "isAnimated": False,
                "imageUrl": f"https://cdn.discordapp.com/emojis/{eid}.png"}
    points = [f"{ord(c):x}" for c in name if "\u200d" in name or c != "\ufe0f"]
    return {"id": "", "name": name, "code": s.emoji_codes[name.replace("\ufe0f", "")],
            "isAnimated": False, "imageUrl": TWEMOJI.format("-".join(points))}


def emoji_pattern(codes: dict[str, str]) -> re.Pattern[str]:
    """Standard emoji in text, with or without their variation selector."""
    return re.compile("|".join(sorted((re.escape(e) + "\ufe0f?" for e in codes),
                                      key=len, reverse=True)))


def attachment_json(channel_id: int, aid: int, name: str) -> dict[str, Any]:
    image = name.endswith(("png", "jpg", "gif"))
    size = int(hexid("size", aid, n=6), 16) % (2_300_000 if image else 8_000)
    return {"id": str(aid), "url": f"https://cdn.discordapp.com/attachments/{channel_id}/{aid}/"
            f"{name}?ex={hexid('ex', aid, n=8)}&is={hexid('is', aid, n=8)}"
            f"&hm={hexid('hm', aid, n=64)}&", "fileName": name,
            "fileSizeBytes": size + (60_000 if image else 900)}


def message_json(s: Server, m: Msg) -> dict[str, Any]:
    """``WriteMessageAsync`` (content as rendered with markdown formatting on: mentions
    already read ``@Nickname``, custom emoji ``:name:``)."""
    out: dict[str, Any] = {
        "id": str(m.id), "type": m.kind, "timestamp": iso(m.ts),
        "timestampEdited": iso(m.edited) if m.edited else None, "callEndedTimestamp": None,
        "isPinned": m.pinned, "content": m.content, "author": user_json(s, m.author),
        "attachments": [attachment_json(s.channel_ids[m.chan], aid, name)
                        for aid, name in zip(m.file_ids, m.files, strict=True)],
        "components": [], "embeds": m.embeds, "stickers": [],
        "reactions": [{"emoji": emoji_json(s, e), "count": len(voters),
                       "users": [user_json(s, u, roles=False) for u in voters]}
                      for e, voters in m.reactions],
        "mentions": [user_json(s, u) for u in dict.fromkeys(m.mentions)]}
    ref = m.reply_to or m.ref_msg
    if ref or m.ref_thread:
        target = ref.chan if ref else str(m.ref_thread)
        out["reference"] = {"type": "Default", "messageId": str(ref.id) if ref else None,
                            "channelId": str(s.channel_ids[target]),
                            "guildId": str(s.guild_id)}
    found = emoji_pattern(s.emoji_codes).findall(m.content)
    found += [n for n in s.custom_emoji if f":{n}:" in m.content]
    out["inlineEmojis"] = [emoji_json(s, e) for e in dict.fromkeys(found)]
    return out


ESCAPE = re.compile("[\U00010000-\U0010ffff\u00a0\u2028\u2029\u200b-\u200f\u2060\ufeff]")


def dumps(doc: dict[str, Any]) -> str:
    """Indented JSON as ``Utf8JsonWriter`` + ``UnsafeRelaxedJsonEscaping`` writes it:
    non-ASCII stays literal, except astral characters (emoji), which become upper-case
    surrogate escapes, and the encoder's blocked separator and format characters."""
    def escape(match: re.Match[str]) -> str:
        raw = match.group().encode("utf-16-be")
        return "".join(f"\\u{raw[i]:02X}{raw[i + 1]:02X}" for i in range(0, len(raw), 2))

    return ESCAPE.sub(escape, json.dumps(doc, ensure_ascii=False, indent=2))
