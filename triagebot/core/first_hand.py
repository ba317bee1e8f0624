"""Does a message tell of the writer's own trouble, or speak about it to others?

A digest item quotes the people who hit a problem. The most central message of a topic
is often someone else's: the organiser collecting reports ("post your Windows version
here"), a maintainer's progress note ("working on it: 0.9.3 refuses to…"), a pull
request announced. People telling what happened to them say "I" and "my"; people
asking others for details say "please post".
"""

from __future__ import annotations

import re

from triagebot.core.problems import FIRST_PERSON, TOKEN
from triagebot.core.text import embedding_text

_ASKS_FOR_DETAILS = re.compile(
    r"\b(?:please|pls|plz)\s+(?:post|share|include|send|provide|attach|paste|tell us)\b"
    r"|\b(?:post|share|paste|send|attach)\s+(?:your|the)\s+\w+\s+(?:here|below|in)\b"
)


def reads_first_hand(text: str) -> bool:
    """Speaks in the first person and does not ask others for details."""
    return _first_hand(embedding_text(text).lower())


def _first_hand(low: str) -> bool:
    if not FIRST_PERSON.intersection(TOKEN.findall(low)):
        return False
    return _ASKS_FOR_DETAILS.search(low) is None


_ME_TOO = re.compile(r"(?:^|\s)\+1\b|\b(?:same|too|also)\b")


def tells_own_trouble(text: str) -> bool:
    """Tells of the writer's own trouble, in the first person or as a me-too ("same
    crash on win 11 here", "+1"): a helper's answer about someone's problem does neither."""
    low = embedding_text(text).lower()
    return _first_hand(low) or _ME_TOO.search(low) is not None
