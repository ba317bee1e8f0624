"""Weighing the signals: each becomes log-odds plus the sentence a moderator reads.

The score is a logistic sum — a prior plus one weight per piece of evidence — so every
point of it can be explained by a reason. The weights are set by hand, by what each
signal means, adjusted on the tune half of bench/spam_eval.py and checked on its test
half:

- *decisive alone* (≥ 4, the prior's size): a link to a brand look-alike, the same
  text in three or more channels at once;
- *strong*: a masked link that lies about its target, a mention flood, an attachment
  burst, reading very like known spam;
- *supporting* (≤ 2): a new account, an invite, a shortener, one family of scam
  wording. Ordinary chat has each of these now and then; only together do they flag.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from triagebot.core.spam.exemplars import VERDICT, ExemplarVote
from triagebot.core.spam.policy import SpamPolicy
from triagebot.core.spam.signals import MessageSignals
from triagebot.core.spam.waves import WaveReport

PRIOR = -4.0  # about 2%: most messages in a community are not spam

LOOK_ALIKE = 5.0
DISGUISED_LINK = 3.5
OBFUSCATED_LINK = 1.5
SHORTENER = 1.0
INVITE = {"Discord": 1.0, "Telegram": 1.5, "WhatsApp": 1.5}
LINK_FROM_NEW_ACCOUNT = 1.5
LINK_FROM_NEW_MEMBER = 1.0
# Per family of scam wording. Ordinary chat almost never matches one (4 lines in 6,000
# of #ubuntu), scams usually match two; the broad families (a call to action, a
# greeting to "all members", self-promotion) weigh less: real announcements use them.
LURE = 2.0
BROAD_LURES = {
    "urges a click or sign-up": 1.2,
    "broadcasts to the whole group": 1.0,
    "promotes a channel": 1.2,
    "offers adult content": 1.5,
    "asks to be contacted privately": 1.2,
}
NEW_ACCOUNT, VERY_NEW_ACCOUNT, NEW_MEMBER = 1.0, 1.5, 0.5
MASS_MENTION = 1.5  # alone, people *talking about* an @everyone scam say it too
MASS_AND_FLOOD = 1.0  # both at once is a raid, not a conversation
MENTION_FLOOD, HEAVY_MENTION_FLOOD = 2.5, 4.0
ATTACHMENT_BURST = 2.5
WAVE, WAVE_PER_CHANNEL = 4.5, 0.5  # at policy.wave_channels, and per channel beyond
TWO_CHANNELS, SEVERAL_ACCOUNTS, REPEATED, CHANNEL_HOPPING = 1.5, 1.5, 1.5, 1.0

# Exemplar similarity → weight: nothing below the floor (ordinary chat reaches 0.35
# against the seed spam), then rising with the similarity and with the margin over ham.
SIMILARITY_FLOOR, SIMILARITY_SCALE, SIMILARITY_MAX = 0.33, 12.0, 4.0
MARGIN_SCALE, MARGIN_MAX = 8.0, 2.0
FULL_WORDS = 6  # shorter texts weigh less: their embeddings say little
CLEARLY_HAM = 0.1  # a margin this far towards ham is worth telling the moderator


@dataclass(frozen=True, slots=True)
class Evidence:
    weight: float  # log-odds added to the prior
    reason: str  # a short phrase with its numbers, for the moderator


def link_evidence(
    signals: MessageSignals,
    account_days: float | None,
    member_days: float | None,
    policy: SpamPolicy,
) -> list[Evidence]:
    """Look-alike brands, disguised and obfuscated links, shorteners, invites."""
    found = [
        Evidence(LOOK_ALIKE, f"link to a {hit.brand} look-alike domain ({hit.host})")
        for hit in signals.look_alikes[:2]
    ]
    found += [
        Evidence(DISGUISED_LINK, f"link shows {link.shown_host} but opens {link.host}")
        for link in signals.disguised[:1]
    ]
    if signals.obfuscated:
        found.append(
            Evidence(
                OBFUSCATED_LINK, f"link written to dodge filters ({signals.obfuscated[0].url[:60]})"
            )
        )
    if signals.shorteners:
        found.append(Evidence(SHORTENER, f"link shortener ({signals.shorteners[0]})"))
    for kind in dict.fromkeys(signals.invites):
        found.append(Evidence(INVITE.get(kind, 1.0), f"{kind} invite link"))
    if signals.links and account_days is not None and account_days < policy.new_account_days:
        found.append(
            Evidence(LINK_FROM_NEW_ACCOUNT, f"links from an account {_age(account_days)} old")
        )
    elif signals.links and member_days is not None and member_days < policy.new_member_days:
        found.append(Evidence(LINK_FROM_NEW_MEMBER, f"links {_age(member_days)} after joining"))
    return found


# The lures a scam family's own, stricter evidence already counts when it is present.
PROMOTION_LURES = frozenset({"promotes a channel"})


def lure_evidence(
    signals: MessageSignals, covered: frozenset[str] = frozenset()
) -> list[Evidence]:
    """One piece per lure, those in ``covered`` aside (a family counts them)."""
    return [
        Evidence(BROAD_LURES.get(lure, LURE), lure) for lure in signals.lures if lure not in covered
    ]


def account_evidence(
    account_days: float | None, member_days: float | None, policy: SpamPolicy
) -> list[Evidence]:
    found = []
    if account_days is not None and account_days < policy.new_account_days:
        weight = VERY_NEW_ACCOUNT if account_days < 1 else NEW_ACCOUNT
        found.append(Evidence(weight, f"account {_age(account_days)} old"))
    if member_days is not None and member_days < policy.new_member_days:
        found.append(Evidence(NEW_MEMBER, f"joined the server {_age(member_days)} ago"))
    return found


def mention_evidence(
    signals: MessageSignals,
    user_mentions: int,
    role_mentions: int,
    everyone: bool,
    policy: SpamPolicy,
) -> list[Evidence]:
    found = []
    if everyone or signals.mass_mention:
        found.append(Evidence(MASS_MENTION, "mentions @everyone or @here"))
    users = max(user_mentions, signals.user_mentions)
    roles = max(role_mentions, signals.role_mentions)
    if users + roles >= policy.mention_flood:
        heavy = users + roles >= 2 * policy.mention_flood
        what = " and ".join(p for p in (_count(users, "user"), _count(roles, "role")) if p)
        found.append(Evidence(HEAVY_MENTION_FLOOD if heavy else MENTION_FLOOD, f"mentions {what}"))
        if everyone or signals.mass_mention:
            found.append(Evidence(MASS_AND_FLOOD, ""))
    return found


def wave_evidence(report: WaveReport | None, policy: SpamPolicy) -> list[Evidence]:
    """Copies across channels and accounts, floods, channel hopping, attachment bursts."""
    if report is None:
        return []
    window = f"within {policy.window_seconds:g}s"
    same = "same text" if report.exact else "near-same text"
    found = []
    if report.channels >= policy.wave_channels:
        extra = WAVE_PER_CHANNEL * min(report.channels - policy.wave_channels, 3)
        found.append(Evidence(WAVE + extra, f"{same} in {report.channels} channels {window}"))
    elif report.channels == 2:
        found.append(Evidence(TWO_CHANNELS, f"{same} in 2 channels {window}"))
    elif report.copies >= 3:
        found.append(Evidence(REPEATED, f"{same} posted {report.copies} times {window}"))
    if report.authors >= 2 and report.channels >= 2:
        found.append(Evidence(SEVERAL_ACCOUNTS, f"{same} from {report.authors} accounts"))
    if report.author_channels >= 4 and report.channels < policy.wave_channels:
        found.append(
            Evidence(CHANNEL_HOPPING, f"wrote in {report.author_channels} channels {window}")
        )
    if report.author_attachments >= policy.attachment_burst:
        found.append(
            Evidence(ATTACHMENT_BURST, f"{report.author_attachments} attachments {window}")
        )
    return found


def content_evidence(vote: ExemplarVote | None, words: int) -> list[Evidence]:
    """How much the text reads like the bank's spam rather than its ham.

    A text of a few words gives the model little to go on ("dmsantam, yeah" lands near
    "DM me"), so evidence *for* spam grows with the length up to ``FULL_WORDS`` words.
    """
    if vote is None:
        return []
    rise = min(max(vote.spam - SIMILARITY_FLOOR, 0.0) * SIMILARITY_SCALE, SIMILARITY_MAX)
    lean = min(max(vote.margin * MARGIN_SCALE, -MARGIN_MAX), MARGIN_MAX)
    weight = rise + lean
    if weight > 0:
        weight *= min(words / FULL_WORDS, 1.0)
    if weight >= 0.5:
        reason = f"reads like known spam: {_note(vote.spam_note)} ({vote.spam:.2f})"
        return [Evidence(weight, reason)]
    if vote.margin <= -CLEARLY_HAM:
        return [Evidence(weight, _ham_reason(vote))]
    return [Evidence(weight, "")] if weight else []


def _ham_reason(vote: ExemplarVote) -> str:
    if vote.ham_note == VERDICT:
        return f"close to a message moderators cleared ({vote.ham:.2f})"
    return f"reads like ordinary chat: {vote.ham_note or 'an exemplar'} ({vote.ham:.2f})"


def ranked_reasons(evidence: Sequence[Evidence]) -> tuple[str, ...]:
    """Reasons for, strongest first, then reasons against."""
    ordered = sorted(evidence, key=lambda e: (e.weight < 0, -abs(e.weight)))
    return tuple(e.reason for e in ordered if e.reason)


def _note(note: str | None) -> str:
    return "a message moderators flagged" if note == VERDICT else (note or "an exemplar")


def _age(days: float) -> str:
    if days < 1:
        hours = max(int(days * 24), 0)
        return f"{hours} hour" if hours == 1 else f"{hours} hours"
    whole = int(days)
    return "1 day" if whole == 1 else f"{whole} days"


def _count(n: int, what: str) -> str:
    return "" if n == 0 else f"{n} {what}" + ("s" if n != 1 else "")
