"""Duplicate hints in Discord: the post under a matching message, and "Not related".

A pipeline listener: ``Hints`` (the application) has decided which matches earn a
hint and claims each place's one hint; this posts it, replying to the message in a
busy channel, and hands the claim back when Discord refuses. Anyone may press
"Not related": the verdict is stored and the hint says who overruled it. The
button's state lives in its ``custom_id``, so it keeps working after a restart.
"""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import UTC, datetime
from typing import Any

import discord

from triagebot.bot import wording
from triagebot.bot.host import services_of
from triagebot.bot.wording import NO_PINGS
from triagebot.core.batch import Batch
from triagebot.triage.hints import HintPlan, Hints

log = logging.getLogger(__name__)


class NotRelatedButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"triagebot:notrelated:(?P<place>[0-9]+):(?P<issue>[0-9]+)",
):
    def __init__(self, place_id: int, issue_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Not related",
                style=discord.ButtonStyle.secondary,
                custom_id=f"triagebot:notrelated:{place_id}:{issue_id}",
            )
        )
        self.place_id = place_id
        self.issue_id = issue_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> NotRelatedButton:
        return cls(int(match["place"]), int(match["issue"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        services = services_of(interaction)
        if services is not None:
            await not_related(interaction, services.hints, self.place_id, self.issue_id)


async def not_related(
    interaction: discord.Interaction[Any], hints: Hints, place_id: int, issue_id: int
) -> None:
    """Remember the verdict, then turn the hint into a record of it."""
    info = await asyncio.to_thread(hints.reject, place_id, issue_id, interaction.user.id)
    await interaction.response.edit_message(
        content=wording.hint_rejected(info, interaction.user.display_name),
        view=None,
        allowed_mentions=NO_PINGS,
    )


class HintPoster:
    def __init__(self, bot: discord.Client, hints: Hints) -> None:
        self.bot = bot
        self.hints = hints
        self.posted = 0

    async def on_batch(self, batch: Batch) -> None:
        """The pipeline listener: one hint per eligible match, in message order."""
        for plan in self.hints.plans(batch, datetime.now(UTC)):
            await self._hint(plan)

    async def _hint(self, plan: HintPlan) -> None:
        info = await asyncio.to_thread(self.hints.claim, plan)
        if info is None:
            return
        message = plan.message
        channel = self.bot.get_partial_messageable(plan.place, guild_id=message.guild.id)
        view = discord.ui.View(timeout=None)
        view.add_item(NotRelatedButton(plan.place, plan.candidate.issue.key))
        reference = None
        if not plan.in_thread:  # in a busy channel, say which message the hint is about
            reference = discord.MessageReference(
                message_id=message.id, channel_id=message.channel.id, fail_if_not_exists=False
            )
        try:
            sent = await channel.send(
                wording.hint(plan.candidate, info.url),
                view=view,
                reference=reference,  # type: ignore[arg-type]
                allowed_mentions=NO_PINGS,
                mention_author=False,
            )
        except Exception as exc:
            # Unclaim whatever went wrong (Discord refused, or the bot is closing), so
            # a later match may still get its one hint.
            await asyncio.to_thread(self.hints.finish, plan, None)
            if not isinstance(exc, discord.HTTPException):
                raise
            log.warning("could not post a hint in %d: %s", plan.place, exc)
            return
        self.posted += 1
        await asyncio.to_thread(self.hints.finish, plan, sent.id)
