"""The digest's buttons: Done, Snooze 7 days, Not relevant, one row per item (and
File issue, ``file_issue``, in the row of an item that has no issue yet).

The state lives in the custom id (``triagebot:digest:<action>:<item key>``), so the
buttons work after a restart. Every press re-checks the presser server-side (a role
in ``DIGEST_ROLE_IDS``; without any, Manage Messages; administrators always), records
the verdict, answers privately and labels the pressed button with who pressed it (the
buttons stay live: a later verdict on the same item replaces the earlier one).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Collection
from typing import Any, cast

import discord

from triagebot.bot.access import may_triage
from triagebot.bot.file_issue import FileIssueButton
from triagebot.bot.host import services_of
from triagebot.bot.wording import NO_PINGS
from triagebot.core.digest import Digest
from triagebot.core.neutral import clip
from triagebot.core.ranking import Action
from triagebot.triage.digests import DigestFeedback

log = logging.getLogger(__name__)

PREFIX = "triagebot:digest:"
MAX_ROWS = 5  # Discord: five action rows per message
LABELS: dict[str, tuple[str, discord.ButtonStyle]] = {
    "done": ("Done", discord.ButtonStyle.success),
    "snooze": ("Snooze 7 days", discord.ButtonStyle.secondary),
    "not_relevant": ("Not relevant", discord.ButtonStyle.secondary),
}
DONE_WORDS = {"done": "done", "snooze": "snoozed for 7 days", "not_relevant": "not relevant"}
REFUSED = (
    "Sorry, the digest buttons are for the maintainers "
    "(a digest role, or Manage Messages without one)."
)


def custom_id(action: str, key: str) -> str:
    return f"{PREFIX}{action}:{key}"


class DigestButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"triagebot:digest:(?P<action>done|snooze|not_relevant):(?P<key>[a-z_]+:[0-9A-Za-z_.-]+)",
):
    def __init__(self, action: str, key: str, rank: int = 0, *, row: int | None = None) -> None:
        label, style = LABELS[action]
        super().__init__(
            discord.ui.Button(
                label=f"{rank} · {label}" if rank else label,
                style=style,
                custom_id=custom_id(action, key),
                row=row,
            )
        )
        self.action, self.key = action, key

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> DigestButton:
        return cls(match["action"], match["key"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        services = services_of(interaction)
        if services is not None:
            await DigestDesk(services.feedback).press(interaction, self.action, self.key)


def digest_view(digest: Digest) -> discord.ui.View | None:
    """One row per item (the first five: Discord's limit); None on a quiet day."""
    view = discord.ui.View(timeout=None)
    for row, item in enumerate(digest.items[:MAX_ROWS]):
        if len(custom_id("not_relevant", item.key)) > 100:
            log.warning("digest item key too long for a button: %s", item.key[:40])
            continue
        for action in LABELS:
            view.add_item(DigestButton(action, item.key, item.rank, row=row))
        if item.issue is None:  # four of a row's five places
            view.add_item(FileIssueButton(item.key, row=row))
    return view if view.children else None


def may_use_digest(interaction: discord.Interaction[Any], allowed_roles: Collection[int]) -> bool:
    """A digest role; without digest roles, Manage Messages; administrators always."""
    member = interaction.user
    if interaction.guild is None or not isinstance(member, discord.Member):
        return False
    perms = interaction.permissions  # resolved in this channel, overwrites included
    return may_triage(
        [role.id for role in member.roles],
        allowed_roles,
        administrator=perms.administrator,
        manages=perms.manage_messages,
    )


def noted_view(message: discord.Message | None, key: str, action: str, who: str) -> discord.ui.View:
    """The message's buttons again; in the pressed item's row, the pressed button says
    who pressed it. All stay live: a later verdict replaces an earlier one."""
    view = discord.ui.View(timeout=None)
    rows = message.components if message is not None else []
    for row, component in enumerate(rows[:MAX_ROWS]):
        for child in getattr(component, "children", []):
            cid = str(getattr(child, "custom_id", "") or "")
            found = re.fullmatch(DigestButton.__discord_ui_compiled_template__, cid)
            filing = re.fullmatch(FileIssueButton.__discord_ui_compiled_template__, cid)
            if filing is not None:
                view.add_item(FileIssueButton(filing["key"], row=row))
            if found is None:
                continue
            shown = str(getattr(child, "label", "") or "")
            rank = int(shown.split(" · ")[0]) if shown.split(" · ")[0].isdigit() else 0
            button = DigestButton(found["action"], found["key"], rank, row=row)
            if found["key"] != key:
                button.item.label = shown or button.item.label  # another item's note stays
            elif found["action"] == action:
                button.item.label = clip(f"{button.item.label} — {who}", 80)
                button.item.style = discord.ButtonStyle.primary
            view.add_item(button)
    return view


class DigestDesk:
    """Handles presses: checks the presser, records the verdict, says so."""

    def __init__(self, feedback: DigestFeedback) -> None:
        self.feedback = feedback

    async def press(self, interaction: discord.Interaction[Any], action: str, key: str) -> None:
        if not may_use_digest(interaction, self.feedback.role_ids):
            await interaction.response.send_message(
                REFUSED, ephemeral=True, allowed_mentions=NO_PINGS
            )
            return
        user_id = interaction.user.id
        await asyncio.to_thread(self.feedback.record, key, cast(Action, action), user_id)
        who = clip(getattr(interaction.user, "display_name", str(user_id)), 40)
        await interaction.response.edit_message(
            view=noted_view(interaction.message, key, action, who), allowed_mentions=NO_PINGS
        )
        await interaction.followup.send(
            f"Noted: {DONE_WORDS[action]}. The digest will take it into account.",
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )
