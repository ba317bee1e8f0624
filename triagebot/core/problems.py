"""Problem-ness: does a message report a problem or ask for a change, or is it talk?

A small multinomial logistic regression over what is already computed for every
message — its sentence embedding — and a few cheap cues of the chat register (an
error name, "doesn't work", a version, a question mark, thanks, a greeting). It was
trained offline on chat-style lines (informal app reviews, hand-labelled #ubuntu
lines, lines written for it), with tracker titles only alongside them, so it does
not learn "tracker register = problem" (``scripts/train_problem_model.py``). The
weights ship with the package (``problem_model.json``); a model trained for another
encoder is refused and the cues alone decide (``CuesOnly``).

``score`` is how strongly a text reads as a problem or a request (0–1): the digest
ranks only topics whose reports reach ``threshold``, whatever their size.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from triagebot.core.text import embedding_text
from triagebot.core.vectors import Vectors

Label = Literal["problem", "request", "other"]
LABELS: tuple[Label, ...] = ("problem", "request", "other")
MODEL_FILE = Path(__file__).with_name("problem_model.json")

TOKEN = re.compile(r"[a-z0-9']+")  # the words of a lower-cased text
FIRST_PERSON = frozenset({"i", "i'm", "im", "i've", "ive", "my", "me", "mine", "we", "our", "us"})
_NOT_WORKING = re.compile(
    r"\b(does ?n[o']?t|doesnt|won'?t|can'?t|cannot|isn'?t|not|no longer|never)\b"
    r"[^.!?\n]{0,24}\b(work\w*|load\w*|start\w*|open\w*|run\w*|show\w*|find|connect\w*)"
)
_SINCE_UPDATE = re.compile(r"\b(since|after) (the )?(upgrad|updat|install)\w*")
_VERSION = re.compile(r"\b(v?\d+\.\d+(\.\d+)?|python ?3|win(dows)? ?1[01])\b")
_CALL_OR_PATH = re.compile(r"\w\.\w+\(|/\w+/\w")
_REQUEST = re.compile(r"\b(please add|would (be|love)|wish|feature|support for|option to)\b")
_ERRORS = ("error", "exception", "traceback", "errno", "panic", "segfault")
_FAILING_STEMS = ("fail", "crash", "broke", "freez")
_FAILING = re.compile(r"\b(" + "|".join(_FAILING_STEMS) + ")")
_REQUEST_STEMS = ("please add", "would", "wish", "feature", "support for", "option to")
_DIGIT = re.compile(r"\d")
_STUCK = frozenset({"broken", "hang", "hangs", "stuck", "dies"})
_NEGATIONS = frozenset(
    {"doesnt", "doesn't", "dont", "don't", "does", "wont", "won't", "cant", "can't", "cannot",
     "isnt", "isn't", "not", "no", "never"}
)  # fmt: skip
_LOST = frozenset({"deleted", "wiped", "lost", "gone", "missing", "empty"})
_THANKS = frozenset({"thanks", "thank", "thx", "ty", "cheers", "appreciate", "appreciated"})
_GREETINGS = frozenset({"hi", "hello", "hey", "gm", "yo", "morning", "bye"})
_ADVICE = frozenset({"you", "your", "try", "use", "workaround", "should", "instead", "pin"})
_FIXED = frozenset({"fixed", "worked", "solved", "resolved"})
CUE_NAMES = (
    "error word", "fails", "does not work", "lost", "since an update", "version", "code",
    "question", "request words", "thanks", "greeting", "answers someone", "first person",
    "advice", "fixed", "words",
)  # fmt: skip


def _found(rx: re.Pattern[str], text: str) -> float:
    return 1.0 if rx.search(text) else 0.0


def _has(text: str, parts: tuple[str, ...]) -> bool:
    """Any of ``parts`` in ``text``: a plain substring scan, many times quicker than a
    regex alternation, so a pattern is only searched where its words are there."""
    return any(part in text for part in parts)


def _may_name_version(low: str) -> bool:
    """What ``_VERSION`` needs: "python", or a digit with a dot or "win"."""
    return "python" in low or (("." in low or "win" in low) and bool(_DIGIT.search(low)))


def _looks_like_code(low: str) -> bool:
    """Backticks, ``::``, a call or a path; the pattern only where it can match (it
    needs a slash, or a dot and a parenthesis)."""
    if "`" in low or "::" in low:
        return True
    return ("/" in low or ("(" in low and "." in low)) and bool(_CALL_OR_PATH.search(low))


def cue_row(text: str) -> list[float]:
    """One text's cues: set lookups on its words, a regex only where the words allow."""
    low = embedding_text(text).lower()
    tokens = TOKEN.findall(low)
    words = set(tokens)
    first = tokens[0] if tokens else ""
    return [
        1.0 if _has(low, _ERRORS) else 0.0,
        1.0 if words & _STUCK or (_has(low, _FAILING_STEMS) and _FAILING.search(low)) else 0.0,
        _found(_NOT_WORKING, low) if words & _NEGATIONS else 0.0,
        1.0 if words & _LOST or "disappear" in low or "corrupt" in low else 0.0,
        _found(_SINCE_UPDATE, low) if "since" in words or "after" in words else 0.0,
        _found(_VERSION, low) if _may_name_version(low) else 0.0,
        1.0 if _looks_like_code(low) else 0.0,
        1.0 if "?" in low else 0.0,
        _found(_REQUEST, low) if _has(low, _REQUEST_STEMS) else 0.0,
        1.0 if words & _THANKS else 0.0,
        1.0 if first in _GREETINGS or low.startswith(("good morning", "good night")) else 0.0,
        1.0 if low.lstrip(" \t>*_-").startswith("@user") else 0.0,
        1.0 if words & FIRST_PERSON else 0.0,
        1.0 if words & _ADVICE or "fixed in" in low or "fix in" in low else 0.0,
        1.0 if words & _FIXED or "works now" in low else 0.0,
        math.log1p(len(low.split())) / 4.0,
    ]


def cues(text: str) -> NDArray[np.float32]:
    """The register cues of one text, 0/1 each, and its length (log words, /4)."""
    return np.asarray(cue_row(text), dtype=np.float32)


def cue_matrix(texts: Sequence[str]) -> NDArray[np.float32]:
    if not texts:
        return np.zeros((0, len(CUE_NAMES)), dtype=np.float32)
    return np.asarray([cue_row(t) for t in texts], dtype=np.float32)


@dataclass(frozen=True)
class ProblemModel:
    """Weights over [embedding, cues] (or cues only, when ``uses_vectors`` is off)."""

    encoder: str  # the embedding model the weights were trained for
    weights: NDArray[np.float32]  # (classes, inputs)
    bias: NDArray[np.float32]  # (classes,)
    threshold: float  # on ``score``: at or above, a text reports a problem or request
    uses_vectors: bool = True

    def probabilities(
        self,
        vectors: Vectors | None,
        texts: Sequence[str],
        cues: NDArray[np.float32] | None = None,
    ) -> NDArray[np.float32]:
        """(texts, classes) in ``LABELS`` order; ``cues``: ``cue_matrix(texts)`` when the
        caller has it already."""
        inputs = cue_matrix(texts) if cues is None else cues
        if self.uses_vectors:
            if vectors is None:
                raise ValueError("this problem model needs the texts' vectors")
            inputs = np.hstack([vectors.astype(np.float32, copy=False), inputs])
        logits = inputs @ self.weights.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        odds = np.exp(logits)
        probs: NDArray[np.float32] = (odds / odds.sum(axis=1, keepdims=True)).astype(np.float32)
        return probs

    def scores(self, vectors: Vectors | None, texts: Sequence[str]) -> NDArray[np.float32]:
        """How strongly each text reads as a problem or a request, 0–1."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        probs = self.probabilities(vectors, texts)
        summed: NDArray[np.float32] = probs[:, 0] + probs[:, 1]
        return summed

    def labels(self, vectors: Vectors | None, texts: Sequence[str]) -> list[Label]:
        """``other`` below the threshold, else the likelier of problem and request."""
        probs = self.probabilities(vectors, texts) if texts else np.zeros((0, 3))
        return [
            "other" if p[0] + p[1] < self.threshold else ("problem" if p[0] >= p[1] else "request")
            for p in probs
        ]

    def as_json(self) -> dict[str, Any]:
        return {
            "encoder": self.encoder,
            "threshold": self.threshold,
            "uses_vectors": self.uses_vectors,
            "classes": list(LABELS),
            "inputs": (["embedding"] if self.uses_vectors else []) + list(CUE_NAMES),
            "weights": [[round(float(w), 5) for w in row] for row in self.weights],
            "bias": [round(float(b), 5) for b in self.bias],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ProblemModel:
        return cls(
            encoder=str(data["encoder"]),
            weights=np.asarray(data["weights"], dtype=np.float32),
            bias=np.asarray(data["bias"], dtype=np.float32),
            threshold=float(data["threshold"]),
            uses_vectors=bool(data.get("uses_vectors", True)),
        )


@cache
def _shipped() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    return data


def problem_model(encoder: str) -> ProblemModel:
    """The shipped model for ``encoder`` (the embedder's model id); for any other
    encoder, the cues-only model that ships beside it."""
    data = _shipped()
    full = ProblemModel.from_json(data["with_vectors"])
    if full.encoder == encoder:
        return full
    return ProblemModel.from_json(data["cues_only"])
