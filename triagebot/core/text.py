"""Text normalisation shared by storage (content hashes) and, later, matching.

A content hash identifies text regardless of invisible differences (zero-width
characters, Unicode composition, surrounding whitespace), so the same paste is
recognised — and embedded — once.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

# Zero-width and bidi control characters: invisible, often used to dodge filters.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
# A lone UTF-16 surrogate: JSON may carry one ("\\ud800"), no UTF-8 encoder will.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# Every stage of the pipeline asks for a message's hash and its encoder text (storage,
# embedding, matching, spam, the index): each is computed once per text while the
# text is in flight. Two batches of a thousand fit.
_IN_FLIGHT = 4096


def well_formed(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD.

    Discord's JSON (or an export file) may hold an unpaired ``\\ud800`` escape; the
    database drivers, the hashes and the tokenizer all refuse such a string, which
    would cost the message. Every other character is kept as it is.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub("\ufffd", text)
    return text


@lru_cache(maxsize=_IN_FLIGHT)
def normalise(text: str) -> str:
    """NFKC, without invisible characters, whitespace folded, trimmed."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    return " ".join(text.split())  # split() knows the same whitespace as the regex \s


@lru_cache(maxsize=_IN_FLIGHT)
def content_hash(text: str) -> str | None:
    """A 32-hex-digit hash of the normalised text, or None for empty content."""
    norm = normalise(text)
    if not norm:
        return None
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=16).hexdigest()


_USER = re.compile(r"<@!?\d+>")
_ROLE = re.compile(r"<@&\d+>")
_CHANNEL = re.compile(r"<#\d+>")
_EMOJI = re.compile(r"<a?:(\w+):\d+>")
EMBED_MAX_CHARS = 1000  # the model reads 256 tokens; more text is only slower


@lru_cache(maxsize=_IN_FLIGHT)
def embedding_text(text: str) -> str:
    """What the encoder sees: normalised, with ids replaced by what they stand for.

    ``<@123>`` and ``<@456>`` mean the same thing to a reader ("someone"); raw ids
    would only add noise to the vectors.
    """
    if "<" in text:  # every id form starts with one; most chat has none
        text = _USER.sub("@user", text)
        text = _ROLE.sub("@role", text)
        text = _CHANNEL.sub("#channel", text)
        text = _EMOJI.sub(r":\1:", text)
    return normalise(text)[:EMBED_MAX_CHARS]
