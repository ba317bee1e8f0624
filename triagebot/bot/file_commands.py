"""``/file`` in a thread and the message menu "File issue": a form to file on GitHub.

Thin handlers: the thread or message becomes a draft (``triage.filing_drafts``), the
desk (``file_issue.FilingDesk``) checks the asker, shows the form and files it. A
thread or message in a channel the bot does not watch is never filed: its name and
words are not the bot's to send anywhere.
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from triagebot.bot import file_wording as say
from triagebot.bot.file_issue import FilingDesk, answer, may_file
from triagebot.bot.wording import REFUSED
from triagebot.triage.filing_drafts import Draft
from triagebot.triage.services import Services


def _parent(channel: object) -> int | None:
    return getattr(channel, "parent_id", None)


class FilingCommands(commands.Cog):
    def __init__(self, bot: commands.AutoShardedBot, services: Services) -> None:
        self.bot = bot
        self.services = services
        self.desk = FilingDesk(services)
        # Context menus cannot be declared inside a cog; built here, added on load.
        self.menu = app_commands.ContextMenu(name="File issue", callback=self.file_message)
        self.menu.guild_only = True

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)

    @app_commands.command(name="file", description="File this thread as a GitHub issue")
    @app_commands.guild_only()
    async def file_thread(self, interaction: discord.Interaction) -> None:
        thread, drafts = interaction.channel, self.services.drafts
        if not may_file(interaction, self.services, "thread"):
            await answer(interaction, REFUSED)
            return
        if not isinstance(thread, discord.Thread):
            await answer(interaction, say.NOT_IN_THREAD)
            return
        if drafts is not None and not drafts.may_quote(thread.id, thread.parent_id):
            await answer(interaction, say.DENIED)
            return

        def make() -> Draft | None:
            if drafts is None:
                return None
            return drafts.for_thread(thread.id, thread.name, thread.guild.id)

        await self.desk.open(interaction, "thread", make)

    async def file_message(
        self, interaction: discord.Interaction, message: discord.Message
    ) -> None:
        drafts, place = self.services.drafts, message.channel.id
        # The channel the menu was used in is the message's, in full: a thread knows
        # its parent there (the resolved message's channel may be a bare id).
        where = interaction.channel if interaction.channel_id == place else message.channel
        parent = _parent(where)
        if not may_file(interaction, self.services, "message"):
            await answer(interaction, REFUSED)
            return
        if drafts is not None and not drafts.may_quote(place, parent):
            await answer(interaction, say.DENIED)
            return
        guild_id = interaction.guild_id or 0

        def make() -> Draft | None:
            if drafts is None:
                return None
            return drafts.for_message(message.id, message.content, guild_id, place, parent)

        await self.desk.open(interaction, "message", make)
