"""What one message shows by itself: its links, its mentions, and its bait.

These are the single-message signals; what the author did across channels is the
wave tracker's job, and what the text resembles is the exemplar bank's. The lure
patterns are families of scam wording (promised earnings, "DM me", free Nitro,
"5 people needed"), written loosely so light rewording still matches, and weighted
low in the score: ordinary chat says "earn", "free" and "$" too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from triagebot.core.spam.brands import LookAlike, invite_kind, is_shortener, look_alike
from triagebot.core.spam.links import Link, clean_text, extract_links

_WORD = re.compile(r"[^\W\d_]{2,}")
_USER_MENTION = re.compile(r"<@!?\d{1,25}>")
_ROLE_MENTION = re.compile(r"<@&\d{1,25}>")
_MASS_MENTION = re.compile(r"@(?:everyone|here)\b", re.IGNORECASE)

_AMOUNT = (
    r"(?:[$€£]\s?\d[\d,.]*\s?k?|\b\d[\d,.]*\s?(?:k|usdt?|dollars?|btc|eth|bnb)\b"
    r"|\b\d[\d,.]*\s?[€£$])"
)
_EARN = (
    r"(?:earn\w*|profit\w*|withdr[ae]w\w*|payout|paid me|income|invest\w*|returns?|roi|"
    r"passive|cash ?out|per day|a day|daily|weekly|per week|(?:with)?in \d+ (?:hours|days))"
)
_GIFT = r"(?:nitro|steam|gifts?|robux|skins?|crypto|tokens?|coins?|money|v-?bucks|giveaway)"
LURES: dict[str, re.Pattern[str]] = {
    "promises earnings": re.compile(
        rf"{_AMOUNT}.{{0,80}}?\b{_EARN}\b|\b{_EARN}\b.{{0,80}}?{_AMOUNT}", re.I | re.S
    ),
    "asks to be contacted privately": re.compile(
        r"\b(?:dm|pm|inbox|message|text|contact|hit up|write to|reach out to)\s+(?:me|him|her|us)\b"
        r"|\b(?:send|drop)\s+(?:me|him|her)\s+an?\s+(?:dm|pm|message)\b"
        r"|\b(?:whatsapp|telegram)\s*(?:me\b|:|@|\+)",
        re.I,
    ),
    "offers a giveaway": re.compile(
        rf"\bfree\s+(?:discord\s+)?{_GIFT}\b|\b(?:nitro|steam)\s+(?:gifts?|giveaway|for free)\b"
        r"|\bgiveaway\b|\bair ?drops?\b|\bclaim\s+(?:your|it|now|here|the|a)\b"
        r"|\bfirst\s+\d+\s+(?:people|users|members|persons)\b",
        re.I,
    ),
    "recruits people": re.compile(
        r"\b\d+\s+(?:people|persons|individuals|members)\s+(?:are\s+)?(?:needed|wanted|only)\b"
        r"|\b(?:teach|help|show|guide|mentor)\s+(?:\d+|ten|five|few)\s+(?:people|persons)\b"
        r"|\bwork(?:ing)? from home\b|\bno experience (?:needed|required)\b"
        r"|\b(?:only\s+)?(?:serious|interested)\s+(?:people|persons|ones)\b"
        r"|\blimited (?:spots|slots|places)\b",
        re.I,
    ),
    "pitches an investment": re.compile(
        r"\binvest(?:ment|ing|ed|ors?)?\b.{0,60}?\b(?:platform|company|opportunit\w*|profit\w*"
        r"|returns?|legit|broker)\b|\b(?:forex|binary options?|trading (?:platform|signals?))\b",
        re.I | re.S,
    ),
    "urges a click or sign-up": re.compile(
        r"\b(?:click|tap)\s+(?:on\s+)?(?:the|this|my)\s+link\b|\blink\s+below\b"
        r"|\b(?:register|sign\s?up|book|reserve|apply|enroll|join|claim)\w*\s+(?:\w+\s+)?"
        r"(?:here|now|through\s+(?:this|the)\s+link|below|fast)\b"
        r"|\bdon'?t\s+miss\s+(?:out|this)\b|\bact\s+fast\b|\blimited[-\s]time\b"
        r"|\bspots?\s+are\s+limited\b",
        re.I,
    ),
    "vouches for a scheme": re.compile(
        r"\b100\s?%\s?(?:legit|real|genuine|safe|sure|guaranteed|confidential)"
        r"|\b(?:legit|genuine|trusted|legitimate)\b.{0,40}?\b(?:platform|company|site|payout|"
        r"trader|broker|investment)|\bgod bless\b",
        re.I | re.S,
    ),
    "shills a crypto token": re.compile(
        r"\b(?:drop|send)\s+(?:your|ur)\s+wallets?\b|\bshill\s+me\b|\b\d{2,4}x\s+(?:gem|coin|token)"
        r"|\bpre-?sale\b|\bstealth\s+launch\b|\bdex(?:tools|screener)\b|\bpancakeswap\b"
        r"|\bpump\.fun\b|\bto the moon\b",
        re.I,
    ),
    "broadcasts to the whole group": re.compile(
        r"\b(?:attention|calling)\s+all\b|\b(?:group|server|community)\s+members\b"
        r"|\beveryone\s+in\s+(?:this|the|here)\s+(?:group|server|chat|channel)\b"
        r"|\bdear\s+(?:group|members|all)\b",
        re.I,
    ),
    "promotes a channel": re.compile(
        r"\b(?:subscribe|sub)\s+(?:to\s+)?(?:my|me|our)\b|\bsub\s*(?:4|for)\s*sub\b"
        r"|\bcheck\s+(?:out\s+)?my\s+(?:youtube\s+|new\s+)?(?:channel|videos?|music|mixtape|"
        r"stream|page|profile)\b|\bfollow\s+me\s+on\b",
        re.I,
    ),
    "offers adult content": re.compile(
        r"\b(?:nudes?|onlyfans|nsfw|porn\w*|sexy|sexting|hot (?:girls|singles)|18\+)", re.I
    ),
}
LURE_SCAN_CHARS = 2000  # scam pitches say it early; long pastes are logs, not bait


@dataclass(frozen=True, slots=True)
class MessageSignals:
    """The single-message evidence, before any weighing."""

    links: tuple[Link, ...] = ()
    look_alikes: tuple[LookAlike, ...] = ()
    shorteners: tuple[str, ...] = ()  # hosts
    invites: tuple[str, ...] = ()  # "Discord", "Telegram", "WhatsApp"
    disguised: tuple[Link, ...] = ()  # shows one host, opens another
    obfuscated: tuple[Link, ...] = ()
    mass_mention: bool = False  # @everyone or @here written
    user_mentions: int = 0
    role_mentions: int = 0
    lures: tuple[str, ...] = ()
    words: int = 0
    chars: int = 0

    @property
    def hosts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(link.host for link in self.links))


def read_signals(text: str) -> MessageSignals:
    """Everything :class:`MessageSignals` holds, read from the text alone."""
    clean = clean_text(text)
    links = extract_links(clean)
    hosts = tuple(dict.fromkeys(link.host for link in links))
    found = (look_alike(host) for host in hosts)
    return MessageSignals(
        links=links,
        look_alikes=tuple(hit for hit in found if hit is not None),
        shorteners=tuple(h for h in hosts if is_shortener(h)),
        invites=tuple(kind for link in links if (kind := invite_kind(link)) is not None),
        disguised=tuple(link for link in links if link.shown_host is not None),
        obfuscated=tuple(link for link in links if link.obfuscated),
        mass_mention=_MASS_MENTION.search(clean) is not None,
        user_mentions=len(_USER_MENTION.findall(clean)),
        role_mentions=len(_ROLE_MENTION.findall(clean)),
        lures=tuple(name for name, p in LURES.items() if p.search(clean[:LURE_SCAN_CHARS])),
        words=len(_WORD.findall(clean)),
        chars=len(clean.strip()),
    )
