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

_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("error word", re.compile(r"\b\w*(error|exception|traceback|errno|panic|segfault)\w*\b")),
    ("fails", re.compile(r"\b(fail\w*|crash\w*|broke\w*|broken|hangs?|freez\w*|stuck|dies)\b")),
    (
        "does not work",
        re.compile(
            r"\b(does ?n[o']?t|doesnt|won'?t|can'?t|cannot|isn'?t|not|no longer|never)\b"
            r"[^.!?\n]{0,24}\b(work\w*|load\w*|start\w*|open\w*|run\w*|show\w*|find|connect\w*)"
        ),
    ),
    ("lost", re.compile(r"\b(deleted|wiped|lost|gone|missing|disappear\w*|corrupt\w*|empty)\b")),
    ("since an update", re.compile(r"\b(since|after) (the )?(upgrad|updat|install)\w*")),
    ("version", re.compile(r"\b(v?\d+\.\d+(\.\d+)?|python ?3|win(dows)? ?1[01])\b")),
    ("code", re.compile(r"`|\w+\.\w+\(|\w+::\w+|/\w+/\w+")),
    ("question", re.compile(r"\?")),
    (
        "request words",
        re.compile(r"\b(please add|would (be|love)|wish|feature|support for|option to)\b"),
    ),
    ("thanks", re.compile(r"\b(thanks?|thx|ty|cheers|appreciated?)\b")),
    ("greeting", re.compile(r"^\W*(hi|hello|hey|gm|good (morning|night)|yo|morning|bye)\b")),
    ("answers someone", re.compile(r"^\W*@user\b")),
    ("first person", re.compile(r"\b(i|i'?m|i'?ve|my|me|mine|we|our|us)\b")),
    ("advice", re.compile(r"\b(you|your|try|use|workaround|should|instead|pin|fix(ed)? in)\b")),
    ("fixed", re.compile(r"\b(fixed|works now|worked|solved|resolved)\b")),
)
CUE_NAMES = (*(name for name, _ in _CUES), "words")


def cues(text: str) -> NDArray[np.float32]:
    """The register cues of one text, 0/1 each, and its length (log words, /4)."""
    lowered = embedding_text(text).lower()
    found = [1.0 if rx.search(lowered) else 0.0 for _, rx in _CUES]
    found.append(math.log1p(len(lowered.split())) / 4.0)
    return np.asarray(found, dtype=np.float32)


def cue_matrix(texts: Sequence[str]) -> NDArray[np.float32]:
    if not texts:
        return np.zeros((0, len(CUE_NAMES)), dtype=np.float32)
    return np.stack([cues(t) for t in texts])


@dataclass(frozen=True)
class ProblemModel:
    """Weights over [embedding, cues] (or cues only, when ``uses_vectors`` is off)."""

    encoder: str  # the embedding model the weights were trained for
    weights: NDArray[np.float32]  # (classes, inputs)
    bias: NDArray[np.float32]  # (classes,)
    threshold: float  # on ``score``: at or above, a text reports a problem or request
    uses_vectors: bool = True

    def probabilities(self, vectors: Vectors | None, texts: Sequence[str]) -> NDArray[np.float32]:
        """(texts, classes) in ``LABELS`` order."""
        inputs = cue_matrix(texts)
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
