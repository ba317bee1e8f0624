"""The learned spam model: fitting, its file, and its one piece of evidence."""

from __future__ import annotations

import numpy as np
import pytest

from triagebot.core.spam.exemplars import ExemplarBank
from triagebot.core.spam.families import FamilySignals
from triagebot.core.spam.model import FEATURES, MODEL_MAX, MODEL_MIN, SpamModel, shipped_model
from triagebot.core.spam.policy import SpamPolicy
from triagebot.core.spam.score import SpamInput, SpamScorer
from triagebot.core.spam.signals import read_signals
from triagebot.core.spam.training import class_weights, fit_logistic, fit_model

from .conftest import Encode

DIM = 8


def toy(seed: int = 0, n: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """Separable rows: spam leans along the first axis; one spam in ten."""
    rng = np.random.default_rng(seed)
    rows = rng.normal(size=(n, DIM)).astype(np.float32)
    labels = np.arange(n) % 10 == 0
    rows[labels, 0] += 4.0
    return rows, labels


def test_class_weights_give_both_classes_the_same_total() -> None:
    labels = np.array([True, False, False, False])
    weights = class_weights(labels)
    assert weights[labels].sum() == pytest.approx(weights[~labels].sum())
    assert weights.mean() == pytest.approx(1.0)
    with pytest.raises(ValueError, match="both spam and ham"):
        class_weights(np.array([False, False]))


def test_the_fit_separates_and_is_the_same_for_a_seed() -> None:
    rows, labels = toy()
    w, b = fit_logistic(rows, labels, seed=3)
    again, b_again = fit_logistic(rows, labels, seed=3)
    assert np.array_equal(w, again) and b == b_again
    accuracy = ((rows @ w + b >= 0) == labels).mean()
    assert accuracy > 0.95 and w[0] > 1.0


def test_the_model_file_round_trips_byte_for_byte() -> None:
    texts = ["free $50 gift card https://x.shop/claim", "how do I mount a usb drive"] * 10
    labels = [True, False] * 10
    vectors = np.random.default_rng(1).normal(size=(20, DIM)).astype(np.float32)
    model = fit_model(texts, labels, vectors, seed=0, meta={"seed": 0})
    again = fit_model(texts, labels, vectors, seed=0, meta={"seed": 0})
    assert model.to_json() == again.to_json()
    assert SpamModel.from_json(model.to_json()).to_json() == model.to_json()
    assert model.weights.size == DIM + len(FEATURES)


def test_evidence_is_clipped_and_skipped_without_a_vector() -> None:
    sure = SpamModel(np.zeros(DIM + len(FEATURES), np.float32), 40.0, DIM, {})
    doubt = SpamModel(np.zeros(DIM + len(FEATURES), np.float32), -40.0, DIM, {})
    signals, families = read_signals("hello"), FamilySignals()
    vector = np.ones(DIM, np.float32)
    (strong,) = sure.evidence(vector, signals, families)
    assert strong.weight == MODEL_MAX and strong.reason == "reads like known spam (1.00)"
    (weak,) = doubt.evidence(vector, signals, families)
    assert weak.weight == MODEL_MIN
    assert sure.evidence(None, signals, families) == []
    assert sure.evidence(np.ones(DIM + 1, np.float32), signals, families) == []


def test_the_shipped_model_loads_and_matches_the_encoder() -> None:
    model = shipped_model()
    assert model is not None and model.dim == 384
    assert model.meta["seed"] == 0


def test_the_scorer_adds_the_model_only_when_asked(bank: ExemplarBank, encode: Encode) -> None:
    text = "check out my new channel, subscribe for daily videos http://youtube.com/c/mine"
    item = SpamInput(text, 1, 1, vector=encode(text))
    with_model = SpamScorer(SpamPolicy(), bank, learned=True).score(item)
    rules = SpamScorer(SpamPolicy(), bank).score(item)
    assert any(r.startswith("reads like known spam (") for r in with_model.reasons)
    assert not any(r.startswith("reads like known spam (") for r in rules.reasons)
    assert with_model.score > rules.score


def certain_model(dim: int = DIM) -> SpamModel:
    """A model that reads every message as spam, at its strongest."""
    return SpamModel(np.zeros(dim + len(FEATURES), dtype=np.float32), 20.0, dim, {})


def test_the_model_tips_only_what_the_rules_half_suspect_unless_the_author_is_new() -> None:
    scorer = SpamScorer(SpamPolicy(), None, model=certain_model(), learned=True)
    vector = np.full(DIM, DIM**-0.5, dtype=np.float32)
    text = "anyone know a good amount about this distro? nobody is around right now"
    member = scorer.score(SpamInput(text, 7, 1, vector=vector, prior_messages=200))
    newcomer = scorer.score(SpamInput(text, 7, 1, vector=vector, prior_messages=0))
    assert not member.flagged and member.reasons == ()
    assert newcomer.flagged and newcomer.reasons == ("reads like known spam (1.00)",)


def test_beside_a_rule_the_model_counts_for_a_member_too() -> None:
    scorer = SpamScorer(SpamPolicy(), None, model=certain_model(), learned=True)
    vector = np.full(DIM, DIM**-0.5, dtype=np.float32)
    text = "come hang out with us https://discord.gg/abc123"  # an invite: 1.0 of rule evidence
    with_model = scorer.score(SpamInput(text, 7, 1, vector=vector, prior_messages=200))
    rules = SpamScorer(SpamPolicy(), None).score(SpamInput(text, 7, 1, prior_messages=200))
    assert with_model.score > rules.score and with_model.flagged and not rules.flagged
