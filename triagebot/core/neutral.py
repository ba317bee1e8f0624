"""Making quoted text harmless before the bot posts it.

Issue titles, thread names and user text can say ``@everyone``, ``<@123>`` or
``[click here](https://evil.example)``. Every message the bot sends already uses
no-mention settings; this is the second lock: the text itself no longer forms a
mention or a masked link, whatever settings a later edit or a webhook might use.
"""

from __future__ import annotations

import re

ZWSP = "\u200b"

# <@123>, <@!123> (users), <@&123> (roles): a zero-width space after "@" breaks them.
_MENTION = re.compile(r"<@([!&]?\d+)>")
# @everyone / @here in any case: Discord only honours the exact spelling, but the
# bot has no business echoing any spelling of a mass ping.
_MASS = re.compile(r"@(everyone|here)", re.IGNORECASE)
# Square brackets form masked links ([text](url)); escaped, they print as they are.
# Backslashes are escaped first, or "\\[x](url)" would escape the escape instead.
_MARKUP = re.compile(r"([\\\[\]])")


def neutralise(text: str) -> str:
    """``text`` that reads the same but can ping no one and hides no link."""
    text = _MENTION.sub(lambda m: f"<@{ZWSP}{m.group(1)}>", text)
    text = _MASS.sub(lambda m: f"@{ZWSP}{m.group(1)}", text)
    return _MARKUP.sub(r"\\\1", text)


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters, with an ellipsis when something was cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: max(limit - 1, 0)].rstrip() + "…"
