"""Stored digests lose the words of erased messages ("a deletion erases the text
everywhere"): an item's title or summary that quotes one reads ``[removed]``, and its
jump link to the message goes.

Called wherever text is erased (a deletion event, ``purge``, ``forget --user``), in
the same transaction, before the text is gone from ``messages``. An item titled by
its GitHub issue keeps that title: it is the issue's, public, not the person's. A
digest already posted is marked ``post_outdated``: the running bot edits its post.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from triagebot.core.quotes import REMOVED, QuoteFinder
from triagebot.core.snowflake import snowflake_time
from triagebot.store.models import DigestRow


def scrub_digests(session: Session, erased: Mapping[int, str]) -> int:
    """Take the erased messages (id → text) out of every digest that may quote them:
    those of the day the oldest was written and after. Returns the items changed."""
    if not erased:
        return 0
    finder = QuoteFinder(erased.values())
    suffixes = tuple(f"/{message_id}" for message_id in erased)
    first_day = min(snowflake_time(m) for m in erased).date().isoformat()
    changed = 0
    for row in session.scalars(select(DigestRow).where(DigestRow.day >= first_day)):
        document = json.loads(row.items)
        count = sum(_scrub(item, finder, suffixes) for item in document.get("items", []))
        if count:
            row.items = json.dumps(document, ensure_ascii=False)
            row.post_outdated = row.posted_at is not None  # the bot edits its post
            changed += count
    return changed


def _scrub(item: dict[str, Any], finder: QuoteFinder, suffixes: tuple[str, ...]) -> bool:
    before = dict(item)
    links = [str(link) for link in item.get("links") or []]
    item["links"] = [link for link in links if not link.endswith(suffixes)]
    if finder and finder.quotes(str(item.get("summary") or "")):
        item["summary"] = REMOVED
    if finder and item.get("issue") is None and finder.quotes(str(item.get("title") or "")):
        item["title"] = REMOVED
    return item != before
