"""Self-promotion: asking the room for an audience is flagged, talking about a channel
is not, and referral links are named as such."""

from __future__ import annotations

import pytest

from triagebot.core.spam.exemplars import ExemplarBank
from triagebot.core.spam.links import clean_text, extract_links
from triagebot.core.spam.policy import SpamPolicy
from triagebot.core.spam.promotion import asks_for_audience, referral_hosts
from triagebot.core.spam.score import SpamInput, SpamScorer, SpamVerdict

from .conftest import Encode

REQUESTS = [
    "sub to my channel pls, posting daily",
    "Subscribe pleaaase to my instagram, i'll subscribe back",
    "sub4sub anyone?",
    "help me reach 1k subscribers before friday!!",
    "yo check out my new mixtape, dropped last night",
    "please have a look at my guitar cover channel",
    "go watch the new video on our channel, you won't regret it",
    "follow me on twitch, live every evening",
    "I'm a small youtuber doing minecraft builds",
    "like and subscribe for more",
]
TALK = [
    "join #ubuntu-offtopic, my channel is quiet right now",
    "the project's youtube channel has the conference talk",
    "check out my PR, it fixes the crash on save",
    "I'd check my server's config first",
    "subscribe to the issue to get notified when it lands",
    "I subscribed to the mailing list but nothing arrives",
    "my repo has a minimal reproduction: github.com/me/repro",
]


@pytest.mark.parametrize("text", REQUESTS)
def test_a_request_for_subscribers_or_follows_is_read(text: str) -> None:
    assert asks_for_audience(clean_text(text)) is not None


@pytest.mark.parametrize("text", TALK)
def test_talking_about_a_channel_or_pointing_at_work_is_not(text: str) -> None:
    assert asks_for_audience(clean_text(text)) is None


def test_referral_codes_are_read_from_links_but_not_from_official_pages() -> None:
    text = "free credits https://earn-apps.example/register?ref=4604617 and https://game.example/#friend=cd9"
    links = extract_links(clean_text(text))
    assert referral_hosts(links, [False, False]) == ("earn-apps.example", "game.example")
    branch = extract_links(clean_text("see https://github.com/o/r/blob/main/x.py?ref=main"))
    assert referral_hosts(branch, [True]) == ()


def verdict(text: str, bank: ExemplarBank, encode: Encode) -> SpamVerdict:
    return SpamScorer(SpamPolicy(), bank).score(
        SpamInput(text=text, author_id=7, channel_id=1, vector=encode(text))
    )


def test_self_promotion_alone_is_flagged_with_its_reason_counted_once(
    bank: ExemplarBank, encode: Encode
) -> None:
    found = verdict("hey guys sub to my channel, i upload every day!", bank, encode)
    assert found.flagged, found
    assert "asks for subscribers or follows (sub to my channel)" in found.reasons
    # The broad lure with the same words is counted within the family, not again.
    assert "promotes a channel" not in found.reasons


def test_pointing_at_ones_own_fix_is_not_flagged(bank: ExemplarBank, encode: Encode) -> None:
    found = verdict(
        "check out my PR, it fixes the crash on save: github.com/o/r/pull/12", bank, encode
    )
    assert not found.flagged, found
    assert not any("subscribers" in reason for reason in found.reasons)
