"""The evidence packet: what the model may see of a digest, and nothing more.

The model gets each top topic's label, its counts and a few representative excerpts,
cleaned and bounded, never the firehose (DESIGN rule 6). The same cleaning yields the
extractive summary used whenever the model is not asked or fails.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from triagebot.core.first_hand import reads_first_hand

# Zero-width and bidi-control characters: invisible, they hide words from the
# de-duplication and can smuggle instructions past a human reviewer.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
# <@123>, <@!123>, <@&123>, <#123>: ids mean nothing to the model and must never be
# echoed back as pings.
_MENTION = re.compile(r"<(?:@[!&]?|#)\d+>")
_MASS = re.compile(r"@(?:everyone|here)\b", re.IGNORECASE)
# <:name:id> custom emoji: keep the name, drop the id.
_EMOJI = re.compile(r"<a?:(\w+):\d+>")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORDISH = re.compile(r"[^\w]+")

PREFIX = "People report: "
EXTRACTIVE_LIMIT = 300


@dataclass(frozen=True)
class EvidenceTopic:
    """One digest item as the model sees it."""

    ref: str  # "1".."5": the item's rank, so answers map back without ambiguity
    title: str
    people: int
    messages: int
    threads: int
    excerpts: tuple[str, ...]  # most central first


def estimate_tokens(text: str) -> int:
    """A tokenizer-free estimate (~4 characters per token for English chat)."""
    return math.ceil(len(text) / 4)


def clean(text: str) -> str:
    """``text`` without mentions, invisible characters or runs of whitespace."""
    text = _INVISIBLE.sub("", text)
    text = _EMOJI.sub(r":\1:", text)
    text = _MENTION.sub(" ", text)
    text = _MASS.sub(" ", text)
    return " ".join(text.split())


def truncate_tokens(text: str, max_tokens: int) -> str:
    """At most ``max_tokens`` (estimated), cut at a word boundary with an ellipsis."""
    return _clip(text, max_tokens * 4)


def _key(text: str) -> str:
    """The de-duplication key: case, punctuation and spacing do not make a new excerpt."""
    return " ".join(_WORDISH.sub(" ", text.casefold()).split())


def build_packet(
    topics: Sequence[EvidenceTopic], *, max_excerpts: int = 12, max_tokens_each: int = 40
) -> list[EvidenceTopic]:
    """The topics with cleaned, de-duplicated, truncated excerpts, at most ``max_excerpts``.

    Order is kept (most central first), so the cut drops the least representative.
    """
    packet = []
    for topic in topics:
        seen: set[str] = set()
        excerpts: list[str] = []
        for raw in topic.excerpts:
            text = truncate_tokens(clean(raw), max_tokens_each)
            key = _key(text)
            if not key or key in seen:
                continue
            seen.add(key)
            excerpts.append(text)
            if len(excerpts) >= max_excerpts:
                break
        title = truncate_tokens(clean(topic.title), max_tokens_each)
        packet.append(replace(topic, title=title, excerpts=tuple(excerpts)))
    return packet


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s]


def extractive_summary(topic: EvidenceTopic) -> str:
    """The most central excerpt(s) quoted: 1–3 sentences, at most 300 characters; a
    second excerpt only when it, too, tells of the writer's own trouble.

    Marked as a quote so readers never mistake people's words for the bot's judgement.
    """
    texts = [t for t in (clean(e) for e in topic.excerpts) if t] or [clean(topic.title)]
    if not texts[0]:
        return "No excerpts to quote."
    room = EXTRACTIVE_LIMIT - len(PREFIX)
    quotes: list[str] = []
    sentences_left = 3
    for n, text in enumerate(texts[:2]):
        if n and not reads_first_hand(text):
            break  # a second voice only when it is someone else who hit the problem
        taken = " ".join(_sentences(text)[:sentences_left])
        quote = f'"{taken}"'
        used = len("; ".join([*quotes, quote]))
        if used > room:
            if not quotes:
                quotes.append(f'"{_clip(taken, room - 2)}"')
            break
        quotes.append(quote)
        sentences_left -= len(_sentences(taken))
        if sentences_left <= 0 or len(taken) > 120:
            break
    return PREFIX + "; ".join(quotes)


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"
