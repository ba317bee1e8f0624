"""Text normalisation shared by storage (content hashes) and, later, matching.

A content hash identifies text regardless of invisible differences (zero-width
characters, Unicode composition, surrounding whitespace), so the same paste is
recognised — and embedded — once.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Zero-width and bidi control characters: invisible, often used to dodge filters.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """NFKC, without invisible characters, whitespace folded, trimmed."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    return _SPACES.sub(" ", text).strip()


def content_hash(text: str) -> str | None:
    """A 32-hex-digit hash of the normalised text, or None for empty content."""
    norm = normalise(text)
    if not norm:
        return None
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=16).hexdigest()
