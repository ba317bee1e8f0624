"""Recently closed issues: which ones are still worth naming, and how to say so.

Someone reporting a bug that was fixed last week is best answered with "looks like
#123, closed 3 days ago as fixed in v0.9.3". So issues closed within a window are
candidates beside the open ones, though never counted as open demand. One closed as a
duplicate is left out: its master says the same and is the one to name; so is one
deleted or transferred away (its page is gone, or is another repository's).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from triagebot.core.matching import IssueRef

DEFAULT_WINDOW = timedelta(days=30)
_LEFT_OUT = frozenset({"duplicate", "deleted", "transferred"})
_VERSION = re.compile(r"(?<![\w.])v?\d+(?:\.\d+){1,3}(?:[-+][\w.]+)?(?![\w.])", re.IGNORECASE)
_FIX_LABEL = re.compile(r"^(?:fixed|released|shipped)[\s_:-]*(?:in)?[\s_:-]*(.+)$", re.I)


def worth_naming(reason: str | None) -> bool:
    """A closed issue is a candidate unless it was closed as a duplicate, or left."""
    return (reason or "") not in _LEFT_OUT


def fixed_in(milestone: str | None, labels: Sequence[str] = ()) -> str:
    """The release an issue says fixed it: a milestone that names a version, else a
    label such as "fixed in 0.9.3" or "released:v1.2"; "" when it does not say."""
    if milestone and _VERSION.search(milestone):
        return milestone.strip()
    for label in labels:
        found = _FIX_LABEL.match(label.strip())
        if found and _VERSION.fullmatch(found.group(1).strip()):
            return found.group(1).strip()
    return ""


def ago(then: datetime, now: datetime) -> str:
    """ "today", "yesterday", "3 days ago", "5 weeks ago"."""
    days = max(0, (now - then).days)
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    return f"{days // 7} weeks ago"


def closed_note(issue: IssueRef, now: datetime) -> str:
    """How a closed issue is described beside its number: "closed 3 days ago as fixed
    in v0.9.3", "closed yesterday as not planned"; "" for an open issue."""
    if issue.closed_at is None:
        return ""
    note = f"closed {ago(issue.closed_at, now)}"
    if issue.fixed_in:
        return f"{note} as fixed in {issue.fixed_in}"
    if issue.reason == "completed":
        return f"{note} as fixed"
    if issue.reason == "not_planned":
        return f"{note} as not planned"
    return note
