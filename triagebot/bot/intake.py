"""Gateway intake: convert each event and hand it to the pipeline. Nothing else.

Raw events are used for edits, deletes and reactions so messages that are not in
discord.py's cache (sent before a restart) are handled too. Every handler only
converts and queues: storage happens off the event loop.
"""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from triagebot.bot.catchup import CatchUp
from triagebot.bot.convert import channel_of, chat_message, guild_of
from triagebot.config import DiscordSettings
from triagebot.core.messages import ChannelSeen, ChatEvent, MessageDeleted, ReactionChanged, Source
from triagebot.triage.pipeline import Pipeline

log = logging.getLogger(__name__)


class Intake(commands.Cog):
    def __init__(
        self,
        bot: commands.AutoShardedBot,
        pipeline: Pipeline,
        catchup: CatchUp,
        settings: DiscordSettings,
    ) -> None:
        self.bot = bot
        self.pipeline = pipeline
        self.catchup = catchup
        self.settings = settings
        self.events_seen = 0

    # -- filters ----------------------------------------------------------------------

    def _wanted(self, guild_id: int | None, channel_id: int) -> bool:
        """Guild messages in allowed channels; threads follow their parent channel."""
        if guild_id is None or not self.settings.guild_allowed(guild_id):
            return False
        guild = self.bot.get_guild(guild_id)
        where = guild.get_channel_or_thread(channel_id) if guild else None
        parent = where.parent_id if isinstance(where, discord.Thread) else None
        return self.settings.channel_allowed(channel_id, parent)

    def _is_me(self, user_id: int) -> bool:
        return self.bot.user is not None and user_id == self.bot.user.id

    async def _hand_off(self, event: ChatEvent) -> None:
        self.events_seen += 1
        await self.pipeline.submit(event)

    # -- messages ---------------------------------------------------------------------

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        await self._live_message(message)

    @commands.Cog.listener()
    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        if "content" in payload.data:  # embed-only updates carry no new text
            await self._live_message(payload.message)

    async def _live_message(self, message: discord.Message) -> None:
        guild_id = message.guild.id if message.guild else None
        if self._is_me(message.author.id) or not self._wanted(guild_id, message.channel.id):
            return
        value = chat_message(
            message,
            source=Source.GATEWAY,
            contiguous=self.catchup.is_synced(message.channel.id),
            absolute_reactions=False,
        )
        if value is not None:
            await self._hand_off(value)

    @commands.Cog.listener()
    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        if self._wanted(payload.guild_id, payload.channel_id):
            await self._hand_off(
                MessageDeleted(payload.message_id, payload.channel_id, payload.guild_id)
            )

    @commands.Cog.listener()
    async def on_raw_bulk_message_delete(self, payload: discord.RawBulkMessageDeleteEvent) -> None:
        if self._wanted(payload.guild_id, payload.channel_id):
            for message_id in sorted(payload.message_ids):
                await self._hand_off(
                    MessageDeleted(message_id, payload.channel_id, payload.guild_id)
                )

    # -- reactions (counts only) ------------------------------------------------------

    @commands.Cog.listener()
    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        await self._reaction(payload, +1)

    @commands.Cog.listener()
    async def on_raw_reaction_remove(self, payload: discord.RawReactionActionEvent) -> None:
        await self._reaction(payload, -1)

    async def _reaction(self, payload: discord.RawReactionActionEvent, delta: int) -> None:
        if self._wanted(payload.guild_id, payload.channel_id):
            await self._hand_off(ReactionChanged(payload.message_id, payload.channel_id, delta))

    # -- threads ----------------------------------------------------------------------

    @commands.Cog.listener()
    async def on_thread_create(self, thread: discord.Thread) -> None:
        await self._thread_seen(thread)

    @commands.Cog.listener()
    async def on_thread_update(self, _before: discord.Thread, after: discord.Thread) -> None:
        await self._thread_seen(after)

    async def _thread_seen(self, thread: discord.Thread) -> None:
        if self._wanted(thread.guild.id, thread.id):
            guild = guild_of(thread.guild)
            await self._hand_off(ChannelSeen(guild, channel_of(thread, guild.id)))

    # -- connection lifecycle: catch up whenever continuity may have broken -------------

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        log.info(
            "connected as %s to %d server(s); catching up", self.bot.user, len(self.bot.guilds)
        )
        self.catchup.schedule()

    @commands.Cog.listener()
    async def on_shard_ready(self, shard_id: int) -> None:
        """A shard that re-identified after the first READY: discord.py dispatches
        ``on_ready`` again only once every shard of the process has, so a process
        running several shards learns of one coming back only from this."""
        if self.bot.is_ready():
            log.info("shard %d reconnected with a new session; catching up", shard_id)
            self.catchup.schedule()

    @commands.Cog.listener()
    async def on_resumed(self) -> None:
        self.catchup.schedule()

    @commands.Cog.listener()
    async def on_disconnect(self) -> None:
        self.catchup.forget_sync()
