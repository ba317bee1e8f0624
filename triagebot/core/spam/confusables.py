"""Skeletons of names: what a domain looks like, not how it is spelled.

Phishing domains imitate a brand with characters that read the same: Cyrillic
``dіscord`` (a Cyrillic і), ``d1scord``, ``stearncommunity`` (rn for m). Comparing
*skeletons* — both sides folded the same way — turns those tricks into an exact match
or a small edit distance, which the brand check can then measure.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Letters from other scripts that render like a Latin letter, and digits or symbols
# that stand in for one. Kept to the ones seen in domain squatting: a full Unicode
# confusables table would fold too much for a short label.
_LOOKALIKES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i",
    "ј": "j", "ԁ": "d", "ӏ": "l", "ԛ": "q", "ԝ": "w", "һ": "h", "ү": "y", "ց": "g",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ω": "w",
    # Latin extensions and IPA
    "ı": "i", "ł": "l", "ɩ": "i", "ɡ": "g", "ɑ": "a", "ʀ": "r", "ꞵ": "b", "ƚ": "l",
    "đ": "d", "ħ": "h", "ø": "o", "ð": "d", "ß": "ss",
    # digits and symbols
    "0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s",
    "|": "l", "!": "i",
}  # fmt: skip
# Pairs of letters that read as one (applied after the table, before folding i/l).
_DIGRAPHS = (("rn", "m"), ("vv", "w"), ("cl", "d"))
# i, l and 1 are told apart by nobody scanning a link: fold them into one letter.
_FOLD = str.maketrans({"l": "i"})


@lru_cache(maxsize=4096)  # brand names and lures are folded again for every host
def skeleton(name: str) -> str:
    """``name`` folded to lower-case ASCII look-alikes: 'Dіѕc0rd' → 'discord'-ish.

    The result is only for comparing: both sides of a comparison must be skeletons.
    """
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = "".join(_LOOKALIKES.get(c, c) for c in text)
    for pair, single in _DIGRAPHS:
        text = text.replace(pair, single)
    return text.translate(_FOLD)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap of neighbours costs 1), capped.

    Returns ``limit + 1`` as soon as the distance must exceed ``limit``, so comparing
    a long random label against a short brand costs almost nothing.
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, previous2[j - 2] + 1)
            current[j] = best
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def allowed_typos(length: int) -> int:
    """How many edits still read as the same name: none for short names."""
    if length <= 4:
        return 0
    return 1 if length <= 10 else 2
