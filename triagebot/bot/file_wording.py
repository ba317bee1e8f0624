"""What the bot says when filing an issue: always private, never a ping, one message."""

from __future__ import annotations

from collections.abc import Sequence

from triagebot.bot.fitting import within
from triagebot.core.neutral import clip, neutralise
from triagebot.triage.filing import Outcome

FORM_TITLE = "File a GitHub issue"  # Discord: a modal's title is at most 45 characters
FILING_OFF = (
    "Filing issues is off on this bot: it needs a GitHub token with Issues write "
    "and at least one repository (GITHUB_TOKEN, GITHUB_REPOS)."
)
GONE = "That digest item is no longer in a recent digest; file it with /file in its thread."
DENIED = "The bot does not watch this channel, so nothing from it is filed on GitHub."
NOT_IN_THREAD = "Use /file inside a thread (or on a message: *Apps → File issue*)."
_SAID = {
    "filed": "Filed {label}: <{url}>",
    "already": "This was filed already, as {label}: <{url}>",
}


def outcome_text(outcome: Outcome, title: str = "") -> str:
    """The answer to a submit: the issue and its link, or what went wrong."""
    if outcome.result == "busy":
        return "This is being filed right now; try again in a minute to see the issue."
    if outcome.result == "failed":
        return (
            f"GitHub did not take the issue on {outcome.repo}; nothing new was filed. "
            "Trying again is safe: it never files the same thing twice."
        )
    label = f"{outcome.repo}#{outcome.number}"
    if title:
        label += f" — {neutralise(clip(title, 120))}"
    return within(_SAID[outcome.result].format(label=label, url=outcome.url))


def unknown_repo(typed: str, repos: Sequence[str]) -> str:
    named = ", ".join(repos)
    return within(f"I don't file on {neutralise(clip(typed, 60))}: use one of {named}.")
