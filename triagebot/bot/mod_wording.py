"""What the moderator flag says: evidence first, nothing live.

The spam text is quoted inside a code block (no link is clickable there, no mention
renders) after passing through ``neutralise``; names are neutralised too. A flag
must be safe to look at for the moderators it is meant to help.
"""

from __future__ import annotations

import discord

from triagebot.bot.fitting import FIELD_CHARS, fit_lines
from triagebot.core.neutral import clip, neutralise
from triagebot.core.spam.incidents import IncidentView

NO_PINGS = discord.AllowedMentions.none()
# Every action needs Manage Messages; a timeout needs Moderate Members as well.
REFUSED = "You need the Manage Messages permission (and Moderate Members for a timeout)."
QUOTE_CHARS = 600  # doubled at worst by escaping: well inside a description's 4,096
REASON_CHARS = 200
COLOR_OPEN = discord.Colour.orange()
COLOR_DONE = discord.Colour.dark_grey()

ACTION_DONE = {
    "deleted": "🗑️ {who} deleted all {n} copies",
    "timed_out": "⏳ {who} timed the author out and deleted all {n} copies",
    "not_spam": "✅ {who} marked this as not spam",
    "auto_deleted": "🤖 deleted automatically (score {score:.2f})",
}


def quoted(text: str) -> str:
    """The text in a code block, unable to break out of it, ping or link."""
    safe = neutralise(clip(text, QUOTE_CHARS)).replace("`", "ˋ")
    return f"```\n{safe or '(no text)'}\n```"


def flag_embed(incident: IncidentView, guild_id: int) -> discord.Embed:
    copies = len(incident.copies)
    title = f"Possible spam: {copies} cop{'y' if copies == 1 else 'ies'}"
    embed = discord.Embed(
        title=title,
        description=quoted(incident.text),
        colour=COLOR_OPEN if incident.status == "open" else COLOR_DONE,
    )
    embed.add_field(name="score", value=f"{incident.score:.2f}")
    embed.add_field(name="authors", value=_ids(incident.authors, "<@{}>"), inline=True)
    embed.add_field(name="channels", value=_ids(incident.channels, "<#{}>"), inline=True)
    # Each list fits its field (1,024 characters) by whole lines: a cut reason or link
    # would be half a sentence or a link to nowhere.
    reasons = [f"• {neutralise(clip(r, REASON_CHARS))}" for r in incident.reasons]
    embed.add_field(name="why", value=fit_lines(reasons, FIELD_CHARS) or "—", inline=False)
    links = [
        f"<https://discord.com/channels/{guild_id}/{c.channel_id}/{c.message_id}>"
        for c in incident.copies
    ]
    embed.add_field(name="copies", value=fit_lines(links, FIELD_CHARS) or "—", inline=False)
    embed.set_footer(text=f"incident {incident.id}")
    return embed


def outcome_line(status: str, who: str, copies: int, score: float) -> str:
    template = ACTION_DONE.get(status, "{who}: " + status)
    return template.format(who=neutralise(clip(who, 40)), n=copies, score=score)


def _ids(ids: list[int], pattern: str) -> str:
    """Mentions of users and channels render as names in an embed and never ping."""
    shown = " ".join(pattern.format(i) for i in ids[:10])
    return shown + (f" +{len(ids) - 10}" if len(ids) > 10 else "") if ids else "—"
