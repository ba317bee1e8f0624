"""The moderator queue in Discord: one flag per incident, and buttons that act on all copies.

A pipeline listener posts a flag when an incident opens and edits it as more copies
arrive. The buttons keep their state in the custom id
(``triagebot:spam:<action>:<incident>``), so they work after a restart; each press
re-checks the presser's permissions in the moderator channel, has ``Moderation``
teach the verdict (before anything is deleted), acts (deletes, times out), and
records it before the flag says who did what.
"""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import UTC, datetime
from typing import Any

import discord

from triagebot.bot.host import services_of
from triagebot.bot.mod_wording import NO_PINGS, REFUSED, flag_embed, outcome_line
from triagebot.bot.own_posts import own_posts
from triagebot.core.batch import Batch
from triagebot.core.spam.incidents import IncidentView
from triagebot.triage.moderation import AUTO_DELETED, VERDICTS, Moderation

log = logging.getLogger(__name__)

FLAGS_READ = 100  # the moderator channel's latest messages, searched for unrecorded flags
BUTTON_ID = r"triagebot:spam:(?P<action>delete|timeout|notspam):(?P<incident>[0-9]+)"

LABELS: dict[str, tuple[str, discord.ButtonStyle]] = {
    "delete": ("Delete all copies", discord.ButtonStyle.danger),
    "timeout": ("Timeout author", discord.ButtonStyle.secondary),
    "notspam": ("Not spam", discord.ButtonStyle.success),
}


class SpamActionButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=BUTTON_ID,
):
    def __init__(self, action: str, incident_id: int) -> None:
        label, style = LABELS[action]
        super().__init__(
            discord.ui.Button(
                label=label, style=style, custom_id=f"triagebot:spam:{action}:{incident_id}"
            )
        )
        self.action, self.incident_id = action, incident_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> SpamActionButton:
        return cls(match["action"], int(match["incident"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        services = services_of(interaction)
        if services is not None:
            desk = ModerationDesk(interaction.client, services.moderation)
            await desk.act(interaction, self.action, self.incident_id)


def flag_view(incident_id: int, *, open_: bool = True) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    if open_:
        for action in VERDICTS:
            view.add_item(SpamActionButton(action, incident_id))
    return view


def may_act(perms: discord.Permissions, action: str) -> bool:
    """Deleting or clearing needs Manage Messages. A timeout needs Moderate Members
    as well: the button also deletes every copy, which the bot would otherwise do
    for someone Discord does not let delete other people's messages."""
    if perms.administrator:
        return True
    if action == "timeout":
        return perms.moderate_members and perms.manage_messages
    return perms.manage_messages


class ModerationDesk:
    """What the bot does in Discord for ``Moderation``: post, edit, delete, time out."""

    def __init__(self, bot: discord.Client, moderation: Moderation) -> None:
        self.bot = bot
        self.moderation = moderation
        self.posted = 0
        # One flag at a time: the batches' flags and those settled on start never
        # both post for one incident.
        self._showing = asyncio.Lock()
        self._settled = False

    async def on_batch(self, batch: Batch) -> None:
        """Post a flag for each new incident; refresh flags that gained copies, and
        flags quoting a message deleted since (the quote must go with it)."""
        for incident_id in batch.flags:
            await self._auto_delete(incident_id)
            await self.show(incident_id)
        if batch.stored.deleted:
            erased = await asyncio.to_thread(self.moderation.flags_quoting, batch.stored.deleted)
            for incident_id in erased:
                if incident_id not in batch.flags:
                    await self.show(incident_id)

    async def settle_unposted(self) -> int:
        """Once per process: flag the open incidents an earlier process stored and
        never flagged, or record the flag it posted and never recorded (found among
        the moderator channel's latest messages). Returns how many were settled."""
        if self._settled:
            return 0
        self._settled = True
        guilds = [guild.id for guild in self.bot.guilds]
        unposted = await asyncio.to_thread(self.moderation.unposted, guilds, datetime.now(UTC))
        channel_id = self.moderation.channel_id or 0
        channel = self.bot.get_channel(channel_id)
        if not unposted or not isinstance(channel, discord.abc.Messageable):
            return 0
        try:
            posted = await self._flags_posted(channel)
        except discord.HTTPException as exc:  # unreadable now: the next start tries again
            log.warning("could not read the moderator channel to finish flags: %s", exc)
            return 0
        for incident_id in unposted:
            found = posted.get(incident_id)
            if found is not None:
                remember = self.moderation.remember_flag
                await asyncio.to_thread(remember, incident_id, channel_id, found)
            else:
                await self._auto_delete(incident_id)
                await self.show(incident_id)
        log.info("settled %d spam flags an earlier run left unfinished", len(unposted))
        return len(unposted)

    async def _flags_posted(self, channel: discord.abc.Messageable) -> dict[int, int]:
        """The bot's flags among the channel's latest messages, by incident."""
        found: dict[int, int] = {}
        async for message_id, buttons in own_posts(self.bot, channel, limit=FLAGS_READ):
            for custom_id in buttons:
                named = re.fullmatch(BUTTON_ID, custom_id)
                if named is not None:
                    found.setdefault(int(named["incident"]), message_id)
        return found

    async def refresh_outdated(self) -> int:
        """Edit the flags whose copies' text was erased elsewhere; returns how many."""
        outdated = await asyncio.to_thread(self.moderation.outdated_flags)
        for incident_id in outdated:
            await self.show(incident_id)
            await asyncio.to_thread(self.moderation.flag_current, incident_id)
        if outdated:
            log.info("edited %d spam flags quoting erased text", len(outdated))
        return len(outdated)

    async def _auto_delete(self, incident_id: int) -> None:
        """Outside shadow mode, delete a sure incident's copies without waiting."""
        incident = await self._view(incident_id)
        if incident is None or not self.moderation.auto_delete_due(incident):
            return
        deleted = await self._delete_copies(incident)
        me = self.bot.user.id if self.bot.user else 0
        if incident.status == "open":
            await self._resolve(incident, AUTO_DELETED, me, f"deleted {deleted} copies")

    async def show(self, incident_id: int) -> None:
        """Post the incident's flag, or edit it when it is posted already."""
        async with self._showing:
            await self._show(incident_id)

    async def _show(self, incident_id: int) -> None:
        channel_id = self.moderation.channel_id
        if channel_id is None:
            return
        incident = await self._view(incident_id)
        channel = self.bot.get_channel(channel_id)
        if incident is None or not isinstance(channel, discord.abc.Messageable):
            return
        embed = flag_embed(incident, _guild_of(channel))
        if incident.flag_message_id is not None:
            await self._edit(channel, incident, embed)
            return
        sent = await channel.send(
            embed=embed, view=flag_view(incident.id), allowed_mentions=NO_PINGS
        )
        self.posted += 1
        remember = self.moderation.remember_flag
        await asyncio.to_thread(remember, incident.id, sent.channel.id, sent.id)

    async def act(
        self, interaction: discord.Interaction[Any], action: str, incident_id: int
    ) -> None:
        if not may_act(interaction.permissions, action):
            await interaction.response.send_message(
                REFUSED, ephemeral=True, allowed_mentions=NO_PINGS
            )
            return
        incident = await self._view(incident_id)
        if incident is None or incident.status != "open":
            await interaction.response.send_message(
                "This flag was already handled.", ephemeral=True, allowed_mentions=NO_PINGS
            )
            return
        await interaction.response.defer()
        status = VERDICTS[action]
        # Taught first: the deletions below erase the messages the examples come from.
        await asyncio.to_thread(self.moderation.teach, incident, status, interaction.user.id)
        detail = await self._carry_out(interaction, action, incident)
        await self._resolve(incident, status, interaction.user.id, detail)
        await self._close_flag(interaction, incident, status)

    async def _carry_out(
        self, interaction: discord.Interaction[Any], action: str, incident: IncidentView
    ) -> str:
        if action == "notspam":
            return "kept all copies"
        deleted = await self._delete_copies(incident)
        detail = f"deleted {deleted} of {len(incident.copies)} copies"
        if action == "timeout" and interaction.guild is not None:
            reason = f"spam incident {incident.id}"
            for author in incident.authors:
                try:
                    member = await interaction.guild.fetch_member(author)
                    await member.timeout(self.moderation.timeout, reason=reason)
                except discord.HTTPException as exc:
                    detail += f"; timeout of {author} failed ({exc.status})"
        return detail

    async def _delete_copies(self, incident: IncidentView) -> int:
        deleted = 0
        for copy in incident.copies:
            channel = self.bot.get_partial_messageable(copy.channel_id)
            try:
                await channel.get_partial_message(copy.message_id).delete()
                deleted += 1
            except discord.NotFound:
                deleted += 1  # already gone
            except discord.HTTPException as exc:
                log.warning("could not delete message %d: %s", copy.message_id, exc)
        return deleted

    async def _close_flag(
        self, interaction: discord.Interaction[Any], incident: IncidentView, status: str
    ) -> None:
        fresh = await self._view(incident.id) or incident
        embed = flag_embed(fresh, interaction.guild_id or 0)
        who = getattr(interaction.user, "display_name", str(interaction.user.id))
        embed.add_field(
            name="outcome",
            inline=False,
            value=outcome_line(status, who, len(fresh.copies), fresh.score),
        )
        await interaction.edit_original_response(
            embed=embed, view=flag_view(incident.id, open_=False), allowed_mentions=NO_PINGS
        )

    async def _edit(
        self, channel: discord.abc.Messageable, incident: IncidentView, embed: discord.Embed
    ) -> None:
        try:
            message = channel.get_partial_message(incident.flag_message_id)  # type: ignore[attr-defined]
            await message.edit(embed=embed, allowed_mentions=NO_PINGS)
        except discord.HTTPException as exc:
            log.warning("could not update flag of incident %d: %s", incident.id, exc)

    async def _view(self, incident_id: int) -> IncidentView | None:
        return await asyncio.to_thread(self.moderation.view, incident_id)

    async def _resolve(
        self, incident: IncidentView, status: str, moderator: int, detail: str
    ) -> None:
        await asyncio.to_thread(self.moderation.resolve, incident, status, moderator, detail)


def _guild_of(channel: Any) -> int:
    guild = getattr(channel, "guild", None)
    return int(guild.id) if guild is not None else 0
