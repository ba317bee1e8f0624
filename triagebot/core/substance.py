"""Is a message about something? Chit-chat must not count as demand or form topics."""

from __future__ import annotations

import re
from functools import lru_cache

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
# What any problem report may say without saying which problem it is.
_VAGUE = frozenset(
    {
        "problem",
        "problems",
        "issue",
        "issues",
        "error",
        "errors",
        "bug",
        "bugs",
        "help",
        "work",
        "works",
        "working",
        "worked",
        "broken",
        "fix",
        "fixed",
        "anyone",
        "someone",
        "know",
        "thing",
        "things",
        "had",
        "have",
        "has",
        "get",
        "got",
        "getting",
        "can",
        "cant",
        "don",
        "doesn",
        "didn",
        "not",
        "still",
        "also",
        "now",
        "again",
        "any",
        "idea",
        "ideas",
        "same",
        "similar",
        "there",
        "way",
        "trying",
        "tried",
        "try",
        "need",
        "does",
        "did",
        "do",
        "with",
        "but",
        "when",
        "then",
        "like",
        "one",
        "other",
        "seems",
        "seem",
        "happens",
        "happening",
        "here",
        "exactly",
    }
)
SPECIFIC_WORDS = 3


def _words(text: str) -> list[str]:
    """The words of what the encoder sees, links left out."""
    seen = embedding_text(text)
    return _WORD.findall(_URL.sub(" ", seen) if "http" in seen else seen)


def word_count(text: str) -> int:
    return len(_words(text))


def is_substantive(text: str) -> bool:
    """At least ``MIN_WORDS`` words, some of them more than pleasantries.

    "thanks!", "lol same here", a bare link or an emoji are not; "the dev server
    crashes on reload" is.
    """
    words = [w.lower() for w in _words(text)]
    if len(words) < MIN_WORDS:
        return False
    return sum(w not in _CHITCHAT for w in words) >= 2


@lru_cache(maxsize=8192)  # a report is asked about several times while topics form
def is_specific(text: str) -> bool:
    """Says *which* problem: "I had the same problem" or "any idea? still broken" do
    not (they add a person to a problem someone else stated); "the RSS feed dates are a
    day early" does."""
    words = {w.lower() for w in _words(text)}
    return len(words - _CHITCHAT - _VAGUE) >= SPECIFIC_WORDS
