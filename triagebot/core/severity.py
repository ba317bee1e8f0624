"""Severity cues: the words that make a problem report urgent (crash, data loss, ...).

They count only inside a problem report: the ranker reads them from a topic's reports,
never from talk that mentions "security" in passing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

SEVERITY: dict[str, tuple[float, re.Pattern[str]]] = {
    "crash": (8.0, re.compile(r"\b(crash\w*|segfault\w*|seg ?fault|panic\w*|traceback|core dump)")),
    "data loss": (
        12.0,
        re.compile(r"\b(data loss|lost (all|my)|deleted (all|my)|wiped|corrupt\w*)"),
    ),
    "security": (
        15.0,
        re.compile(
            r"\b(security|vulnerab\w*|cve-?\d*|exploit\w*|token leak\w*|leaked (a |my )?"
            r"(token|key|password)|xss|rce)\b"
        ),
    ),
    "regression": (
        8.0,
        re.compile(
            r"\b(regression|regressed|broke after|broken after|(since|after) (upgrading|"
            r"updating|the update)|used to work|no longer works)"
        ),
    ),
}


def severity_cues(texts: Sequence[str]) -> list[str]:
    """The severity categories any of ``texts`` mentions, in ``SEVERITY`` order."""
    lowered = [text.lower() for text in texts]
    return [name for name, (_, rx) in SEVERITY.items() if any(rx.search(t) for t in lowered)]
