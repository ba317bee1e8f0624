"""Convert the #ubuntu IRC corpus (../shared/data) to DiscordChatExporter JSON, at run time.

The data set is read where it lives and written to a temporary folder; nothing of it
is kept in the repository. Each source log sample becomes one channel export; the
IRC nick becomes an author with a stable id, and times become real snowflakes.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from triagebot.core.snowflake import snowflake_at

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "chat_irc_ubuntu_disentangled"
GUILD = {"id": "1100000000000000001", "name": "Ubuntu (IRC replay)", "iconUrl": ""}
START = datetime(2026, 10, 1, tzinfo=UTC)


def _user_id(nick: str) -> str:
    digest = int(hashlib.blake2b(nick.encode(), digest_size=6).hexdigest(), 16)
    return str(700_000_000_000_000_000 + digest % 10**15)


def read_lines(name: str, limit: int | None = None) -> list[dict[str, Any]]:
    lines = []
    with (DATA / name).open(encoding="utf-8") as handle:
        for raw in handle:
            item = json.loads(raw)
            if item.get("system") or not item.get("user") or not item.get("text"):
                continue
            lines.append(item)
            if limit is not None and len(lines) >= limit:
                break
    return lines


def write_exports(name: str, out_dir: Path, limit: int | None = None) -> tuple[list[Path], int]:
    """One export file per log sample; returns the files and the message count."""
    by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in read_lines(name, limit):
        by_file[item["file"]].append(item)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths, total, clock = [], 0, START
    for index, (sample, items) in enumerate(sorted(by_file.items())):
        channel_id = str(1_100_000_000_000_001_000 + index)
        messages = []
        for n, item in enumerate(items):
            clock += timedelta(seconds=2)
            messages.append(_message(item, clock, n))
        doc = {
            "guild": GUILD,
            "channel": {
                "id": channel_id,
                "type": "GuildTextChat",
                "categoryId": None,
                "category": None,
                "name": f"ubuntu-{sample}",
                "topic": None,
            },
            "dateRange": {"after": None, "before": None},
            "exportedAt": datetime.now(UTC).isoformat(),
            "messages": messages,
            "messageCount": len(messages),
        }
        path = out_dir / f"ubuntu-{sample}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        paths.append(path)
        total += len(messages)
    return paths, total


def _message(item: dict[str, Any], when: datetime, n: int) -> dict[str, Any]:
    return {
        "id": str(snowflake_at(when) + n % 4096),
        "type": "Default",
        "timestamp": when.isoformat(timespec="milliseconds"),
        "timestampEdited": None,
        "isPinned": False,
        "content": item["text"],
        "author": {
            "id": _user_id(item["user"]),
            "name": item["user"],
            "discriminator": "0000",
            "nickname": item["user"],
            "isBot": False,
            "roles": [],
        },
        "attachments": [],
        "embeds": [],
        "stickers": [],
        "reactions": [],
        "mentions": [],
    }
