"""Fitting what the bot says into Discord's size limits, by whole lines.

Discord refuses a whole message over its limits (2,000 characters of content, 1,024
in an embed field, 100 in an autocomplete entry), so a reply that grows with its data
- nine issues, titles full of brackets doubled by escaping, a long list of reasons -
would not shrink, it would vanish. Here a reply is headings and lists; when it is too
long, list lines give way from the end, last list first, and the list says
"… and N more". A line is never cut in the middle, where it could leave a link or an
escape half-written. Pure text in, text out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MESSAGE_CHARS = 2000  # content of one message
FIELD_CHARS = 1024  # value of one embed field
CHOICE_CHARS = 100  # name, and string value, of one autocomplete entry
ELLIPSIS = "…"


@dataclass(frozen=True)
class Section:
    """A heading, a list that may give way, and a closing line that stays.

    An entry may span lines (a problem and its error): it is kept or dropped whole.
    """

    head: str = ""
    entries: Sequence[str] = ()
    tail: str = ""


def more(count: int) -> str:
    return f"{ELLIPSIS} and {count} more"


def fit(sections: Sequence[Section], limit: int = MESSAGE_CHARS) -> str:
    """The sections, blank-line apart, in at most ``limit`` characters.

    Entries are dropped from the end of the last section that still has any, so the
    first list (the answer itself) keeps its best entries longest. Only when the
    headings alone overflow are whole lines cut from the end (and, at worst, the one
    line left clipped): a reply that fits always beats a refused one.
    """
    kept = [len(section.entries) for section in sections]
    text = _render(sections, kept)
    while len(text) > limit:
        shrinking = [n for n, count in enumerate(kept) if count]
        if not shrinking:
            return _cut(text, limit)
        kept[shrinking[-1]] -= 1
        text = _render(sections, kept)
    return text


def fit_lines(lines: Sequence[str], limit: int = MESSAGE_CHARS) -> str:
    """One plain list (no heading) in at most ``limit`` characters."""
    return fit([Section(entries=lines)], limit)


def within(text: str, limit: int = MESSAGE_CHARS) -> str:
    """A reply that is no list (a confirmation, a hint) as it is, or, should it ever
    outgrow ``limit``, without its last lines: the guard every reply passes last."""
    return text if len(text) <= limit else _cut(text, limit)


def shorten(text: str, limit: int = CHOICE_CHARS) -> str:
    """``text`` in at most ``limit`` characters, ending in "…" when cut (for text that
    is shown plain, where no markup can break: autocomplete entries, button labels)."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + ELLIPSIS


def _render(sections: Sequence[Section], kept: Sequence[int]) -> str:
    parts = (_section(section, count) for section, count in zip(sections, kept, strict=True))
    return "\n\n".join(part for part in parts if part)


def _section(section: Section, count: int) -> str:
    lines = [section.head, *section.entries[:count]]
    if count < len(section.entries):
        lines.append(more(len(section.entries) - count))
    lines.append(section.tail)
    return "\n".join(line for line in lines if line)


def _cut(text: str, limit: int) -> str:
    lines = text.split("\n")
    while len(lines) > 1 and len("\n".join(lines)) > limit:
        lines.pop()
    return shorten("\n".join(lines).rstrip(), limit)
