"""A line that starts by naming whom it answers is compared, in the wave window, by what
it says after the name: replies to one helper are not a ring, one scam sent to many is."""

from __future__ import annotations

import pytest

from triagebot.core.spam.addressee import past_addressee
from triagebot.core.spam.exemplars import ExemplarBank
from triagebot.core.spam.policy import SpamPolicy
from triagebot.core.spam.score import SpamScorer

from .conftest import Encode
from .test_scorer import message


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("sken: sudo dpkg --purge googleearth", "sudo dpkg --purge googleearth"),
        ("daves, have you installed it?", "have you installed it?"),
        ("<@123456789012345678> same here", "same here"),
        ("<@!42>, thanks", "thanks"),
        ("@alice: try the nightly", "try the nightly"),
        ("{K}Lubby: well, before you spend time on that", "well, before you spend time on that"),
        ("@everyone free nitro", None),  # a mass ping names nobody
        ("the build fails: see the log", None),
        ("https://example.com/x is down", None),
        ("hello", None),
        ("Attention: TON coin airdrop, get it free", None),  # a callout, not a name
        ("Hey, group members! Tired of the same old routine?", None),
    ],
)
def test_the_leading_addressee_is_set_aside(text: str, rest: str | None) -> None:
    assert past_addressee(text) == rest


REPLIES = [  # three people answer one helper at once, in three channels
    "sken: sudo dpkg --purge -r googleearth",
    "sken: you've installed googleearth from the deb?",
    "sken: dpkg --purge googleearth then reinstall it",
]


def test_replies_to_one_helper_across_channels_are_not_a_wave(
    bank: ExemplarBank, encode: Encode
) -> None:
    scorer = SpamScorer(SpamPolicy(), bank)
    verdicts = [
        scorer.score(message(text, encode, seconds=n, author_id=100 + n, channel_id=n))
        for n, text in enumerate(REPLIES)
    ]
    assert [v.wave_key for v in verdicts] == [None, None, None]
    assert not any(v.flagged for v in verdicts)


def test_one_scam_addressed_to_different_people_is_still_one_wave(
    bank: ExemplarBank, encode: Encode
) -> None:
    scam = "free nitro for the first 100, claim it https://dlscord-gift.com/claim/8fj2"
    scorer = SpamScorer(SpamPolicy(), bank)
    verdicts = [
        scorer.score(message(f"<@{9000 + n}> {scam}", encode, seconds=n, channel_id=n))
        for n in range(3)
    ]
    assert verdicts[0].wave_key is None  # alone so far
    assert verdicts[1].wave_key is not None and verdicts[2].wave_key == verdicts[1].wave_key
    assert any("same text in 3 channels" in r for r in verdicts[2].reasons)
