"""The scam families: each scam flagged alone, each look-alike of ordinary chat not.

Messages are single and context-free (no account age, no other channels), the way a
first message from a stranger arrives; the scorer uses the real seed bank.
"""

from __future__ import annotations

import pytest

from triagebot.core.spam.exemplars import ExemplarBank
from triagebot.core.spam.families import read_families
from triagebot.core.spam.links import clean_text, extract_links
from triagebot.core.spam.policy import SpamPolicy
from triagebot.core.spam.score import SpamInput, SpamScorer, SpamVerdict

from .conftest import Encode


def verdict(text: str, bank: ExemplarBank, encode: Encode, **changes: object) -> SpamVerdict:
    values: dict[str, object] = {"text": text, "author_id": 7, "channel_id": 1}
    values.update(vector=encode(text), **changes)
    return SpamScorer(SpamPolicy(), bank, own_invites=frozenset({"ourcode"})).score(
        SpamInput(**values)  # type: ignore[arg-type]
    )


SCAMS = {
    "money": "50$ steam gift card for the first 20 people here: steamcards-free.shop/get",
    "casino": "use my promo code LUCKY and get a 200% deposit bonus at https://royalspin.bet",
    "crack": "Adobe Premiere 2024 cracked full version free download https://mega.nz/file/x8Hq",
    "executable": "new fortnite aimbot, undetected, get it here https://dl-hub.xyz/loader.exe",
    "job": "We're hiring moderators, $30 per hour paid weekly, apply here discord.gg/jobz9",
    "images": "https://cdn.discordapp.com/attachments/1/2/a.png https://i.imgur.com/b.jpg",
    "ping": "@everyone new drop just came out https://nft-mint.site/free",
}
LOOK_ALIKES = {
    "money": "hosting is $7/month on the hobby plan and $25 for pro: https://example.com/pricing",
    "casino": "the casino level in that game is the hardest one, i still can't beat it",
    "crack": "I cracked the problem, it was the config file all along",
    "executable": "python.org has the windows installer, see https://www.python.org/downloads/",
    "job": "we're hiring at my job lol, the whole team quit last month",
    "images": "the layout breaks on mobile, screenshot: https://i.imgur.com/Qm3x.png any idea?",
    "ping": "please don't use @everyone here, the mods will time you out",
}


@pytest.mark.parametrize("family", sorted(SCAMS))
def test_a_scam_of_each_family_is_flagged_alone(
    family: str, bank: ExemplarBank, encode: Encode
) -> None:
    found = verdict(SCAMS[family], bank, encode)
    assert found.flagged, found


@pytest.mark.parametrize("family", sorted(LOOK_ALIKES))
def test_ordinary_chat_with_the_same_words_is_not(
    family: str, bank: ExemplarBank, encode: Encode
) -> None:
    found = verdict(LOOK_ALIKES[family], bank, encode)
    assert not found.flagged, found


def test_each_family_gives_its_reason(bank: ExemplarBank, encode: Encode) -> None:
    expected = {
        "money": "money offer next to a link",
        "crack": "cracked-software wording behind a file host (mega.nz)",
        "executable": "link to an executable (loader.exe)",
        "job": "job or promotion offer with an invite",
        "images": "2 image links and no text",
        "ping": "@everyone with a link from a member who cannot ping",
    }
    for family, reason in expected.items():
        reasons = verdict(SCAMS[family], bank, encode).reasons
        assert any(r.startswith(reason) for r in reasons), (family, reasons)


def test_a_ping_that_resolved_is_not_the_unauthorised_kind(
    bank: ExemplarBank, encode: Encode
) -> None:
    resolved = verdict(SCAMS["ping"], bank, encode, mentions_everyone=True)
    assert not any("cannot ping" in r for r in resolved.reasons)
    assert "mentions @everyone or @here" in resolved.reasons


def test_the_official_nitro_page_is_no_nitro_scam(bank: ExemplarBank, encode: Encode) -> None:
    text = "nitro perks are listed here https://discord.com/nitro if you want to compare"
    found = verdict(text, bank, encode)
    assert not found.flagged, found
    assert "links only to official pages (discord.com)" in found.reasons


def test_a_quoted_payment_error_in_a_help_request_is_not_flagged(
    bank: ExemplarBank, encode: Encode
) -> None:
    text = (
        'buying nitro fails with "Payment failed: your card was declined ($9.99)" '
        "every time, does anyone know why? https://support.discord.com/hc/en-us"
    )
    found = verdict(text, bank, encode)
    assert not found.flagged, found
    assert "asks for help with an error it quotes" in found.reasons


def test_the_servers_own_invite_counts_as_official(bank: ExemplarBank, encode: Encode) -> None:
    own = verdict("we're hiring mods, apply here discord.gg/ourcode", bank, encode)
    other = verdict("we're hiring mods, apply here discord.gg/theircode", bank, encode)
    assert own.score < other.score
    assert not any("job or promotion" in r for r in own.reasons)


def families_of(text: str) -> object:
    clean = clean_text(text)
    return read_families(clean, extract_links(clean))


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("free $50 here https://x.shop", "reward_near_link", "free $50"),
        ("a $50 monitor https://shop.example.com/m", "reward_near_link", None),
        ("cheat sheet: https://devhints.io/bash", "crack_wording", False),
        ("cheats for apex https://x.xyz", "crack_wording", True),
        ("I waited an hour https://status.example.com", "hiring_wording", False),
        ("pay $20/hr, dm me https://x.xyz", "hiring_wording", True),
        ("https://github.com/u/r/releases/download/v1/setup.exe", "official_only", False),
        ("https://store.steampowered.com/app/620/Portal_2/", "official_only", True),
        ("https://steamcommunity.com/tradeoffer/new/?partner=1", "official_only", False),
        ("https://cdn.discordapp.com/attachments/1/2/x.png", "official_only", False),
        ("look https://i.imgur.com/a.png", "only_images", True),
        ("look at this bug in the dialog https://i.imgur.com/a.png", "only_images", False),
    ],
)
def test_family_signals(text: str, field: str, value: object) -> None:
    assert getattr(families_of(text), field) == value
