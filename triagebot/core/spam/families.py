"""Signals for the scam families that one message shows by itself, written from what
moderators know about them rather than from any list of messages.

- *money beside a link*: a gift card, "free $50", a casino or exchange promo code, a
  crypto reward — an amount or a reward word near a link;
- *cracked software*: cracks, cheats, repacks, "premium for free", usually behind a
  paste, blog or file-sharing host, sometimes a direct link to an executable;
- *fake jobs and paid promotion*: "we're hiring", "paid partnership", "I'll promote
  your server for $20", usually with an invite;
- *image dumps*: a compromised account posting attachment or CDN image links and no
  words, often in many channels within a minute (the wave tracker counts them);
- *an unauthorised mass ping*: ``@everyone`` written by someone whose ping did not go
  out (Discord resolves it only for members allowed to), together with a link;
- *self-promotion*: "sub to my channel", "follow me on twitch", and referral links
  (see :mod:`promotion`).

Official pages (discord.com, support.discord.com, github.com, a Steam store page, the
server's own invites) are evidence *against*: a help request that links the Nitro page
is not a Nitro scam. Each family is a combination — wording *and* a link or host — so
"I cracked the problem" or "we're hiring at my job lol" alone shows nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from triagebot.core.spam.links import Link, registered_domain
from triagebot.core.spam.promotion import asks_for_audience, referral_hosts

_AMOUNT = (
    r"(?:[$€£]\s?\d[\d,.]*\s?k?\b|\b\d[\d,.]*\s?k?\s?(?:usdt?|usdc|dollars?|euros?|btc|eth|"
    r"bnb|sol|ltc|xrp|doge|robux|v-?bucks)\b|\b\d[\d,.]*\s?[€£$])"
)
# A reward word, unlike a bare price ("$7/month: example.com/pricing"), is the bait itself.
REWARD_WORDING = re.compile(
    r"\b(?:gift\s?cards?|free\s+(?:money|cash|crypto|spins?|bets?|credits?|usdt|btc|eth)"
    r"|(?:deposit|welcome|signup|sign-up|no[-\s]deposit)\s+bonus|bonus(?:es)?\s+codes?"
    r"|promo\s?codes?|referral\s?codes?|use\s+(?:my\s+)?code|casino|jackpot|free\s+spins"
    r"|airdrops?|cashback|giveaway|claim\s+(?:your|the|a|it|now|here|free)\b"
    r"|(?:you(?:'ve| have)?|we)\s+won\b|winners?\s+(?:of|gets?|will)\b)|free\s+[$€£]\s?\d[\d,.]*",
    re.I,
)
AMOUNT = re.compile(_AMOUNT, re.I)
CRACK_WORDING = re.compile(
    r"\bcrack(?:ed|s)?\s+(?:version|software|apps?|games?|for|by|download|\d)|\bcracked\b"
    r"(?!\s+(?:the|it|this|that|my|a|an|screen|phone|open|up|egg|skull|code|problem))"
    r"|\bkeygen\b|\bwarez\b|\brepacks?\b|\bcheats?\b(?!\s?sheets?)|\baim\s?bots?\b"
    r"|\bwall\s?hacks?\b|\besp\s+hack|\bmod\s?menus?\b|\bhacks?\s+(?:for|tool|client)\b"
    r"|\bunlock(?:ed|er)?\s+(?:all|every|premium|pro|full)\b|\b(?:undetected|injector|spoofer)\b"
    r"|\b(?:premium|pro|full version|nitro|spotify|netflix|vip)\s+(?:for\s+)?free\b"
    r"|\bfree\s+(?:premium|pro\s+version|full\s+version|activation|robux|v-?bucks)\b"
    r"|\bactivat(?:or|ion)\s+(?:tool|key)\b|\b(?:roblox|script|free|keyless)\s+executor\b"
    r"|\bhacked\s+(?:client|apk|version)\b|\b(?:license\s+)?key\s?gen(?:erator)?\b"
    r"|\b(?:crack|cracked|free)\s+(?:\w+\s+)?full\s+version\b|\bpremium\s+accounts?\b"
    r"|\b(?:dlcs?|skins?)\s+unlocked\b|\bhacks?\b(?=.{0,40}\b(?:free|download|tool|apk)\b)",
    re.I,
)
HIRING_WORDING = re.compile(
    r"\b(?:we(?:'re| are)|i'?m|now)\s+hiring\b|\bhiring\s+(?:now|for|mods?|moderators?|"
    r"devs?|developers?|artists?|staff)\b|\blooking\s+for\s+(?:paid\s+)?(?:mods?|moderators?|"
    r"staff|promoters?|partners?|developers?|testers?)\b|\bpaid\s+(?:partnership|promo\w*|"
    r"position|role|job|work|collab\w*)\b|\bpartner(?:ship)?\s+(?:with\s+us|request|offer)\b"
    r"|\b(?:promote|advertise|boost|grow)\s+your\s+(?:server|channel|community|project|"
    r"business|brand)\b|\bserver\s+(?:promotion|advertising|growth)\b|\bpaid\s+sponsorship\b"
    r"|\bper\s+hour\b|[$€£]\d+\s*/\s*(?:hr|hour|day|week)\b|\bdm\s+(?:me\s+)?for\s+"
    r"(?:rates|prices|details|info)\b|\bsalary\b|\bapply\s+(?:here|now|in\s+dms?)\b",
    re.I,
)
_MASS_MENTION = re.compile(r"@(?:everyone|here)\b", re.I)
# Someone pasting the error they got and asking what to do: payment and login errors
# quote the same words a scam uses ("payment", "Nitro", "$9.99"), but as a question.
_QUOTED_ERROR = re.compile(
    r"[\"'`>“‘].{0,200}?\b(?:error|failed|declined|denied|invalid|unable|couldn'?t|can'?t|"
    r"not\s+(?:be\s+)?processed|went\s+wrong)\b",
    re.I | re.S,
)
_ASKS_HELP = re.compile(
    r"\?|\b(?:help|anyone\s+know|how\s+(?:do|can|to)|what\s+(?:do|does|should)|any\s+idea|"
    r"why\s+(?:does|is|do|am|can))\b",
    re.I,
)
_URL = re.compile(r"\S*(?:https?://|\.(?:com|net|gg|io|moe|nz|co|ee|me)\b)\S*", re.I)
_WORD = re.compile(r"[^\W\d_]{2,}")

EXECUTABLE_ENDINGS = (".exe", ".scr", ".msi", ".bat", ".cmd", ".apk", ".jar", ".vbs", ".ps1",
                      ".lnk", ".pif", ".dmg")  # fmt: skip
ARCHIVE_ENDINGS = (".zip", ".rar", ".7z")
IMAGE_ENDINGS = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp")
FILE_HOSTS = frozenset({
    "mediafire.com", "mega.nz", "mega.io", "gofile.io", "pixeldrain.com", "anonfiles.com",
    "wetransfer.com", "we.tl", "sendspace.com", "catbox.moe", "files.fm", "zippyshare.com",
    "uploadhaven.com", "krakenfiles.com", "workupload.com", "racaty.net", "bayfiles.com",
    "dropbox.com", "4shared.com", "filemail.com", "transfer.sh", "upload.ee", "qiwi.gg",
})  # fmt: skip
PASTE_AND_BLOG_HOSTS = frozenset({
    "pastebin.com", "paste.ee", "rentry.co", "rentry.org", "justpaste.it", "telegra.ph",
    "controlc.com", "ghostbin.com", "hastebin.com", "paste.gg", "pastelink.net", "blogspot.com",
    "sites.google.com", "wixsite.com", "weebly.com", "linktr.ee", "carrd.co", "notion.site",
})  # fmt: skip
ATTACHMENT_HOSTS = frozenset({
    "cdn.discordapp.com", "media.discordapp.net", "i.imgur.com", "imgur.com", "ibb.co",
    "i.ibb.co", "prnt.sc", "gyazo.com",
})  # fmt: skip
# Pages the brand owns and a scam cannot put up. Hosts where anyone publishes
# (readthedocs.io, githubusercontent.com, steamcommunity.com profiles) are not among them,
# and a gift, trade or login path on an official host can still be abused.
OFFICIAL_DOMAINS = frozenset({
    "discord.com", "discordapp.com", "discordstatus.com", "discord.dev", "github.com",
    "steampowered.com", "python.org", "ubuntu.com", "microsoft.com", "mozilla.org",
    "wikipedia.org",
})  # fmt: skip
_GIFT_PATH = re.compile(
    r"gift|nitro-?drop|promo|claim|trade|offer|redeem|login|oauth|authorize|airdrop|/releases/"
    r"|/raw/",
    re.I,
)
NEAR_CHARS = 120  # "near a link": the wording and the link within this many characters
SCAN_CHARS = 2000  # scam pitches say it early; long pastes are logs, not bait


@dataclass(frozen=True, slots=True)
class FamilySignals:
    """What a message shows of each family, before any weighing."""

    reward_near_link: str | None = None  # the reward wording, when a link is near it
    amount_near_link: bool = False
    crack_wording: bool = False
    hiring_wording: bool = False
    executables: tuple[str, ...] = ()  # file names a link opens directly
    archives: tuple[str, ...] = ()
    file_hosts: tuple[str, ...] = ()
    paste_hosts: tuple[str, ...] = ()
    image_links: int = 0
    only_images: bool = False  # image links and at most a couple of words besides them
    mass_ping_with_link: bool = False  # @everyone or @here written, and a link
    official_only: bool = False  # every link is an official page, none a gift path
    official_hosts: tuple[str, ...] = ()
    foreign_invite: bool = False  # a Discord invite that is not the server's own
    help_with_error: bool = False  # quotes an error and asks what to do
    self_promotion: str | None = None  # the words asking for subscribers, follows, views
    referral_hosts: tuple[str, ...] = ()  # links carrying the poster's referral code

    @property
    def downloads(self) -> tuple[str, ...]:
        """Where a download waits: file and paste hosts, executables, archives."""
        return (*self.file_hosts, *self.paste_hosts, *self.executables, *self.archives)


def read_families(
    clean: str, links: tuple[Link, ...], own_invites: frozenset[str] = frozenset()
) -> FamilySignals:
    """The family signals of a cleaned text and its links (see :func:`links.extract_links`)."""
    head = clean[:SCAN_CHARS]
    wording = FamilySignals(
        crack_wording=CRACK_WORDING.search(head) is not None,
        hiring_wording=HIRING_WORDING.search(head) is not None,
        help_with_error=_QUOTED_ERROR.search(head) is not None
        and _ASKS_HELP.search(head) is not None,
        self_promotion=asks_for_audience(head),
    )
    if not links:
        return wording
    names = [_file_name(link) for link in links]
    domains = [registered_domain(link.host) for link in links]
    images = sum(_is_image(link, name) for link, name in zip(links, names, strict=True))
    official = [_official(link, d, own_invites) for link, d in zip(links, domains, strict=True)]
    spots = _link_spots(head, links)
    reward = _near(REWARD_WORDING, head, spots)
    return replace(
        wording,
        reward_near_link=reward,
        amount_near_link=_near(AMOUNT, head, spots) is not None,
        executables=tuple(n for n in names if n.endswith(EXECUTABLE_ENDINGS)),
        archives=tuple(n for n in names if n.endswith(ARCHIVE_ENDINGS)),
        file_hosts=tuple(dict.fromkeys(d for d in domains if d in FILE_HOSTS)),
        paste_hosts=tuple(dict.fromkeys(d for d in domains if d in PASTE_AND_BLOG_HOSTS)),
        image_links=images,
        only_images=images == len(links) and _words_besides_links(head) <= 2,
        mass_ping_with_link=_MASS_MENTION.search(clean) is not None,
        official_only=all(official),
        official_hosts=tuple(
            dict.fromkeys(d for d, ok in zip(domains, official, strict=True) if ok)
        ),
        foreign_invite=any(_foreign_invite(link, own_invites) for link in links),
        referral_hosts=referral_hosts(links, official),
    )


def _link_spots(text: str, links: tuple[Link, ...]) -> list[int]:
    """Where in ``text`` links are written; an obfuscated one counts from the start."""
    folded = text.casefold()
    spots = [folded.find(link.url.casefold()) for link in links]
    return [at if at >= 0 else 0 for at in spots]


def _near(pattern: re.Pattern[str], text: str, spots: list[int]) -> str | None:
    """The first match of ``pattern`` within NEAR_CHARS of a link, None when none is."""
    for match in pattern.finditer(text):
        if any(abs(match.start() - at) <= NEAR_CHARS for at in spots):
            return match.group(0).strip()
    return None


def _words_besides_links(text: str) -> int:
    return len(_WORD.findall(_URL.sub(" ", text)))


def _file_name(link: Link) -> str:
    path = link.path.split("?", 1)[0].split("#", 1)[0].lower().rstrip("/")
    return path.rsplit("/", 1)[-1] if "/" in path else ""


def _is_image(link: Link, name: str) -> bool:
    return link.host in ATTACHMENT_HOSTS or name.endswith(IMAGE_ENDINGS)


def _official(link: Link, domain: str, own_invites: frozenset[str]) -> bool:
    """An official page: the brand's own (its subdomains too), not a gift, trade,
    login or download path, not another server's invite (the server's own invites are)."""
    code = _invite_code(link)
    if code is not None:
        return code in own_invites
    if link.host in ATTACHMENT_HOSTS:  # anyone's uploads
        return False
    return domain in OFFICIAL_DOMAINS and _GIFT_PATH.search(link.path) is None


def _invite_code(link: Link) -> str | None:
    """The code of a Discord invite link, None for any other link."""
    domain = registered_domain(link.host)
    path = link.path.split("?", 1)[0].strip("/")
    if domain == "discord.gg":
        return path or None
    if domain in {"discord.com", "discordapp.com"} and path.startswith("invite/"):
        return path.removeprefix("invite/") or None
    return None


def _foreign_invite(link: Link, own: frozenset[str]) -> bool:
    code = _invite_code(link)
    return code is not None and code not in own
