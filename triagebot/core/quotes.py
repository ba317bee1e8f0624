"""Finding a person's words in what the bot wrote about them, to take them out.

A digest item's title is a message's opening line made readable (names for mentions,
short links, clipped); its extractive summary quotes sentences of messages. When a
message is deleted, purged or its author forgotten, any stored digest text built
from it must lose those words. Exact substrings do not survive the rewriting, so the
test is a run of words: a field quotes a message when they share ``RUN`` consecutive
words (all of the message's words, when it has fewer, but at least ``SHORTEST``: "ok
thanks" identifies nobody and appears everywhere).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

RUN = 6
SHORTEST = 3
REMOVED = "[removed]"
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _runs(tokens: Sequence[str], length: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + length]) for i in range(len(tokens) - length + 1)}


class QuoteFinder:
    """The runs of words of some erased messages, asked of one field at a time."""

    def __init__(self, erased_texts: Iterable[str]) -> None:
        self._runs: set[tuple[str, ...]] = set()
        self._lengths: set[int] = set()
        for text in erased_texts:
            tokens = words(text)
            if len(tokens) < SHORTEST:
                continue
            length = min(RUN, len(tokens))
            self._runs |= _runs(tokens, length)
            self._lengths.add(length)

    def __bool__(self) -> bool:
        return bool(self._runs)

    def quotes(self, text: str) -> bool:
        """Whether ``text`` holds a run of an erased message's words."""
        tokens = words(text)
        return any(not self._runs.isdisjoint(_runs(tokens, n)) for n in self._lengths)
