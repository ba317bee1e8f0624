"""Lexical matching of messages against issues: BM25 over title and body, code kept whole.

Bug reports share rare tokens a small sentence model blurs: class and function names,
error codes, config keys, versions, file names. The tokenizer keeps them whole
(``TemplateNotFound``, ``os.path.join``, ``winerror 10038`` as ``winerror10038``,
``0.9.2``, ``lumen.toml``) and also yields their parts, so ``feed.py`` still meets
``feed``. Scores are BM25 with the title counted twice (a BM25F-style field weight),
normalised per query by the best score the query could reach, so they lie in [0, 1]
and mean the same for a two-word message and a long paste.

The index is incremental: adding, changing or removing an issue touches its postings
only; nothing is rebuilt when one issue changes.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

K1 = 1.2
B = 0.75
TITLE_WEIGHT = 2.0
_CODE = re.compile(
    r"[a-z_][\w-]*(?:(?:\.|::|/)[\w-]+)+"  # dotted, namespaced or path-like names
    r"|\d+(?:\.\d+)+\w*"  # versions: 0.9.2, 3.12rc1
    r"|0x[0-9a-f]+"  # hex codes
    r"|[a-z]+\s?\d{2,}"  # error codes: winerror 10038, e1234, http 502
    r"|[a-z_][a-z0-9_]*"  # words and identifiers
)
_PARTS = re.compile(r"[a-z]+|\d+")
_STOP_WORDS = """a an and are as at be but by can could did do does doing for from had has
have how i if in into is it its me my no not of on or our so than that the their them
then there these they this to too was we were what when where which while who why will
with would you your just get got also any some all only very"""
STOP = frozenset(_STOP_WORDS.split())
_SUFFIXES = ("ing", "ed", "es", "s", "ly")


def _stem(word: str) -> str:
    """A light plural/tense stem for plain words ("crashes", "crashing" → "crash")."""
    if word.isalpha():
        for suffix in _SUFFIXES:
            if len(word) > len(suffix) + 3 and word.endswith(suffix):
                return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[str]:
    """The text's terms: code-ish tokens whole (and their parts), words lightly
    stemmed, no stopwords."""
    out: list[str] = []
    for found in _CODE.findall(text.lower()):
        whole = found.replace(" ", "")
        if whole in STOP or len(whole) < 2:
            continue
        out.append(_stem(whole))
        if not whole.isalpha():
            parts = _PARTS.findall(whole)
            out += [p for p in parts if p != whole and len(p) > 1 and p not in STOP]
    return out


class LexicalIndex:
    """BM25 postings of the open issues, kept in step one issue at a time.

    Each issue holds a slot; a term's postings are (slot, weight) pairs, turned into
    arrays when first asked for after a change, so a query costs one vector operation
    per term, not a Python loop over the issues that contain it.
    """

    def __init__(self) -> None:
        self._slot: dict[int, int] = {}
        self._free: list[int] = []
        self._length = np.zeros(64, dtype=np.float32)
        self._terms: dict[int, dict[str, float]] = {}
        self._postings: dict[str, dict[int, float]] = {}
        self._arrays: dict[str, tuple[NDArray[np.int64], NDArray[np.float32]]] = {}
        self._total = 0.0
        self._versions: dict[int, str] = {}

    def sync(self, docs: Mapping[int, tuple[str, str, str]]) -> int:
        """Make the index hold exactly ``docs`` (key → (version, title, body)): only
        issues that are new, changed (another version) or gone are touched. Returns
        how many were."""
        touched = 0
        for key in [k for k in self._versions if k not in docs]:
            self.remove(key)
            touched += 1
        for key, (version, title, body) in docs.items():
            if self._versions.get(key) != version:
                self.add(key, title, body)
                self._versions[key] = version
                touched += 1
        return touched

    def __len__(self) -> int:
        return len(self._slot)

    def __contains__(self, key: object) -> bool:
        return key in self._slot

    def add(self, key: int, title: str, body: str) -> None:
        """Index (or re-index) issue ``key``."""
        if key in self._slot:
            self.remove(key)
        counts: defaultdict[str, float] = defaultdict(float)  # a title term counts twice
        for term in tokens(title):
            counts[term] += TITLE_WEIGHT
        for term in tokens(body):
            counts[term] += 1.0
        slot = self._free.pop() if self._free else len(self._slot)
        if slot >= len(self._length):
            self._length = np.concatenate([self._length, np.zeros_like(self._length)])
        self._slot[key] = slot
        self._terms[key] = counts
        self._length[slot] = float(sum(counts.values()))
        self._total += float(self._length[slot])
        for term, weight in counts.items():
            self._postings.setdefault(term, {})[slot] = weight
            self._arrays.pop(term, None)

    def remove(self, key: int) -> None:
        self._versions.pop(key, None)
        counts = self._terms.pop(key, None)
        if counts is None:
            return
        slot = self._slot.pop(key)
        self._total -= float(self._length[slot])
        self._length[slot] = 0.0
        self._free.append(slot)
        for term in counts:
            posting = self._postings[term]
            del posting[slot]
            self._arrays.pop(term, None)
            if not posting:
                del self._postings[term]

    def idf(self, term: str) -> float:
        n = len(self._postings.get(term, ()))
        return math.log(1 + (len(self._slot) - n + 0.5) / (n + 0.5))

    def _array(self, term: str) -> tuple[NDArray[np.int64], NDArray[np.float32]] | None:
        posting = self._postings.get(term)
        if not posting:
            return None
        found = self._arrays.get(term)
        if found is None:
            slots = np.fromiter(posting.keys(), dtype=np.int64, count=len(posting))
            weights = np.fromiter(posting.values(), dtype=np.float32, count=len(posting))
            found = self._arrays[term] = (slots, weights)
        return found

    def scores(self, queries: Sequence[str], keys: Sequence[int]) -> NDArray[np.float32]:
        """(queries, keys) BM25 of each query against each issue, in [0, 1]: a query's
        score divided by the most it could score (every term matched, saturated). An
        issue the index does not hold scores 0."""
        out = np.zeros((len(queries), len(keys)), dtype=np.float32)
        if not self._slot or not keys:
            return out
        wanted = np.array([self._slot.get(k, -1) for k in keys], dtype=np.int64)
        held = wanted >= 0
        mean = self._total / len(self._slot)
        norm = K1 * (1 - B + B * self._length / max(mean, 1e-9))
        acc = np.zeros(len(self._length), dtype=np.float32)
        for row, query in enumerate(queries):
            acc[:] = 0.0
            best = 0.0
            for term in set(tokens(query)):
                idf = self.idf(term)
                best += idf * (K1 + 1)
                found = self._array(term)
                if found is not None:
                    slots, tf = found
                    acc[slots] += idf * tf * (K1 + 1) / (tf + norm[slots])
            if best > 0:
                out[row, held] = acc[wanted[held]] / best
        return out
