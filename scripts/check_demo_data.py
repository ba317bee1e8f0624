"""Check the bundled demo data for internal consistency (run after make_demo_data.py)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "triagebot" / "demo" / "data"
EPOCH_MS = 1_420_070_400_000


def ms(stamp: str) -> int:
    return int(datetime.fromisoformat(stamp).timestamp() * 1000)


def check() -> list[str]:
    errors: list[str] = []
    docs: dict[str, dict[str, Any]] = {}
    for path in sorted(DATA.glob("lumen-community--*.json")):
        try:
            docs[path.name] = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            errors.append(f"{path.name}: not JSON ({exc})")
    ids: Counter[str] = Counter()
    by_id: dict[str, tuple[str, dict[str, Any]]] = {}
    channel_ids = {d["channel"]["id"]: n for n, d in docs.items()}
    for name, doc in docs.items():
        msgs, chan = doc["messages"], doc["channel"]
        if doc["messageCount"] != len(msgs):
            errors.append(f"{name}: messageCount {doc['messageCount']} != {len(msgs)}")
        after, before = ms(doc["dateRange"]["after"]), ms(doc["dateRange"]["before"])
        previous = 0
        for m in msgs:
            ids[m["id"]] += 1
            by_id[m["id"]] = (chan["id"], m)
            stamp = ms(m["timestamp"])
            if (int(m["id"]) >> 22) + EPOCH_MS != stamp:
                errors.append(f"{name}: id {m['id']} does not encode its timestamp")
            if int(m["id"]) <= previous:
                errors.append(f"{name}: id {m['id']} out of order")
            previous = int(m["id"])
            if not after <= stamp < before:
                errors.append(f"{name}: {m['id']} outside the date range")
            if m["timestampEdited"] and ms(m["timestampEdited"]) <= stamp:
                errors.append(f"{name}: {m['id']} edited before it was sent")
            if (int(m["author"]["id"]) >> 22) + EPOCH_MS > stamp:
                errors.append(f"{name}: {m['id']} author created after the message")
            for r in m["reactions"]:
                if r["count"] != len(r["users"]):
                    errors.append(f"{name}: {m['id']} reaction count != users")
        if chan["type"] == "GuildPublicThread":
            parent = chan["categoryId"]
            if parent not in channel_ids and chan["category"] != "help-forum":
                errors.append(f"{name}: parent channel {parent} not exported")
            if chan["category"] == "help-forum":
                if msgs[0]["id"] != chan["id"]:
                    errors.append(f"{name}: forum post id != starter message id")
            elif int(chan["id"]) >= int(msgs[0]["id"]):
                errors.append(f"{name}: thread id not before its first message")
    for mid, n in ids.items():
        if n > 1:
            errors.append(f"message id {mid} appears {n} times")
    for cid, name in channel_ids.items():
        if cid in ids and docs[name]["channel"]["category"] != "help-forum":
            errors.append(f"channel id {cid} collides with a message id")
    for chan_id, m in by_id.values():
        ref: dict[str, Any] = m.get("reference") or {}
        if m["type"] in ("Reply", "ChannelPinnedMessage"):
            target = by_id.get(ref.get("messageId") or "")
            if not target or target[0] != chan_id or ref["channelId"] != chan_id:
                errors.append(f"{m['id']}: {m['type']} references a missing message")
            elif int(target[1]["id"]) >= int(m["id"]):
                errors.append(f"{m['id']}: references a later message")
        if m["type"] == "ThreadCreated" and (not ref or ref["channelId"] not in channel_ids):
            errors.append(f"{m['id']}: ThreadCreated points at an unexported thread")
    issues = json.loads((DATA / "issues.json").read_text(encoding="utf-8"))
    plain = [i for i in issues if "pull_request" not in i]
    states = Counter(i["state"] for i in plain)
    if (len(plain), states["open"], states["closed"], len(issues) - len(plain)) != (14, 11, 3, 2):
        errors.append(f"issues.json: unexpected mix {states}, {len(issues)} items")
    return errors


def main() -> None:
    errors = check()
    for line in errors:
        print("FAIL", line)
    print("ok" if not errors else f"{len(errors)} problems")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
