"""Making the model's answer safe to post.

The excerpts the model read are untrusted user text; a prompt injection in them can
make it answer with pings, phishing links or a wall of text. Whatever it wrote, the
summary that reaches Discord has no mention, no link it was not given, no masked
link, and a bounded length.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from triagebot.core.neutral import neutralise

_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
# [text](url) and [text](<url>): keep the text, the link goes through the URL rule.
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]*)>?[^)]*\)")
_MENTION = re.compile(r"<(?:@[!&]?|#)\d+>")
_MASS = re.compile(r"@(?:everyone|here)\b", re.IGNORECASE)
# Any scheme Discord (or a client) may turn into a link, bare or in <angle brackets>.
_URL = re.compile(r"<?\b(?:https?|ftp|discord|steam)://[^\s<>]+>?|<?\bwww\.[^\s<>]+>?", re.I)
_TRAILING = ".,;:!?)\"'>"
_SENTENCE_END = re.compile(r"[.!?](?=\s)")
# Markdown a model adds out of habit; in a one-line digest summary it is noise.
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)")
_LINE_MARKER = re.compile(r"^\s*(?:>+\s*|[-*+•]\s+|\d{1,2}[.)]\s+)")
_RULE = re.compile(r"^\s*(?:[-*_=]\s*){3,}$")
_EMPHASIS = re.compile(r"(\*\*|__|~~)(.+?)\1")
_STARRED = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")
_FENCE = re.compile(r"^\s*(?:```|~~~)\w*\s*$")


def _allowed(url: str, allowed: Collection[str]) -> bool:
    bare = url.strip("<>").rstrip(_TRAILING)
    return bare in allowed or bare.rstrip("/") in {a.rstrip("/") for a in allowed}


def _replace_url(match: re.Match[str], allowed: Collection[str]) -> str:
    url = match.group(0)
    if not _allowed(url, allowed):
        return " "
    bare = url.strip("<>")
    trailing = bare[len(bare.rstrip(_TRAILING)) :]
    return bare.rstrip(_TRAILING) + trailing


def _bound(text: str, max_chars: int) -> str:
    """At most ``max_chars``: the last whole sentence that fits, else a word cut with "…"."""
    if len(text) <= max_chars:
        return text
    head = text[: max_chars + 1]
    ends = [m.end() for m in _SENTENCE_END.finditer(head + " ") if m.end() <= max_chars]
    if ends and ends[-1] >= max_chars // 3:
        return head[: ends[-1]].rstrip()
    cut = text[: max_chars - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > max_chars // 2 else cut).rstrip() + "…"


def plain_prose(text: str) -> str:
    """The model's text without Markdown headings, list and quote markers, rules,
    code fences or emphasis: a heading line goes (its words stay only when it is all
    there is), the rest keeps its words."""
    lines = [line for line in text.splitlines() if not (_RULE.match(line) or _FENCE.match(line))]
    body = [line for line in lines if not _HEADING.match(line)]
    if not any(line.strip() for line in body):
        body = [_HEADING.sub("", line) for line in lines]
    kept = [_LINE_MARKER.sub("", line) for line in body]
    prose = " ".join(line.strip() for line in kept if line.strip())
    prose = _EMPHASIS.sub(r"\2", prose)
    prose = _STARRED.sub(r"\1", prose)
    return prose.replace("`", "")


def sanitise_summary(text: str, allowed_links: Collection[str], max_chars: int = 400) -> str:
    """``text`` made safe to post: no pings, only allowed links, one line, bounded."""
    text = _INVISIBLE.sub("", text)
    text = _MARKDOWN_LINK.sub(lambda m: f"{m.group(1)} {m.group(2)}", text)
    text = _MENTION.sub(" ", text)
    text = _MASS.sub(" ", text)
    text = _URL.sub(lambda m: _replace_url(m, allowed_links), text)
    text = neutralise(" ".join(text.split()))
    text = " ".join(text.split())
    return _bound(text, max_chars)
