"""Is a message about something? Chit-chat must not count as demand or form topics."""

from __future__ import annotations

import re

from triagebot.core.text import embedding_text

_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_URL = re.compile(r"https?://\S+")
_CHITCHAT = frozenset(
    {
        "thanks",
        "thank",
        "thx",
        "ty",
        "tysm",
        "lol",
        "lmao",
        "rofl",
        "haha",
        "hehe",
        "ok",
        "okay",
        "kk",
        "yes",
        "yeah",
        "yep",
        "no",
        "nope",
        "nice",
        "cool",
        "great",
        "awesome",
        "wow",
        "gm",
        "gn",
        "hi",
        "hello",
        "hey",
        "yo",
        "bye",
        "cya",
        "sure",
        "np",
        "welcome",
        "same",
        "here",
        "this",
        "agreed",
        "true",
        "indeed",
        "congrats",
        "gg",
        "wp",
        "please",
        "pls",
        "plz",
        "what",
        "why",
        "how",
        "oh",
        "ah",
        "hmm",
        "me",
        "too",
        "you",
        "the",
        "a",
        "an",
        "it",
        "is",
        "was",
        "that",
        "for",
        "to",
        "of",
        "and",
        "on",
        "in",
        "so",
        "much",
        "very",
        "lot",
        "really",
        "all",
        "guys",
        "everyone",
        "good",
        "morning",
        "night",
        "man",
        "bro",
        "dude",
        "just",
        "i",
        "im",
        "my",
        "we",
        "our",
        "your",
        # placeholders that embedding_text puts where mentions were
        "user",
        "role",
        "channel",
    }
)
MIN_WORDS = 4


def word_count(text: str) -> int:
    return len(_WORD.findall(_URL.sub(" ", embedding_text(text))))


def is_substantive(text: str) -> bool:
    """At least ``MIN_WORDS`` words, some of them more than pleasantries.

    "thanks!", "lol same here", a bare link or an emoji are not; "the dev server
    crashes on reload" is.
    """
    words = [w.lower() for w in _WORD.findall(_URL.sub(" ", embedding_text(text)))]
    if len(words) < MIN_WORDS:
        return False
    return sum(w not in _CHITCHAT for w in words) >= 2
