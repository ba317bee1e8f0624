"""Narrowing a ranked list of issues by what someone is typing (``/link`` autocomplete).

The list arrives ranked by similarity to the thread; typing only filters it, so the
most similar issue that still fits what was typed stays on top.
"""

from __future__ import annotations

from collections.abc import Iterable

from triagebot.core.matching import Candidate


def fits_typed(candidate: Candidate, typed: str) -> bool:
    """Digits match the start of the issue number; words match the title or
    ``owner/name#number``, case-insensitively."""
    text = typed.strip().lower()
    if not text:
        return True
    issue = candidate.issue
    number = text.lstrip("#")
    if number.isdigit():
        return str(issue.number).startswith(number)
    words = text.split()
    haystack = f"{issue.repo}#{issue.number} {issue.title}".lower()
    return all(word in haystack for word in words)


def narrow(candidates: Iterable[Candidate], typed: str, limit: int = 25) -> list[Candidate]:
    """The first ``limit`` candidates that fit ``typed``, in their ranked order."""
    found: list[Candidate] = []
    for candidate in candidates:
        if fits_typed(candidate, typed):
            found.append(candidate)
            if len(found) >= limit:
                break
    return found
