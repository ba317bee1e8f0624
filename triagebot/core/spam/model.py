"""A learned spam scorer beside the rules: logistic regression over the message's
embedding and its single-message signals.

The rules are precise but see only what they were written for; the model generalises
from labelled examples to rewordings and to scams no rule names. It stays one more
piece of evidence — its log-odds, clipped, with the probability in the reason — so
it can tip a message the rules half-suspect (``HALF_SUSPECT``), or a newcomer's, but
cannot flag a long-standing member's message alone. It is trained offline
(scripts/train_spam_model.py) and shipped as ``model.json`` beside this module; a
message without a vector skips it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from triagebot.core.spam.evidence import Evidence
from triagebot.core.spam.families import FamilySignals
from triagebot.core.spam.signals import MessageSignals

Floats = NDArray[np.float32]
MODEL_FILE = "model.json"
# log-odds → weight. The model is trained class-balanced, so its log-odds read as a
# likelihood ratio added to the prior. Reading like spam is *strong* evidence on the
# scale of evidence.py, not decisive: capped below the prior's size, the model alone
# flags a newcomer (whose bar is lower) but never a long-standing member, who also
# needs a rule to agree. The rules are already precise on chat and the model is there
# for recall, so its "ordinary chat" only nudges: it never cancels a rule (mention
# floods and waves, which it barely saw in training, would otherwise be talked down).
MODEL_MIN, MODEL_MAX = -0.5, 3.5
# The model tips a message only when the rules half-suspect it: their own evidence is
# worth at least one supporting signal (an invite, a shortener, a new account). Alone,
# "reads like spam" is a reason no moderator can check; a newcomer's message, which
# the model may flag alone, needs none.
HALF_SUSPECT = 1.0
FEATURES = (
    "links", "look_alike", "disguised", "obfuscated", "shortener", "invite", "mass_mention",
    "lures", "reward_near_link", "amount_near_link", "crack_wording", "hiring_wording",
    "executable", "download_host", "only_images", "official_only", "help_with_error",
    "foreign_invite", "words",
)  # fmt: skip


def signal_features(signals: MessageSignals, families: FamilySignals) -> Floats:
    """The rule signals as numbers, in FEATURES order (counts squashed to 0..~1)."""
    values = (
        min(len(signals.links), 3) / 3, bool(signals.look_alikes), bool(signals.disguised),
        bool(signals.obfuscated), bool(signals.shorteners), bool(signals.invites),
        signals.mass_mention, min(len(signals.lures), 3) / 3,
        families.reward_near_link is not None, families.amount_near_link,
        families.crack_wording, families.hiring_wording, bool(families.executables),
        bool(families.file_hosts or families.paste_hosts), families.only_images,
        families.official_only and bool(signals.links), families.help_with_error,
        families.foreign_invite, math.log1p(signals.words) / 5,
    )  # fmt: skip
    return np.asarray(values, dtype=np.float32)


@dataclass(frozen=True, slots=True)
class SpamModel:
    """Weights over [embedding, signal features] and a bias; ``dim`` is the embedding's."""

    weights: Floats
    bias: float
    dim: int
    meta: dict[str, Any]

    def log_odds(self, vector: Floats, features: Floats) -> float:
        row = np.concatenate([np.asarray(vector, dtype=np.float32).reshape(-1), features])
        return float(row @ self.weights) + self.bias

    def evidence(
        self, vector: Floats | None, signals: MessageSignals, families: FamilySignals
    ) -> list[Evidence]:
        """One piece of evidence from the model, none without a vector of its size."""
        if vector is None or np.asarray(vector).size != self.dim:
            return []
        odds = self.log_odds(vector, signal_features(signals, families))
        weight = min(max(odds, MODEL_MIN), MODEL_MAX)
        chance = 1.0 / (1.0 + math.exp(-min(max(odds, -50.0), 50.0)))
        if chance >= 0.5:
            return [Evidence(weight, f"reads like known spam ({chance:.2f})")]
        reason = f"reads like ordinary chat to the model ({chance:.2f})" if chance < 0.05 else ""
        return [Evidence(weight, reason)]

    def to_json(self) -> str:
        """Stable text: the same weights always give the same file."""
        body = {
            "features": list(FEATURES),
            "dim": self.dim,
            "bias": round(self.bias, 6),
            "weights": [round(float(w), 6) for w in self.weights],
            "meta": self.meta,
        }
        return json.dumps(body, sort_keys=True, separators=(",", ":")) + "\n"

    @classmethod
    def from_json(cls, text: str) -> SpamModel:
        body = json.loads(text)
        if tuple(body["features"]) != FEATURES:
            raise ValueError("the model was trained on other signal features")
        weights = np.asarray(body["weights"], dtype=np.float32)
        if weights.size != body["dim"] + len(FEATURES):
            raise ValueError("the model's weights do not match its dimension")
        return cls(weights, float(body["bias"]), int(body["dim"]), dict(body.get("meta", {})))


def tipping(learned: list[Evidence], rules: float, *, newcomer: bool) -> list[Evidence]:
    """The model's evidence as it counts beside ``rules`` (the rules' summed weight): for
    spam only when the rules half-suspect the message or its author is a newcomer."""
    if newcomer or rules >= HALF_SUSPECT:
        return learned
    return [e for e in learned if e.weight <= 0]


def read_model(path: Path) -> SpamModel:
    return SpamModel.from_json(path.read_text(encoding="utf-8"))


@cache
def shipped_model() -> SpamModel | None:
    """The model shipped in the package, None when the file is missing."""
    file = resources.files("triagebot.core.spam").joinpath(MODEL_FILE)
    if not file.is_file():
        return None
    return SpamModel.from_json(file.read_text(encoding="utf-8"))
