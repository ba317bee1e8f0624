"""Chat text as a maintainer should read it in a title or a quote: no raw markup.

Discord's markup is for Discord's client: ``<@123>`` is a person, ``<#456>`` a channel,
``<https://…>`` a link without a preview. Quoted elsewhere — a digest title, an HTML
report, a terminal — it is noise, and a long URL cut to fit is worse. So mentions
become names, a GitHub issue or pull request link becomes ``owner/repo#123``, any
other link its host, code fences and inline code marks go, and whitespace folds.
Nothing here makes text safe to post: ``neutral.neutralise`` still runs after.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

_USER = re.compile(r"<@!?(\d+)>")
_ROLE = re.compile(r"<@&(\d+)>")
_CHANNEL = re.compile(r"<#(\d+)>")
_EMOJI = re.compile(r"<a?:(\w+):\d+>")
_URL = re.compile(r"<?(https?://[^\s<>]+)>?")
_GITHUB = re.compile(r"github\.com/([\w.-]+/[\w.-]+)/(issues|pull)/(\d+)")
_FENCE = re.compile(r"```[\w+-]*\n?|```")
_INLINE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
_EMPHASIS = re.compile(r"(\*\*|__|~~|\|\|)(.+?)\1")
_TRAILING = ".,;:!?)\"'"
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class Names:
    """Who and where the ids in a text stand for (unknown ones read as a placeholder)."""

    people: Mapping[int, str] = field(default_factory=dict)
    channels: Mapping[int, str] = field(default_factory=dict)
    roles: Mapping[int, str] = field(default_factory=dict)


def readable(text: str, names: Names | None = None) -> str:
    """``text`` with Discord's markup rendered for a reader, on one line."""
    names = names or Names()
    text = _USER.sub(lambda m: "@" + names.people.get(int(m.group(1)), "someone"), text)
    text = _ROLE.sub(lambda m: "@" + names.roles.get(int(m.group(1)), "role"), text)
    text = _CHANNEL.sub(lambda m: "#" + names.channels.get(int(m.group(1)), "channel"), text)
    text = _EMOJI.sub(r":\1:", text)
    text = _URL.sub(lambda m: short_link(m.group(1)), text)
    text = _FENCE.sub(" ", text)
    text = _INLINE.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    return " ".join(text.split())


def short_link(url: str) -> str:
    """A GitHub issue or pull request as ``owner/repo#123``; any other link as its host."""
    trailing = url[len(url.rstrip(_TRAILING)) :]
    url = url.rstrip(_TRAILING)
    found = _GITHUB.search(url)
    if found:
        return f"{found.group(1)}#{found.group(3)}{trailing}"
    try:
        host = urlsplit(url).hostname or "a link"
    except ValueError:  # "http://[" and the like: a link, but no host to name
        host = "a link"
    return host.removeprefix("www.") + trailing


def headline(text: str, names: Names | None = None, limit: int = 90) -> str:
    """The first sentence (or line) of ``text``, readable, at most ``limit`` characters,
    cut at a word with "…" when it must be."""
    first = next((s for s in _SENTENCE.split(text.strip()) if s.strip()), text)
    line = readable(first, names)
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:-") + "…"
