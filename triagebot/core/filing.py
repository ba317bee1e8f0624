"""What an issue filed from Discord says on GitHub, and the marker that finds it again.

GitHub turns ``@name`` into a notification for that GitHub user, and Discord's
``<@123>`` would name a member who never chose to appear on GitHub. So people, roles
and channels become placeholders (never names: a denied channel's name is private),
every ``@`` becomes a full-width ``＠`` that reads the same and pings no one, and HTML
comments are broken so no quoted text can hide in, or imitate, the bot's marker.
Pure text in, text out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from triagebot.core.readable import readable

TITLE_CHARS = 256  # GitHub's limit on an issue title
FORM_CHARS = 4000  # Discord's limit on a modal text input's value
EXCERPT_CHARS = 300
FOOTER = "<sub>Filed from Discord with triagebot.</sub>"
_AT = re.compile(r"@")
_PEOPLE = re.compile(r"<@!?\d+>")
_ROLES = re.compile(r"<@&\d+>")
_CHANNELS = re.compile(r"<#\d+>")
_COMMENT = re.compile(r"<!--|-->")
_MARKER = re.compile(r"<!-- triagebot:file ([0-9a-f]{8,64}) -->")


@dataclass(frozen=True)
class Excerpt:
    """One quoted report and where it was said (a jump link; no channel name)."""

    text: str
    link: str


@dataclass(frozen=True)
class FilingFacts:
    """What is known about the conversation being filed, before it is made safe."""

    title: str
    summary: str
    people: int
    messages: int
    excerpts: Sequence[Excerpt] = ()


def github_safe(text: str) -> str:
    """``text`` as GitHub may show it: no mention of anyone, nothing hidden."""
    text = _PEOPLE.sub("someone", _ROLES.sub("a role", _CHANNELS.sub("a channel", text)))
    text = _AT.sub("\uff20", text)
    return _COMMENT.sub(lambda m: m.group(0).replace("-", "\u2010"), text)


def safe_line(text: str) -> str:
    """One line of ``text`` made safe (a title, an excerpt): Discord's markup read out
    (placeholders for people and channels, links as their hosts), then made safe."""
    return " ".join(github_safe(readable(text)).split())


def draft_title(text: str, limit: int = TITLE_CHARS) -> str:
    """A title GitHub accepts: safe, one line, at most ``limit`` characters."""
    line = safe_line(text) or "Reported on Discord"
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def draft_body(facts: FilingFacts, excerpts: int, limit: int = FORM_CHARS) -> str:
    """The body shown in the form: summary, counts, up to ``excerpts`` quotes with
    jump links; quotes give way from the end to stay within ``limit``."""
    people = f"{facts.people} {'person' if facts.people == 1 else 'people'}"
    messages = f"{facts.messages} {'message' if facts.messages == 1 else 'messages'}"
    head = [github_safe(facts.summary).strip(), f"Reported on Discord by {people} in {messages}."]
    quotes = [
        f"> {_clip(safe_line(e.text), EXCERPT_CHARS)}\n> — {e.link}"
        for e in facts.excerpts[: max(excerpts, 0)]
        if e.text.strip()
    ]
    while True:
        body = "\n\n".join([p for p in head if p] + quotes)
        if len(body) <= limit or not quotes:
            return body[:limit]
        quotes.pop()


def final_body(body: str, marker: str) -> str:
    """What is sent to GitHub: the (possibly edited) body made safe again, the footer
    and the hidden marker that lets a lost answer be found instead of filed twice."""
    return f"{github_safe(body).strip()}\n\n{FOOTER}\n{marker_comment(marker)}"


def marker_comment(marker: str) -> str:
    """An HTML comment: GitHub shows nothing of it; it names the filing for the bot."""
    return f"<!-- triagebot:file {marker} -->"


def carries_marker(body: str | None, marker: str) -> bool:
    return any(found == marker for found in _MARKER.findall(body or ""))


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
