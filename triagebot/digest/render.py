"""The digest as text: short, linked, unable to ping anyone.

Summaries arrive already sanitised (``triagebot.llm``); titles come from issues and
messages, so they are neutralised here. With ``max_chars`` (a Discord message holds
2,000) the summaries give way first, never the counts or the links.
"""

from __future__ import annotations

from triagebot.core.neutral import clip, neutralise
from triagebot.digest.model import Digest, DigestItem

MAX_MESSAGE = 2000  # Discord's limit for one message
SUMMARY_CHARS = 400
MARK = {"llm": "", "cache": "", "extractive": " (quoted from the messages)"}


def render(digest: Digest, max_chars: int | None = None) -> str:
    if digest.quiet:
        return f"**{digest.day:%A %d %B}**: a quiet day — nothing needs a maintainer."
    head = f"**Top {len(digest.items)} for {digest.day:%A %d %B}**"
    budget = None if max_chars is None else (max_chars - len(head)) // len(digest.items) - 2
    links = 1 if max_chars is not None else 3
    parts = [head] + [_item(item, digest.summaries, budget, links) for item in digest.items]
    return "\n\n".join(parts)


def _item(item: DigestItem, source: str, budget: int | None, links: int) -> str:
    counts = (
        f"{item.people} people · {item.messages} messages · "
        f"{item.threads} thread{'s' if item.threads != 1 else ''}"
    )
    new = " · new" if item.new else ""
    issue = f"<{item.issue_url}>" if item.issue_url else "no issue yet — file one?"
    title = f"**{item.rank}. {neutralise(clip(item.title, 90))}**"
    tail = f"{counts}{new} — {issue}\n" + " ".join(f"<{u}>" for u in item.links[:links])
    room = SUMMARY_CHARS if budget is None else max(budget - len(title) - len(tail) - 30, 60)
    summary = clip(item.summary, room) + MARK.get(source, "")
    return f"{title}\n{summary}\n{tail.rstrip()}"
