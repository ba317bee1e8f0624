"""Exact references to issues in chat: an issue URL, ``owner/repo#123``, or ``#123``.

A message that names an issue is about that issue with certainty, whatever its
words: it counts for it, and no similarity is asked. A bare ``#123`` is only read
when it cannot be ambiguous (one repository is known); a pull request link is not an
issue reference.
"""

from __future__ import annotations

import re
from collections.abc import Collection

_URL = re.compile(r"github\.com/([\w.-]+/[\w.-]+)/issues/(\d+)\b", re.IGNORECASE)
_QUALIFIED = re.compile(r"(?<![\w/.-])([\w.-]+/[\w.-]+)#(\d+)\b")
_BARE = re.compile(r"(?<![\w&/#<])#(\d{1,7})\b")

Reference = tuple[str, int]  # (owner/repo lower-cased, issue number)


def references(text: str, repos: Collection[str]) -> set[Reference]:
    """The issues ``text`` names. ``repos``: the repositories it may name; a bare
    ``#123`` is read as one of them only when there is exactly one."""
    if "#" not in text and "github.com" not in text.lower():
        return set()
    known = {r.lower() for r in repos}
    found = {(repo.lower(), int(n)) for repo, n in _URL.findall(text)}
    found |= {(repo.lower(), int(n)) for repo, n in _QUALIFIED.findall(text)}
    if len(known) == 1:
        (only,) = known
        without_qualified = _QUALIFIED.sub(" ", _URL.sub(" ", text))
        found |= {(only, int(n)) for n in _BARE.findall(without_qualified)}
    return {ref for ref in found if ref[0] in known}
