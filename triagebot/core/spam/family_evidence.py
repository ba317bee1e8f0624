"""Weighing the scam families (see :mod:`families`) into evidence with its reasons.

Each scam family weighs only as a combination — its wording *and* a link or host
that carries the bait — so a word alone never moves the score. Self-promotion is the
exception: its wording is a request to the room ("sub to my channel"), which is the
whole offence with or without a link. The weights follow the
scale of :mod:`evidence`: a combination no ordinary message makes (cracked-software
wording behind a file host, several image links and no words, an @everyone that did
not resolve, with a link) is near-decisive on its own; one that a real message
sometimes makes (a reward word beside a link, a link to an ``.exe``) supports other
evidence. Official pages and a quoted error in a help request weigh against.
"""

from __future__ import annotations

from triagebot.core.spam.evidence import Evidence
from triagebot.core.spam.families import FamilySignals
from triagebot.core.spam.signals import MessageSignals

REWARD_BESIDE_LINK, WITH_AMOUNT = 3.0, 1.5
EXECUTABLE = 2.5
CRACK_BEHIND_HOST, CRACK_WITH_LINK = 4.5, 1.5
JOB_WITH_INVITE, JOB_WITH_LINK, JOB_WITH_PAY = 2.5, 1.0, 1.0
ONE_IMAGE_ONLY, IMAGES_ONLY = 1.5, 4.5
# Asking the room for subscribers or follows is what a moderator removes on sight,
# link or not: with the broad "promotes a channel" lure it supersedes, it reaches the
# flag bar alone (a moderator reviews it; it is far below the auto-delete bar).
SELF_PROMOTION = 4.0
REFERRAL_LINK = 2.0
UNRESOLVED_PING = 3.0
OFFICIAL_PAGES = -2.5
HELP_WITH_ERROR = -1.5


def family_evidence(
    families: FamilySignals, signals: MessageSignals, *, ping_resolved: bool
) -> list[Evidence]:
    """Every family the message shows, and the official pages or help request against;
    without a link only self-promotion and the help request can count."""
    if not signals.links:
        return [*_promotion(families), *_against(families, signals)]
    return [
        *_promotion(families),
        *_money(families),
        *_downloads(families),
        *_jobs(families, signals),
        *_images(families),
        *_mass_ping(families, ping_resolved),
        *_against(families, signals),
    ]


def _money(f: FamilySignals) -> list[Evidence]:
    if f.reward_near_link is None or f.official_only:
        return []
    weight = REWARD_BESIDE_LINK + (WITH_AMOUNT if f.amount_near_link else 0.0)
    return [Evidence(weight, f"money offer next to a link ({f.reward_near_link[:30]})")]


def _downloads(f: FamilySignals) -> list[Evidence]:
    """A direct executable link; cracked-software wording behind a download host."""
    found = []
    if f.executables:
        found.append(Evidence(EXECUTABLE, f"link to an executable ({f.executables[0][:40]})"))
    if f.crack_wording and f.downloads:
        where = f.downloads[0]
        kind = (
            "file host" if f.file_hosts else "paste or blog host" if f.paste_hosts else "download"
        )
        found.append(
            Evidence(CRACK_BEHIND_HOST, f"cracked-software wording behind a {kind} ({where[:40]})")
        )
    elif f.crack_wording and not f.official_only:
        found.append(Evidence(CRACK_WITH_LINK, "cracked-software wording with a link"))
    return found


def _jobs(f: FamilySignals, signals: MessageSignals) -> list[Evidence]:
    """A job, partnership or paid-promotion offer, with an invite or a link."""
    if not f.hiring_wording or f.official_only:
        return []
    chat_invite = f.foreign_invite or any(k != "Discord" for k in signals.invites)
    found = [
        Evidence(JOB_WITH_INVITE, "job or promotion offer with an invite")
        if chat_invite
        else Evidence(JOB_WITH_LINK, "job or promotion offer with a link")
    ]
    if f.amount_near_link:
        found.append(Evidence(JOB_WITH_PAY, "names the pay next to the link"))
    return found


def _images(f: FamilySignals) -> list[Evidence]:
    if not f.only_images or f.image_links == 0:
        return []
    if f.image_links >= 2:
        return [Evidence(IMAGES_ONLY, f"{f.image_links} image links and no text")]
    return [Evidence(ONE_IMAGE_ONLY, "image links and no text")]


def _mass_ping(f: FamilySignals, resolved: bool) -> list[Evidence]:
    """Discord resolves @everyone only for members allowed to ping; written but not
    resolved, beside a link, it is someone without the right trying anyway."""
    if resolved or not f.mass_ping_with_link or f.official_only:
        return []
    return [Evidence(UNRESOLVED_PING, "@everyone with a link from a member who cannot ping")]


def _promotion(f: FamilySignals) -> list[Evidence]:
    found = []
    if f.self_promotion is not None:
        found.append(
            Evidence(SELF_PROMOTION, f"asks for subscribers or follows ({f.self_promotion[:40]})")
        )
    if f.referral_hosts:
        found.append(Evidence(REFERRAL_LINK, f"referral link ({f.referral_hosts[0][:40]})"))
    return found


def _against(f: FamilySignals, signals: MessageSignals) -> list[Evidence]:
    """Official pages only (no look-alike, no download); a quoted error asking for help."""
    found = []
    clean_links = not (signals.disguised or signals.look_alikes or f.downloads)
    if signals.links and f.official_only and clean_links:
        hosts = ", ".join(f.official_hosts[:2]) or "the server's own invite"
        found.append(Evidence(OFFICIAL_PAGES, f"links only to official pages ({hosts})"))
    if f.help_with_error and (not signals.links or f.official_only) and clean_links:
        found.append(Evidence(HELP_WITH_ERROR, "asks for help with an error it quotes"))
    return found
