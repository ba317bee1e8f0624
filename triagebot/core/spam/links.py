"""Finding every link a reader could follow, including the disguised ones.

Scam messages hide where they lead: a masked link ``[discord.com/gift](https://evil)``
shows one address and opens another; ``hxxps://``, ``evil[.]ru`` or ``evil dot ru``
dodge link filters but a person still types them in; ``https://discord.com@evil.ru``
puts the real host after an ``@``. Extraction undoes those tricks so the brand,
shortener and invite checks see the host a victim would reach.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

MAX_SCAN_CHARS = 8000  # Discord allows 4,000; anything longer is cut, not scanned
MAX_LINKS = 50

# Top-level domains recognised without a scheme. File extensions that are also TLDs
# (.py .sh .rs .pl .md .so .zip .mov) are left out: "main.rs" is not a link.
_TLDS = (
    "com", "net", "org", "io", "gg", "me", "co", "ly", "to", "cc", "ws", "su", "ru", "cn",
    "uk", "de", "fr", "nl", "eu", "ca", "au", "br", "es", "it", "jp", "kr", "in", "us", "tv",
    "fm", "ai", "app", "dev", "xyz", "top", "club", "site", "online", "shop", "store", "info",
    "biz", "ltd", "live", "link", "click", "icu", "vip", "fun", "pro", "gift", "gifts",
    "promo", "digital", "money", "cash", "finance", "exchange", "trade", "win", "bet", "news",
    "email", "space", "website", "tech", "today", "world", "life", "network", "games", "game",
    "codes", "guide", "new", "media", "help", "support", "events", "tk", "ml", "ga", "cf",
    "gq", "pw", "buzz", "rest", "cfd", "sbs", "bond", "lat",
)  # fmt: skip
_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"  # letters of any script: look-alikes use them
_HOST = r"(?:" + _LABEL + r"\.){1,6}(?:" + "|".join(_TLDS) + r")"
_BARE = re.compile(
    r"(?<![\w.@/\\-])(" + _HOST + r")(?![\w-])((?:[/?#][^\s<>\"'`]*)?)", re.IGNORECASE
)
_SCHEME_URL = re.compile(r"\bhttps?://[^\s<>\"'`\[\]]{1,2000}", re.IGNORECASE)
_MASKED = re.compile(r"\[([^\[\]\n]{0,300})\]\(\s*<?(https?://[^\s()<>]{1,2000})>?\s*\)", re.I)
_TRAILING = ".,;:!?)'\"*_~>"

# Obfuscations a person undoes in their head; each is replaced by what it stands for.
_DEFANG = (
    (re.compile(r"\bh(?:xx|\*\*|tt|xt|tx)p(s?)\s*(?::|\[:\])\s*/\s*/", re.I), r"http\1://"),
    (re.compile(r"\s*[\[({]\s*(?:\.|dot)\s*[\])}]\s*", re.I), "."),
    (re.compile(r"(?<=[a-z0-9])\s+dot\s+(?=(?:" + "|".join(_TLDS) + r")\b)", re.I), "."),
)
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")


@dataclass(frozen=True, slots=True)
class Link:
    """A link as a reader would follow it."""

    url: str  # as written, after undoing obfuscation
    host: str  # lower-case, punycode decoded, without port, user or trailing dot
    path: str  # everything after the host, "" when none
    masked: bool = False  # the target of a [text](url) link
    obfuscated: bool = False  # written so that filters would not see a link
    shown_host: str | None = None  # a masked link's text names this other host


def clean_text(text: str) -> str:
    """NFKC without invisible characters: fullwidth and styled letters become plain."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text[:MAX_SCAN_CHARS]))


def defang(text: str) -> str:
    """``text`` with ``hxxp``, ``[.]`` and ``dot`` obfuscations undone."""
    for pattern, replacement in _DEFANG:
        text = pattern.sub(replacement, text)
    return text


def extract_links(text: str) -> tuple[Link, ...]:
    """Every link in ``text``: masked, with a scheme, or a bare ``domain.tld/path``."""
    plain = clean_text(text)
    readable = defang(plain)
    links: list[Link] = []
    rest = readable
    for match in _MASKED.finditer(readable):
        link = _link(match.group(2), plain, masked=True)
        if link is not None:
            links.append(_with_shown_host(link, match.group(1)))
    rest = _MASKED.sub(" ", rest)
    for match in _SCHEME_URL.finditer(rest):
        link = _link(match.group(0), plain)
        if link is not None:
            links.append(link)
    rest = _SCHEME_URL.sub(" ", rest)
    for match in _BARE.finditer(rest):
        link = _link("http://" + match.group(1) + match.group(2), plain, bare=match.group(0))
        if link is not None:
            links.append(link)
    return tuple(links[:MAX_LINKS])


def _link(url: str, original: str, *, masked: bool = False, bare: str | None = None) -> Link | None:
    url = _trim(url)
    scheme_end = url.find("://") + 3
    authority, slash, path = url[scheme_end:].partition("/")
    authority, _, query = authority.partition("?")
    user, _, hostport = authority.rpartition("@")
    host = _host(hostport)
    if not host or "." not in host:
        return None
    written = _trim(bare) if bare is not None else url
    obfuscated = written.casefold() not in original.casefold()  # "Https://" is no disguise
    path = (slash + path) if slash else ("?" + query if query else "")
    # "https://discord.com@evil.ru": the part before '@' is shown, the part after opened.
    shown = _host(user) if "." in user else None
    return Link(written, host, path, masked, obfuscated, shown if shown != host else None)


def _trim(url: str) -> str:
    """``url`` without the punctuation that ends a sentence, keeping balanced ')'."""
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _host(authority: str) -> str:
    """The host of ``host:port``, lower-case, punycode decoded, without trailing dot."""
    host = authority.split(":", 1)[0].strip().rstrip(".").lower()
    host = host.split("#", 1)[0]
    return ".".join(_decode_label(label) for label in host.split("."))


def _decode_label(label: str) -> str:
    """A punycode label (``xn--...``) in the letters it displays as."""
    if not label.startswith("xn--"):
        return label
    try:
        return codecs.decode(label[4:].encode("ascii"), "punycode")
    except (UnicodeError, ValueError):
        return label


def _with_shown_host(link: Link, label: str) -> Link:
    """Note the host a masked link's text claims, when it is not where it leads."""
    shown = [m.group(1).lower() for m in _BARE.finditer(defang(label.replace("://", " ")))]
    claimed = next((h for h in shown if registered_domain(h) != registered_domain(link.host)), None)
    if claimed is None:
        return link
    return Link(link.url, link.host, link.path, True, link.obfuscated, claimed)


_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "gov", "edu", "ac", "or", "ne"})


def registered_domain(host: str) -> str:
    """The part of ``host`` someone registered: ``a.b.example.co.uk`` → ``example.co.uk``."""
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])
