"""Everything the bot says about issues, in one place, neutralised.

Issue titles and user names come from strangers: each passes through ``neutralise``
here, so no caller can forget. Links are wrapped in ``<...>`` so Discord shows no
preview card under every reply. Every text fits in one Discord message (``fitting``):
lists give way line by line, and the rest can never outgrow it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime

import discord

from triagebot.bot.fitting import CHOICE_CHARS, MESSAGE_CHARS, Section, fit, within
from triagebot.core.closed import closed_note
from triagebot.core.issues import IssueInfo
from triagebot.core.matching import Candidate, IssueRef
from triagebot.core.neutral import clip, neutralise
from triagebot.triage.discussions import Discussion

NO_PINGS = discord.AllowedMentions.none()
TITLE_CHARS = 120
EXCERPT_CHARS = 80
_BARE_LINK = re.compile(r"(?<!<)(https?://[^\s>]+)")  # wrapped: no preview card


def issue_label(number: int, title: str) -> str:
    """``#123 — title``, the title clipped and made harmless."""
    return f"#{number} — {neutralise(clip(title, TITLE_CHARS))}"


def _closed(issue: IssueRef) -> str:
    """ ", closed 3 days ago as fixed in v0.9.3" for a closed issue; "" for an open one."""
    note = closed_note(issue, datetime.now(UTC))
    return f", {note}" if note else ""


def _link(url: str) -> str:
    return f"<{url}>" if url.startswith("https://") or url.startswith("http://") else ""


def linked(issue: IssueInfo) -> str:
    label = issue_label(issue.number, issue.title)
    return within(f"🔗 This thread is linked to {label}\n{_link(issue.url)}".rstrip())


def unlinked(issues: Sequence[IssueInfo]) -> str:
    labels = [issue_label(i.number, i.title) for i in issues]
    if len(labels) == 1:
        return f"This thread is no longer linked to {labels[0]}."
    head = "This thread is no longer linked to:"
    return fit([Section(head, [f"- {label}" for label in labels])])


def similar_reply(
    candidates: Sequence[Candidate],
    urls: dict[int, str],
    about: str,
    earlier: Sequence[Discussion] = (),
    *,
    limit: int = MESSAGE_CHARS,
) -> str:
    """The issues most like ``about``, then earlier discussions elsewhere, in one
    message: over Discord's 2,000 characters the discussions give way first, then the
    lowest-ranked issues, whole lines at a time ("… and 2 more")."""
    sections = [_similar_section(candidates, urls, about)]
    if earlier:
        sections.append(Section("Earlier discussions elsewhere:", _discussion_lines(earlier)))
    return fit(sections, limit)


def _similar_section(candidates: Sequence[Candidate], urls: dict[int, str], about: str) -> Section:
    """A numbered list with scores; the score is the evidence, shown as it is."""
    if not candidates:
        return Section(f"No open issue looks like {about}.")
    closed = any(c.issue.is_closed for c in candidates)
    lines = []
    for n, candidate in enumerate(candidates, 1):
        issue = candidate.issue
        url = _link(urls.get(issue.key, ""))
        label = issue_label(issue.number, issue.title)
        score = f"{candidate.score:.2f}{_closed(issue)}"
        lines.append(f"{n}. {label} ({score}) {url}".rstrip())
    return Section(f"{'Issues' if closed else 'Open issues'} most like {about}:", lines)


def _discussion_lines(discussions: Sequence[Discussion]) -> list[str]:
    """Jump links to earlier messages in other threads and channels, each with where
    (a channel mention renders as its name and pings no one), a short excerpt made
    harmless, the score, and when (Discord renders ``<t:…:R>`` as "3 days ago")."""
    lines = []
    for n, found in enumerate(discussions, 1):
        m = found.message
        url = f"https://discord.com/channels/{m.guild_id}/{m.place}/{m.id}"
        excerpt = _BARE_LINK.sub(r"<\1>", neutralise(clip(m.content, EXCERPT_CHARS)))
        when = f"<t:{int(m.created_at.timestamp())}:R>"
        lines.append(f"{n}. <#{m.place}> “{excerpt}” ({found.score:.2f}, {when}) <{url}>")
    return lines


def choice_name(candidate: Candidate) -> str:
    """An autocomplete entry: Discord allows 100 characters and shows no markdown."""
    issue = candidate.issue
    state = " (closed)" if issue.is_closed else ""
    return clip(f"#{issue.number}{state} {issue.title} ({candidate.score:.2f})", CHOICE_CHARS)


def choice_value(repo: str, number: int) -> str:
    """What a chosen autocomplete entry sends back: ``owner/name#12``, unambiguous
    with several repositories; ``#12`` when the repository's name would take it past
    Discord's 100 characters (a cut name would name no issue at all)."""
    value = f"{repo}#{number}"
    return value if len(value) <= CHOICE_CHARS else f"#{number}"


def hint(candidate: Candidate, url: str) -> str:
    label = issue_label(candidate.issue.number, candidate.issue.title)
    return within(
        f"This looks like {label} ({candidate.score:.2f}{_closed(candidate.issue)})\n"
        f"{_link(url)}\n"
        "-# Not the same thing? Press **Not related** and I won't suggest it here again."
    )


def hint_rejected(issue: IssueInfo | None, who: str) -> str:
    """The hint after someone overruled it: struck through, with who said so."""
    verdict = f"Not related, says {neutralise(clip(who, 40))}."
    if issue is None:  # the issue was deleted meanwhile
        return verdict
    return within(f"~~This looks like {issue_label(issue.number, issue.title)}~~\n{verdict}")


_LEFT = {"deleted": "was deleted", "transferred": "was moved to another repository"}


def state_notice(issue: IssueInfo, reason: str = "") -> str:
    verb = "was reopened"
    if issue.state == "closed":
        verb = _LEFT.get(reason, "was closed")
    label = issue_label(issue.number, issue.title)
    return within(f"{label} {verb} on GitHub.\n{_link(issue.url)}".rstrip())


REFUSED = (
    "Sorry, this command is for the triage team. "
    "Ask a moderator if you think you should have access."
)
NOT_IN_THREAD = "Use this inside a thread (or on a message: *Apps → Find similar issues*)."
NO_TEXT = "That message has no text to compare with the issues."
NO_EMBEDDER = "Similarity search is off on this bot (the embedding model is disabled)."
