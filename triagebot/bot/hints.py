"""Duplicate hints in Discord: the post under a matching message, and "Not related".

A pipeline listener: ``Hints`` (the application) has decided which matches earn a
hint and claimed each place's one hint with the batch; this posts it, replying to
the message in a busy channel, and hands the claim back when Discord refuses. A
claim an earlier process left open is finished once the bot is connected. Anyone may press
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
from triagebot.bot.own_posts import own_posts
from triagebot.bot.wording import NO_PINGS
from triagebot.core.batch import Batch, OwedHint
from triagebot.triage.hints import Hints, LeftClaim

log = logging.getLogger(__name__)

HISTORY_READ = 100  # messages read after a claim: its hint followed it within seconds


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
    """Posts the hints each stored batch claimed, and, once connected, finishes the
    claims an earlier process left open."""

    def __init__(self, bot: discord.Client, hints: Hints) -> None:
        self.bot = bot
        self.hints = hints
        self.posted = 0
        # Claims older than this process are its predecessors'; newer ones are its own.
        self.started = datetime.now(UTC)
        self._settled = False

    async def on_batch(self, batch: Batch) -> None:
        """The pipeline listener: the batch's hints, in message order."""
        for owed in batch.hints:
            await self._post(owed)

    async def settle_left_claims(self) -> int:
        """Once per process: post what an earlier process claimed and never posted,
        or record the hint it did post (found in the place's history), or drop a
        claim that owes nothing any more. Returns how many claims were settled."""
        if self._settled:
            return 0
        self._settled = True
        guilds = [guild.id for guild in self.bot.guilds]
        left = await asyncio.to_thread(
            self.hints.left_claims, self.started, guilds, datetime.now(UTC)
        )
        settled = 0
        for claim in left:
            settled += await self._settle(claim)
        if left:
            log.info("settled %d of %d hints an earlier run left unfinished", settled, len(left))
        return settled

    async def _settle(self, claim: LeftClaim) -> bool:
        try:
            posted = await self._posted_since(claim)
        except discord.HTTPException as exc:  # unreadable now: the next start tries again
            log.warning("could not read %d to finish a hint: %s", claim.place, exc)
            return False
        if posted is not None or claim.hint is None:
            await asyncio.to_thread(self.hints.finish, claim.place, claim.issue_id, posted)
        else:
            await self._post(claim.hint)
        return True

    async def _posted_since(self, claim: LeftClaim) -> int | None:
        """The hint about this issue the bot posted in the place after the claim (the
        process died before recording it), if any: its button names place and issue."""
        button = NotRelatedButton(claim.place, claim.issue_id).custom_id
        channel = self.bot.get_partial_messageable(claim.place)
        posts = own_posts(self.bot, channel, limit=HISTORY_READ, after=claim.since)
        async for message_id, buttons in posts:
            if button in buttons:
                return message_id
        return None

    async def _post(self, owed: OwedHint) -> None:
        channel = self.bot.get_partial_messageable(owed.place, guild_id=owed.guild_id)
        view = discord.ui.View(timeout=None)
        view.add_item(NotRelatedButton(owed.place, owed.candidate.issue.key))
        reference = None
        if not owed.in_thread:  # in a busy channel, say which message the hint is about
            reference = discord.MessageReference(
                message_id=owed.about, channel_id=owed.place, fail_if_not_exists=False
            )
        try:
            sent = await channel.send(
                wording.hint(owed.candidate, owed.url),
                view=view,
                reference=reference,  # type: ignore[arg-type]
                allowed_mentions=NO_PINGS,
                mention_author=False,
            )
        except Exception as exc:
            # Unclaim whatever went wrong (Discord refused, or the bot is closing), so
            # a later match may still get its one hint.
            await asyncio.to_thread(self.hints.finish, owed.place, owed.candidate.issue.key, None)
            if not isinstance(exc, discord.HTTPException):
                raise
            log.warning("could not post a hint in %d: %s", owed.place, exc)
            return
        self.posted += 1
        await asyncio.to_thread(self.hints.finish, owed.place, owed.candidate.issue.key, sent.id)
