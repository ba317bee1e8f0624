"""No text crashes the signals or the scorer: any Unicode, any length up to 4,000."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triagebot.core.spam.exemplars import ExemplarBank
from triagebot.core.spam.links import extract_links
from triagebot.core.spam.policy import SpamPolicy
from triagebot.core.spam.score import SpamInput, SpamScorer
from triagebot.core.spam.signals import read_signals

DIM = 16
T0 = datetime(2026, 1, 1, tzinfo=UTC)
# Characters that make links, mentions and look-alikes, to reach the tricky paths often.
PIECES = st.sampled_from(
    [*"discord.gg/steamcommunity-nitro:[]()@<>#&!hxtps 0123456789", "dіscord", "hxxps://",
     "[.]", " dot ", "xn--", "ｄ", "\u200b", "@everyone", "<@123>", ".com", "$5 earn"]
)  # fmt: skip
LINKY = st.lists(PIECES, max_size=400).map("".join).map(lambda s: s[:4000])
ANY_TEXT = st.text(max_size=4000) | LINKY


def _bank() -> ExemplarBank:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(6, DIM)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    bank = ExemplarBank(DIM)
    bank.extend(vectors, ["spam", "spam", "spam", "ham", "ham", "ham"], ["s"] * 3 + ["h"] * 3)
    return bank


SCORER = SpamScorer(SpamPolicy(wave_capacity=256), _bank())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT)
def test_signals_never_fail(text: str) -> None:
    signals = read_signals(text)
    assert signals.chars >= 0 and signals.words >= 0
    assert len(signals.links) <= 50
    assert all(link.host for link in extract_links(text))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=ANY_TEXT,
    seed=st.integers(0, 2**32 - 1),
    seconds=st.floats(-1e6, 1e6, allow_nan=False),
    author=st.integers(-(2**70), 2**70),
    channel=st.integers(0, 5),
    mentions=st.integers(0, 10_000),
    attachments=st.integers(0, 100),
    with_vector=st.booleans(),
    account_days=st.none() | st.floats(-10, 5000, allow_nan=False),
)
def test_the_scorer_never_fails_and_stays_in_range(
    text: str,
    seed: int,
    seconds: float,
    author: int,
    channel: int,
    mentions: int,
    attachments: int,
    with_vector: bool,
    account_days: float | None,
) -> None:
    vector = np.random.default_rng(seed).normal(size=DIM).astype(np.float32)
    vector /= max(float(np.linalg.norm(vector)), 1e-6)
    at = T0 + timedelta(seconds=seconds)
    created = None if account_days is None else at - timedelta(days=account_days)
    message = SpamInput(
        text=text,
        author_id=author,
        channel_id=channel,
        at=at,
        vector=vector if with_vector else None,
        account_created=created,
        joined_at=created,
        user_mentions=mentions,
        attachments=attachments,
    )
    verdict = SCORER.score(message)
    assert 0.0 <= verdict.score <= 1.0
    assert all(isinstance(reason, str) and reason for reason in verdict.reasons)
    bar = SCORER.policy.threshold_for(channel, newcomer=SCORER.newcomer(message))
    assert verdict.flagged == (verdict.score >= bar)


ADVERSARIAL = {
    "dotted": "a." * 2000,
    "brackets": "[" * 4000,
    "long scheme": "http://" + "a" * 3990,
    "dashes": "x-" * 1999 + ".com",
    "masked": "[a](http://" * 360,
    "amounts": "$1 " * 1300,
    "defanged": "hxxp:// a dot " * 280,
    "long labels": ("a" * 61 + ".") * 64 + "com",
    "mentions": "<@1>" * 1000,
    "mixed scripts": "dіѕс0rd.gg/" * 360,
}


def test_adversarial_texts_are_read_without_blowing_up() -> None:
    """Shapes that make regexes backtrack; pytest-timeout stops a run that hangs."""
    for name, text in ADVERSARIAL.items():
        signals = read_signals(text)
        assert signals.chars <= 8000, name
