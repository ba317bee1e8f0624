"""Lines that begin by naming who they answer: "bob: try sudo dpkg --purge", "<@42> same here".

On a busy server many people answer one helper at once, in several channels; their
short replies share little but the name at the front, and a sentence embedding of a
short line is mostly that name. Compared whole, such replies look like one reworded
text posted by several accounts in several channels — the very shape of a scam ring.
The wave window therefore compares an addressed line by what follows the name, and
exactly (by text), never by its vector.
"""

from __future__ import annotations

import re

# A Discord mention, an "@name", or an IRC-style "nick:" / "nick," at the very start.
_LEADING = re.compile(
    r"^\s*(?:<@!?\d+>[\s,:]*|@(?!everyone\b|here\b)[^\s@:,]{2,32}[\s,:]+"
    r"|(?P<nick>[\w\[\]{}|`^\\-]{2,20})[:,]\s+)",
    re.UNICODE,
)
# Words that open a sentence with a colon or comma without naming anyone: greetings,
# callouts and headings ("Attention: ...", "Hey, group members!", "Update: ..."),
# which is how mass-posted announcements and scams begin.
_OPENERS = frozenset(
    {"hi", "hello", "hey", "heya", "yo", "gm", "greetings", "dear", "attention", "note",
     "notice", "nb", "update", "edit", "ps", "fyi", "tldr", "warning", "important",
     "reminder", "announcement", "alert", "breaking", "news", "guys", "everyone", "all",
     "folks", "friends", "team", "yes", "yeah", "no", "nope", "ok", "okay", "well", "so",
     "also", "btw", "sorry", "thanks", "lol", "wow", "oh", "ah", "and", "but", "or",
     "first", "second", "then", "finally", "step", "tip", "hint", "question", "answer",
     "problem", "solution", "error", "result", "output", "example", "link", "here",
     "now", "today", "free", "new", "hurry", "congratulations", "congrats", "winner"}
)  # fmt: skip


def past_addressee(text: str) -> str | None:
    """What ``text`` says after a leading addressee; None when it names nobody first."""
    found = _LEADING.match(text)
    if found is None:
        return None
    nick = found.group("nick")
    if nick is not None and nick.lower() in _OPENERS:
        return None
    return text[found.end() :]
