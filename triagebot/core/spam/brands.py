"""What a link's host is: a brand look-alike, a link shortener, or an invite.

Nitro and Steam-gift scams live on domains one glance from the real thing
(``dlscord-gift.com``, ``steamcommunlty.ru``, ``discord.com.nitro-drop.xyz``), so a
host is compared with each brand's names as a *skeleton* (look-alike letters folded,
see :mod:`confusables`) by edit distance. Hosts the brand really owns, and the
documentation sites of libraries named after it (``discordpy.readthedocs.io``), pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from triagebot.core.spam.confusables import allowed_typos, edit_distance, skeleton
from triagebot.core.spam.links import Link, registered_domain


@dataclass(frozen=True, slots=True)
class Brand:
    name: str
    official: frozenset[str]  # registered domains the brand owns
    names: tuple[str, ...]  # distinctive names: a near match alone is an imitation
    weak: tuple[str, ...] = ()  # common words: an imitation only beside a lure word


BRANDS = (
    Brand(
        "Discord",
        frozenset({
            "discord.com", "discord.gg", "discordapp.com", "discordapp.net", "discord.media",
            "discord.gift", "discord.new", "dis.gd", "discordstatus.com", "discord.dev",
            "discord.co", "discordmerch.com", "discord.store", "discord.design",
        }),
        ("discord", "discordapp"),
    ),
    Brand("Nitro", frozenset(), ("discordnitro",), ("nitro",)),
    Brand(
        "Steam",
        frozenset({
            "steampowered.com", "steamcommunity.com", "steamstatic.com", "steamgames.com",
            "steamchina.com", "steam.tv", "steamdeck.com", "steamserver.net",
            "steamusercontent.com", "steamcontent.com",
        }),
        ("steamcommunity", "steampowered"),
        ("steam",),
    ),
    Brand("Epic Games", frozenset({"epicgames.com", "unrealengine.com"}), ("epicgames",)),
    Brand("Roblox", frozenset({"roblox.com", "rbxcdn.com"}), ("roblox",)),
    Brand(
        "GitHub",
        frozenset({"github.com", "github.io", "githubusercontent.com", "github.dev"}),
        ("github",),
    ),
    Brand("MetaMask", frozenset({"metamask.io"}), ("metamask",)),
    Brand("OpenSea", frozenset({"opensea.io"}), ("opensea",)),
)  # fmt: skip

# Words that turn a common brand word into bait: "steam-gift", "free-nitro".
_LURES = (
    "gift", "free", "claim", "drop", "promo", "reward", "bonus", "giveaway", "give",
    "verify", "login", "auth", "trade", "offer", "skin", "event", "airdrop", "nitro",
    "discord", "support", "wallet", "connect", "mint",
)  # fmt: skip

# Hosts whose subdomains belong to their users (docs, pages, packages): a
# ``discord`` label under them names a project, not a brand.
_USER_HOSTS = frozenset({
    "readthedocs.io", "readthedocs.org", "github.io", "gitlab.io", "js.org", "pages.dev",
    "netlify.app", "vercel.app", "herokuapp.com", "npmjs.com", "pypi.org", "crates.io",
    "docs.rs", "rtfd.io", "sourceforge.net", "fandom.com", "wikipedia.org",
})  # fmt: skip

# Well-known sites about a brand that would otherwise read as imitations of it.
_KNOWN_SAFE = frozenset({
    "discords.com", "discordjs.guide", "discord.js.org", "discord-api-types.dev",
    "discordbotlist.com", "discordlist.gg", "discordpy.readthedocs.io", "steamdb.info",
    "steamcharts.com", "steamgifts.com", "githubstatus.com",
})  # fmt: skip

SHORTENERS = frozenset({
    "bit.ly", "tinyurl.com", "t.co", "goo.gl", "is.gd", "v.gd", "cutt.ly", "rb.gy",
    "shorturl.at", "ow.ly", "buff.ly", "rebrand.ly", "tiny.cc", "lnkd.in", "bl.ink",
    "s.id", "t.ly", "shorturl.asia", "linktr.ee", "clck.ru", "u.to", "qr.ae", "shorte.st",
    "adf.ly", "ouo.io", "bitly.com", "tiny.one", "bit.do", "soo.gd", "urlz.fr", "gg.gg",
    "lnk.bio", "beacons.ai", "grabify.link", "iplogger.org", "2no.co", "yip.su",
})  # fmt: skip

_DISCORD_INVITE_HOSTS = frozenset({"discord.gg", "dsc.gg", "discord.io", "discord.me", "invite.gg"})
_TELEGRAM_HOSTS = frozenset({"t.me", "telegram.me", "telegram.dog"})
_WHATSAPP_HOSTS = frozenset({"chat.whatsapp.com", "wa.me"})
_INVITE_PATH = re.compile(r"^/invite/", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class LookAlike:
    host: str
    brand: str


def look_alike(host: str) -> LookAlike | None:
    """The brand ``host`` imitates, or None when it is the brand's own or unrelated."""
    registered = registered_domain(host)
    if host in _KNOWN_SAFE or registered in _KNOWN_SAFE:
        return None
    for brand in BRANDS:
        if registered in brand.official:
            return None
    name, _, _ = registered.partition(".")
    subdomains = host.removesuffix(registered).rstrip(".").split(".") if host != registered else []
    for brand in BRANDS:
        if _imitates_name(name, brand) or _embeds_official(host, brand):
            return LookAlike(host, brand.name)
        if registered not in _USER_HOSTS and any(_near_name(s, brand) for s in subdomains):
            return LookAlike(host, brand.name)
    return None


def _imitates_name(label: str, brand: Brand) -> bool:
    """The registered name is a brand name, a typo of one, or one beside a lure."""
    parts = [label, label.replace("-", ""), *label.split("-")]
    if any(_near_name(part, brand) for part in parts if part):
        return True
    flat = skeleton(label.replace("-", ""))
    for word in (*brand.names, *brand.weak):
        word = skeleton(word)
        if word in flat:
            rest = flat.replace(word, " ")
            return any(skeleton(lure) in rest for lure in _LURES)
    return False


def _near_name(part: str, brand: Brand) -> bool:
    candidate = skeleton(part)
    for name in brand.names:
        target = skeleton(name)
        limit = allowed_typos(len(target))
        if edit_distance(candidate, target, limit) <= limit:
            return True
    return False


def _embeds_official(host: str, brand: Brand) -> bool:
    """``discord.com.gift-drop.ru``, ``steamcommunity.com-trade.link``: a real domain
    written at the start of a foreign one."""
    return any(
        host.startswith(official + ".") or host.startswith(official + "-")
        for official in brand.official
    )


def is_shortener(host: str) -> bool:
    return host in SHORTENERS or registered_domain(host) in SHORTENERS


def invite_kind(link: Link) -> str | None:
    """'Discord', 'Telegram' or 'WhatsApp' when ``link`` joins a server, group or chat."""
    host = link.host.removeprefix("www.")
    if host in _DISCORD_INVITE_HOSTS and len(link.path) > 1:
        return "Discord"
    if host in ("discord.com", "discordapp.com") and _INVITE_PATH.match(link.path):
        return "Discord"
    if host in _TELEGRAM_HOSTS and len(link.path) > 1:
        return "Telegram"
    if host in _WHATSAPP_HOSTS:
        return "WhatsApp"
    return None
