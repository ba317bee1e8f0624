"""The digest as text: short, linked, unable to ping anyone.

Summaries arrive already sanitised (``triagebot.llm``); titles come from issues and
messages, so they are neutralised here. With ``max_chars`` (a Discord message holds
2,000) the summaries give way first, never the counts or the links.
"""

from __future__ import annotations

from datetime import date

from triagebot.core.digest import Digest, DigestItem
from triagebot.core.neutral import clip, neutralise

MAX_MESSAGE = 2000  # Discord's limit for one message
SUMMARY_CHARS = 400
TITLE_CHARS = 90
QUOTED_MARK = " (quoted from the messages)"
# Digest-wide marks, kept for callers; the text itself marks each item on its own.
MARK = {"llm": "", "cache": "", "extractive": QUOTED_MARK}


def render(digest: Digest, max_chars: int | None = None) -> str:
    """The digest; with ``max_chars``, never longer (Discord refuses the whole post
    otherwise, and the day would go without its digest)."""
    if digest.quiet:
        return f"{_day(digest.day)}: a quiet day — nothing needs a maintainer."
    head = f"**Top {len(digest.items)} for {digest.day:%A %d %B}**"
    if max_chars is None:
        return _join(head, digest, SUMMARY_CHARS, TITLE_CHARS, links=3)
    budget = (max_chars - len(head)) // len(digest.items) - 2
    text = ""
    for summary_chars, title_chars in _tighter(budget):
        text = _join(head, digest, summary_chars, title_chars, links=1)
        if len(text) <= max_chars:
            return text
    return text[: max_chars - 1].rstrip() + "…"  # only with absurdly long issue links


def is_digest_of(text: str, day: date) -> bool:
    """Whether a posted message is the digest of ``day`` (its first line says so): how
    a restart recognises a digest it sent but did not live to mark as posted."""
    head = text.split("\n", 1)[0]
    return head.startswith(f"{_day(day)}: a quiet day") or (
        head.startswith("**Top ") and head.endswith(f" for {day:%A %d %B}**")
    )


def _day(day: date) -> str:
    return f"**{day:%A %d %B}**"


def _tighter(budget: int) -> list[tuple[int, int]]:
    """Summary and title lengths to try, roomiest first: the summaries give way
    first (to nothing at all), then the titles; counts and links stay."""
    first = min(max(budget - 200, 60), SUMMARY_CHARS)
    summaries = [first, *(n for n in (150, 120, 90, 60) if n < first), 0]
    return [(n, TITLE_CHARS) for n in summaries] + [(0, 40), (0, 20)]


def _join(head: str, digest: Digest, summary_chars: int, title_chars: int, links: int) -> str:
    parts = [
        _item(item, digest.summaries, summary_chars, title_chars, links) for item in digest.items
    ]
    return "\n\n".join([head, *parts])


def _item(item: DigestItem, source: str, summary_chars: int, title_chars: int, links: int) -> str:
    counts = item.why or (
        f"{item.people} people · {item.messages} messages · "
        f"{item.threads} thread{'s' if item.threads != 1 else ''}"
    )
    new = " · new" if item.new and not item.why else ""
    issue = (
        f"<{item.issue_url}>"
        if item.issue_url
        else ("file one?" if item.why else "no issue yet — file one?")
    )
    # Clipped before it is neutralised: the escapes may double a hostile title's length.
    title = f"**{item.rank}. {neutralise(clip(item.title, title_chars))}**"
    tail = f"{counts}{new} — {issue}\n" + " ".join(f"<{u}>" for u in item.links[:links])
    if summary_chars <= 0:
        return f"{title}\n{tail.rstrip()}"
    # Per item: when the model answered for some items only, the others are quotes.
    mark = QUOTED_MARK if item.source_in(source) == "quoted" else ""
    summary = clip(item.summary, summary_chars) + mark
    return f"{title}\n{summary}\n{tail.rstrip()}"
