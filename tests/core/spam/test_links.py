"""Links as a victim would follow them, and what their hosts are."""

from __future__ import annotations

import pytest

from triagebot.core.spam.brands import invite_kind, is_shortener, look_alike
from triagebot.core.spam.confusables import edit_distance, skeleton
from triagebot.core.spam.links import extract_links, registered_domain


def hosts(text: str) -> list[str]:
    return [link.host for link in extract_links(text)]


def test_scheme_bare_and_masked_links_are_all_found() -> None:
    text = "see https://docs.python.org/3/ and github.com/acme/widget or [the guide](https://example.org/g)"
    assert hosts(text) == ["example.org", "docs.python.org", "github.com"]
    masked = extract_links(text)[0]
    assert masked.masked and masked.path == "/g"


def test_file_names_emails_and_abbreviations_are_not_links() -> None:
    assert hosts("edit config.py, main.rs and run.sh; mail me@example.com; e.g. node.js") == []


def test_a_masked_link_that_names_another_host_is_disguised() -> None:
    (link,) = extract_links("[https://discord.com/gifts/x](https://discrod-gift.ru/x)")
    assert link.host == "discrod-gift.ru" and link.shown_host == "discord.com"


def test_the_host_after_an_at_sign_is_the_one_opened() -> None:
    (link,) = extract_links("https://discord.com@evil.example/login")
    assert link.host == "evil.example" and link.shown_host == "discord.com"


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("hxxps://steamcommunlty[.]ru/offer", "steamcommunlty.ru"),
        ("go to free-nitro dot xyz now", "free-nitro.xyz"),
        ("h**p://gift(.)example(.)com", "gift.example.com"),
    ],
)
def test_obfuscated_links_are_undone_and_marked(text: str, host: str) -> None:
    (link,) = extract_links(text)
    assert link.host == host and link.obfuscated


def test_capitalised_scheme_is_no_obfuscation() -> None:
    (link,) = extract_links("Https://example.org/x")
    assert not link.obfuscated


def test_fullwidth_and_punycode_hosts_are_read_as_displayed() -> None:
    assert hosts("ｄｉｓｃｏｒｄ．ｇｇ/abc") == ["discord.gg"]
    puny = "dіscord".encode("idna").decode()  # a Cyrillic і
    assert hosts(f"https://{puny}.com/nitro") == ["dіscord.com"]


def test_registered_domain_knows_second_level_country_domains() -> None:
    assert registered_domain("a.b.example.co.uk") == "example.co.uk"
    assert registered_domain("cdn.discordapp.com") == "discordapp.com"


@pytest.mark.parametrize(
    ("host", "brand"),
    [
        ("dlscord-gift.com", "Discord"),
        ("disc0rd.gg", "Discord"),
        ("dіscord.com", "Discord"),  # Cyrillic і
        ("discord-nitro.gifts", "Discord"),
        ("discord.com.free-drop.ru", "Discord"),
        ("nitro-gift.ru", "Nitro"),
        ("steamcommunlty.ru", "Steam"),
        ("stearncommunity.com", "Steam"),
        ("steamcommunity.com-trade.link", "Steam"),
        ("steam-gift.xyz", "Steam"),
        ("metamask-wallet.app", "MetaMask"),
    ],
)
def test_look_alikes_name_the_brand_they_imitate(host: str, brand: str) -> None:
    hit = look_alike(host)
    assert hit is not None and hit.brand == brand


@pytest.mark.parametrize(
    "host",
    [
        "discord.com", "cdn.discordapp.com", "discord.gg", "discord.gift", "steampowered.com",
        "store.steampowered.com", "github.com", "acme.github.io", "discordpy.readthedocs.io",
        "discord.js.org", "discordjs.guide", "nitro.build", "nitropack.io", "upstream.dev",
        "mainstream.org", "stream.example.com", "docs.python.org", "gitlab.com",
    ],
)  # fmt: skip
def test_brands_own_hosts_and_unrelated_ones_pass(host: str) -> None:
    assert look_alike(host) is None


def test_shorteners_and_invites_are_recognised() -> None:
    text = "bit.ly/x https://discord.gg/a https://discord.com/invite/b t.me/+C chat.whatsapp.com/D"
    links = {link.host: link for link in extract_links(text)}
    assert is_shortener("bit.ly") and not is_shortener("github.com")
    assert invite_kind(links["discord.gg"]) == "Discord"
    assert invite_kind(links["discord.com"]) == "Discord"
    assert invite_kind(links["t.me"]) == "Telegram"
    assert invite_kind(links["chat.whatsapp.com"]) == "WhatsApp"
    assert invite_kind(links["bit.ly"]) is None


def test_skeletons_fold_look_alike_letters() -> None:
    assert skeleton("D1SC0RD") == skeleton("discord") == skeleton("dіѕcord")
    assert skeleton("stearncommunity") == skeleton("steamcommunity")


def test_edit_distance_counts_swaps_once_and_stops_at_the_limit() -> None:
    assert edit_distance("discord", "dicsord", 2) == 1
    assert edit_distance("discord", "discard", 2) == 1
    assert edit_distance("discord", "something-else", 2) == 3
