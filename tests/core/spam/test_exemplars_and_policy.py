"""The exemplar bank's vote and memory; the policy's validation and lookups."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from triagebot.core.spam.exemplars import VERDICT, ExemplarBank
from triagebot.core.spam.policy import SpamPolicy
from triagebot.core.spam.seed_exemplars import seed_examples


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def bank(capacity: int = 100) -> ExemplarBank:
    seeded = ExemplarBank(3, capacity=capacity)
    seeded.extend(
        np.stack([unit(1, 0, 0), unit(1, 0.2, 0), unit(0, 1, 0), unit(0, 1, 0.2)]),
        ["spam", "spam", "ham", "ham"],
        ["Nitro scam", "Nitro scam", "error report", "error report"],
    )
    return seeded


def test_the_vote_leans_to_the_nearer_label() -> None:
    vote = bank().vote(unit(1, 0.1, 0))
    assert vote is not None and vote.spam > vote.ham and vote.margin > 0.5
    assert vote.spam_note == "Nitro scam" and vote.ham_note == "error report"


def test_a_bank_without_both_labels_abstains() -> None:
    only_spam = ExemplarBank(3)
    only_spam.add(unit(1, 0, 0), "spam")
    assert only_spam.vote(unit(1, 0, 0)) is None
    assert ExemplarBank(3).vote(unit(1, 0, 0)) is None


def test_a_moderators_ham_verdict_pulls_the_vote_down() -> None:
    seeded = bank()
    message = unit(1, 0.3, 0.3)
    before = seeded.vote(message)
    seeded.add(message, "ham")
    after = seeded.vote(message)
    assert before is not None and after is not None
    assert after.margin < before.margin and after.ham_note == VERDICT


def test_verdicts_beyond_capacity_replace_the_oldest_verdict_never_a_seed() -> None:
    seeded = bank(capacity=6)
    for n in range(5):
        seeded.add(unit(0, 0, 1 + n), "spam", note=f"verdict {n}")
    assert len(seeded) == 6 and seeded.counts() == (4, 2)
    assert seeded._notes[:4] == ["Nitro scam", "Nitro scam", "error report", "error report"]
    assert seeded._notes[4:] == ["verdict 3", "verdict 4"]


def test_a_bank_full_of_seeds_ignores_verdicts() -> None:
    seeded = bank(capacity=4)
    seeded.add(unit(0, 0, 1), "spam")
    assert len(seeded) == 4


def test_vectors_of_another_size_are_refused() -> None:
    with pytest.raises(ValueError, match="3 numbers"):
        bank().add(unit(1, 0), "spam")


def test_the_seed_has_both_labels_and_no_duplicates() -> None:
    examples = seed_examples()
    texts = [text for _, _, text in examples]
    assert len(texts) == len(set(texts))
    labels = [label for label, _, _ in examples]
    assert labels.count("spam") >= 40 and labels.count("ham") >= 40


def test_policy_validates_its_numbers() -> None:
    with pytest.raises(ValueError, match="threshold"):
        SpamPolicy(threshold=1.5)
    with pytest.raises(ValueError, match="auto_delete"):
        SpamPolicy(threshold=0.9, auto_delete_threshold=0.5)
    with pytest.raises(ValueError, match="channel 7"):
        SpamPolicy(channel_thresholds=((7, 2.0),))


def test_policy_per_channel_thresholds_and_exemptions() -> None:
    policy = SpamPolicy(
        threshold=0.5,
        channel_thresholds=((10, 0.8),),
        exempt_role_ids=frozenset({99}),
        exempt_channel_ids=frozenset({42}),
    )
    assert policy.threshold_for(10) == 0.8 and policy.threshold_for(11) == 0.5
    assert policy.exempts({1, 99}, 5) and policy.exempts(set(), 42)
    assert not policy.exempts({1}, 5)


def test_policy_from_settings_takes_same_named_fields_only() -> None:
    settings = SimpleNamespace(threshold=0.7, window_seconds=30.0, mod_channel_id=5)
    policy = SpamPolicy.from_settings(settings)
    assert policy.threshold == 0.7 and policy.window_seconds == 30.0
    assert policy.near_duplicate_cosine == SpamPolicy().near_duplicate_cosine
