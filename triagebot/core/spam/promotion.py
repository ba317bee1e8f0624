"""Self-promotion: a member asking the room to subscribe to, follow or watch their own
channel, and links that pay their poster for every click.

Moderators know this family by its request rather than its topic: "sub to my
channel", "sub4sub", "help me reach 1k subscribers", "check out my new mixtape",
"follow me on twitch", "I'm a small youtuber". Talking *about* a channel ("my IRC
channel", "the YouTube channel of the project") asks nothing and does not match;
neither does pointing at one's work in a way a community welcomes ("check out my PR",
"my repo"), which names no audience-building medium.

A referral link carries the poster's code (``?ref=``, ``?referral=``, ``#friend=``,
``/refer/``): whoever clicks earns them a bonus, which is why scams and promo
spam use them. A referral code on an official page (a GitHub ``?ref=`` branch) is
not one.
"""

from __future__ import annotations

import re

from triagebot.core.spam.links import Link

_MEDIUM = (
    r"(?:channel|vids?|videos?|music|mixtape|songs?|tracks?|covers?|beats?|raps?|vines?|"
    r"playlist|album|ep|podcast|streams?|twitch|tiktok|soundcloud|insta\w*|page)"
)
_SUBSCRIBE = r"(?:subscribe|suscribe|subcribe|subscrib|subsrcibe|sub)\w*"
_PLEASE = r"(?:please|pls|plz)"
ASKS_FOR_AUDIENCE = re.compile(
    rf"\b{_SUBSCRIBE}\s+(?:\w+\s+)?(?:to|in|on|for)?\s*(?:my|me|our|us)\b(?:\s+{_MEDIUM}\b)?"
    rf"|\bsub\s*(?:4|for)\s*sub\b|\b{_SUBSCRIBE}\s+back\b"
    rf"|\blike\s*(?:&|and|n|\+)\s*{_SUBSCRIBE}"
    rf"|\b{_PLEASE}\s+(?:like\s+(?:and\s+)?)?{_SUBSCRIBE}|\b{_SUBSCRIBE}\s+{_PLEASE}\b"
    r"|\b(?:reach|get\s+(?:it\s+)?to|hit|want|goal)\b.{0,20}?\b\d[\d,.]*\s*k?\s*"
    r"(?:subs|subscribers|followers)\b"
    rf"|\b(?:check|look\s+at|watch|visit|see)\s+(?:out\s+)?(?:my|our)\s+(?:[\w'-]+\s+){{0,3}}?"
    rf"{_MEDIUM}\b"
    r"|\b(?:check|watch|look|visit|see)\b.{0,60}?\b(?:on|to)\s+(?:my|our)\s+"
    r"(?:youtube\s+|new\s+)?channel\b"
    r"|\bfollow\s+(?:me|us)\s+on\s+(?:twitch|insta\w*|ig|tiktok|youtube|soundcloud|spotify|"
    r"twitter)\b"
    r"|\bmy\s+(?:youtube|yt|twitch|tiktok|soundcloud)\s+(?:channel|page|account)\b"
    r"|\b(?:new|small|upcoming|aspiring)\s+(?:youtuber|rapper|artist|singer|streamer)\b"
    r"|\bjoin\s+(?:my|our)\s+(?:new\s+)?(?:discord\s+)?server\b",
    re.I | re.S,
)
_REFERRAL = re.compile(
    r"[?&#](?:ref|referral|refer|referrer|aff|affiliate|aff_id|friend|promo)=[^&#\s]+"
    r"|/(?:ref|refer|referral|aff|affiliate)/",
    re.I,
)


def asks_for_audience(head: str) -> str | None:
    """The words that ask for subscribers, follows or views, if the text has them."""
    found = ASKS_FOR_AUDIENCE.search(head)
    return " ".join(found.group(0).split()) if found else None


def referral_hosts(links: tuple[Link, ...], official: list[bool]) -> tuple[str, ...]:
    """The hosts of links that carry a referral code, official pages aside."""
    hosts = (
        link.host
        for link, ok in zip(links, official, strict=True)
        if not ok and _REFERRAL.search(link.url)
    )
    return tuple(dict.fromkeys(hosts))
